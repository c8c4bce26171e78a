// A small typed front to GLPK (glpk.js, WebAssembly) for the disclosure checks: one solver
// instance per process, loaded on first use. Presolve is off because with it on GLPK reports an
// unbounded or infeasible problem as "undefined" instead of saying which.
import GLPK from 'glpk.js/node';

type Glpk = Awaited<ReturnType<typeof GLPK>>;

let solver: Promise<Glpk> | null = null;

export function loadSolver(): Promise<Glpk> {
  solver ??= GLPK();
  return solver;
}

/** A linear expression: variable name -> coefficient. */
export type Terms = Map<string, number>;

export interface Row {
  terms: Terms;
  /** Inclusive bounds on the expression; undefined means none on that side. */
  lower?: number;
  upper?: number;
}

export interface Program {
  direction: 'min' | 'max';
  objective: Terms;
  rows: Row[];
  /** Variables are >= 0 unless given bounds here. */
  bounds?: Map<string, { lower: number; upper?: number }>;
}

export type Solution =
  | { status: 'optimal'; value: number; vars: Record<string, number> }
  | { status: 'unbounded' }
  | { status: 'infeasible' };

export function addTerm(terms: Terms, name: string, coef: number): void {
  const next = (terms.get(name) ?? 0) + coef;
  if (next === 0) terms.delete(name);
  else terms.set(name, next);
}

export async function solve(program: Program): Promise<Solution> {
  const glpk = await loadSolver();
  const toVars = (terms: Terms) => [...terms].map(([name, coef]) => ({ name, coef }));
  const subjectTo = program.rows.map((row, i) => {
    const { lower, upper } = row;
    let type = glpk.GLP_FR;
    if (lower !== undefined && upper !== undefined) type = lower === upper ? glpk.GLP_FX : glpk.GLP_DB;
    else if (lower !== undefined) type = glpk.GLP_LO;
    else if (upper !== undefined) type = glpk.GLP_UP;
    return { name: `r${i}`, vars: toVars(row.terms), bnds: { type, lb: lower ?? 0, ub: upper ?? 0 } };
  });
  const bounds = [...(program.bounds ?? [])].map(([name, b]) => ({
    name,
    type: b.upper === undefined ? glpk.GLP_LO : b.upper === b.lower ? glpk.GLP_FX : glpk.GLP_DB,
    lb: b.lower,
    ub: b.upper ?? 0,
  }));
  const objectiveVars = toVars(program.objective);
  // GLPK needs at least one column; an empty objective still names a variable.
  const firstVar = subjectTo[0]?.vars[0]?.name ?? 'unused';
  const result = glpk.solve(
    {
      name: 'disclosure',
      objective: {
        direction: program.direction === 'min' ? glpk.GLP_MIN : glpk.GLP_MAX,
        name: 'objective',
        vars: objectiveVars.length > 0 ? objectiveVars : [{ name: firstVar, coef: 0 }],
      },
      subjectTo,
      bounds,
    },
    { msglev: glpk.GLP_MSG_OFF, presol: false },
  );
  const { status, z, vars } = result.result;
  if (status === glpk.GLP_OPT) return { status: 'optimal', value: z, vars };
  if (status === glpk.GLP_UNBND) return { status: 'unbounded' };
  if (status === glpk.GLP_NOFEAS || status === glpk.GLP_INFEAS) return { status: 'infeasible' };
  throw new Error(`The LP solver stopped without an answer (GLPK status ${status}).`);
}
