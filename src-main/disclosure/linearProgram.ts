// A small typed front to HiGHS (WebAssembly) for the disclosure checks: one runtime per thread,
// loaded on first use. `openProgram` keeps one native model for a fixed set of rows so that a
// run of objectives over the same constraints (the audit's min and max per hidden cell) starts
// each solve from the last basis instead of from scratch. Presolve is off so that an unbounded
// or infeasible problem is reported as such, not as "unbounded or infeasible".
import highsLoader, { type Highs, type Model } from 'highs';

let runtime: Promise<Highs> | null = null;

export function loadSolver(): Promise<Highs> {
  runtime ??= highsLoader();
  return runtime;
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

const STATUS = { optimal: 7, infeasible: 8, unboundedOrInfeasible: 9, unbounded: 10, unknown: 15 } as const;

/** Fixed rows over named variables, optimised for one objective after another. */
export interface OpenProgram {
  optimize(direction: 'min' | 'max', objective: Terms): Solution;
  dispose(): void;
}

export async function openProgram(
  rows: readonly Row[],
  bounds: ReadonlyMap<string, { lower: number; upper?: number }> = new Map(),
): Promise<OpenProgram> {
  const highs = await loadSolver();
  const columns = new Map<string, number>();
  const column = (name: string): number => {
    let index = columns.get(name);
    if (index === undefined) {
      index = columns.size;
      columns.set(name, index);
    }
    return index;
  };
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const row of rows) {
    // A row's columns must increase and not repeat.
    const entries = [...row.terms].map(([name, coef]) => [column(name), coef] as const).sort((a, b) => a[0] - b[0]);
    for (const [index, coef] of entries) {
      indices.push(index);
      values.push(coef);
    }
    starts.push(indices.length);
  }
  for (const name of bounds.keys()) column(name);
  const numCols = columns.size;
  const colLower = new Float64Array(numCols);
  const colUpper = new Float64Array(numCols).fill(highs.infinity);
  for (const [name, b] of bounds) {
    colLower[columns.get(name)!] = b.lower;
    colUpper[columns.get(name)!] = b.upper ?? highs.infinity;
  }
  let model: Model | null = null;
  if (numCols > 0) {
    model = highs.createModel({
      numCols,
      numRows: rows.length,
      colCost: new Float64Array(numCols),
      colLower,
      colUpper,
      rowLower: rows.map((r) => r.lower ?? -highs.infinity),
      rowUpper: rows.map((r) => r.upper ?? highs.infinity),
      matrix: { format: 'csr', numRows: rows.length, numCols, starts, indices, values },
    });
    model.options.set({ output_flag: false, presolve: 'off' });
  }
  const names = [...columns.keys()];
  return {
    optimize(direction, objective) {
      // A variable in no row and no bound is a free count >= 0: it pins the optimum at 0 or lets it run away.
      for (const [name, coef] of objective) {
        if (columns.has(name)) continue;
        if ((direction === 'max' && coef > 0) || (direction === 'min' && coef < 0)) return { status: 'unbounded' };
      }
      if (model === null) return { status: 'optimal', value: 0, vars: {} };
      const cost = new Float64Array(numCols);
      for (const [name, coef] of objective) {
        const index = columns.get(name);
        if (index !== undefined) cost[index] = coef;
      }
      model.changeColsCost({ kind: 'range', from: 0, to: numCols - 1 }, cost);
      model.changeObjectiveSense(
        direction === 'min' ? highs.constants.objectiveSense.minimize : highs.constants.objectiveSense.maximize,
      );
      model.run();
      let status = model.getModelStatus();
      if (status === STATUS.unknown) {
        // Warm-started from an earlier objective's basis, HiGHS may stop undecided on an
        // unbounded one (linked records and persons); from scratch it decides.
        model.clearSolver();
        model.run();
        status = model.getModelStatus();
      }
      if (status === STATUS.optimal) {
        const colValue = model.getSolution().colValue;
        const vars: Record<string, number> = {};
        names.forEach((name, i) => (vars[name] = colValue[i]!));
        return { status: 'optimal', value: model.getObjectiveValue(), vars };
      }
      if (status === STATUS.unbounded) return { status: 'unbounded' };
      if (status === STATUS.infeasible) return { status: 'infeasible' };
      if (status === STATUS.unboundedOrInfeasible) {
        // Told apart by the same rows with no objective: feasible means the objective ran away.
        model.changeColsCost({ kind: 'range', from: 0, to: numCols - 1 }, new Float64Array(numCols));
        model.run();
        return model.getModelStatus() === STATUS.infeasible ? { status: 'infeasible' } : { status: 'unbounded' };
      }
      throw new Error(`The LP solver stopped without an answer (HiGHS model status ${status}).`);
    },
    dispose() {
      model?.dispose();
      model = null;
    },
  };
}

export async function solve(program: Program): Promise<Solution> {
  const open = await openProgram(program.rows, program.bounds);
  try {
    return open.optimize(program.direction, program.objective);
  } finally {
    open.dispose();
  }
}
