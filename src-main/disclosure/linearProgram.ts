// A small typed front to HiGHS (WebAssembly) for the disclosure checks: one runtime per thread,
// loaded on first use. `openProgram` keeps one native model for a fixed set of rows so that a
// run of objectives over the same constraints (the audit's min and max per hidden cell) starts
// each solve from the last basis instead of from scratch. Presolve is off so that an unbounded
// or infeasible problem is reported as such, not as "unbounded or infeasible".
import highsLoader, { type Highs, type Model } from 'highs';
import { sparseRows } from './sparseRows.ts';

let runtime: Promise<Highs> | null = null;
let modelsCreated = 0;
let programsOpened = 0;
let coldDualSolves = 0;

/** How many HiGHS models this thread has created: whether an LP was needed, for those who count. */
export function createdModels(): number {
  return modelsCreated;
}

/** How many first solves this thread ran by presolve and the dual simplex (ProgramOptions.coldByDual). */
export function coldDualRuns(): number {
  return coldDualSolves;
}

/** How many programs this thread has opened (their rows read into columns), solved or not. */
export function openedPrograms(): number {
  return programsOpened;
}

type ModelWatcher = (columns: number) => void;
const watchers = new Set<ModelWatcher>();

/** Calls `watcher` with each HiGHS model's column count as it is created, until the returned stop. */
export function watchModels(watcher: ModelWatcher): () => void {
  watchers.add(watcher);
  return () => watchers.delete(watcher);
}

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
  | {
      status: 'optimal';
      value: number;
      /** By name (built when first read). */
      vars: Record<string, number>;
      /** By column, in the order of OpenProgram.columnOf. */
      columns: Float64Array;
      /**
       * HiGHS's duals, for a program opened with `duals`: per row (y) and per column, the reduced
       * cost c - A'y (for a minimum, >= 0 at a lower bound). A certificate that the optimum holds
       * in a larger program whose extra columns price out.
       */
      duals?: { rows: Float64Array; columns: Float64Array };
    }
  | { status: 'unbounded' }
  | { status: 'infeasible' };

/** A maximum's value: Infinity where the objective runs away, -Infinity where the rows allow no point. */
export function maximumOf(solution: Solution): number {
  if (solution.status === 'optimal') return solution.value;
  return solution.status === 'unbounded' ? Infinity : -Infinity;
}

export function addTerm(terms: Terms, name: string, coef: number): void {
  const next = (terms.get(name) ?? 0) + coef;
  if (next === 0) terms.delete(name);
  else terms.set(name, next);
}

const STATUS = { optimal: 7, infeasible: 8, unboundedOrInfeasible: 9, unbounded: 10 } as const;
const DUAL_SIMPLEX = 1;
const PRIMAL_SIMPLEX = 4;
const KNOWN_STATUSES: ReadonlySet<number> = new Set(Object.values(STATUS));

/** Fixed rows over named variables, optimised for one objective after another. */
export interface OpenProgram {
  optimize(direction: 'min' | 'max', objective: Terms): Solution;
  /** A variable's column in `columns` of a solution; undefined when it is in no row and no bound. */
  columnOf(name: string): number | undefined;
  /** Changes a variable's bounds in place (the basis is kept); the variable must be in the program. */
  setBounds(name: string, lower: number, upper: number): void;
  /** Changes a row's bounds in place (the basis is kept); undefined means none on that side. */
  setRowBounds(row: number, lower: number | undefined, upper: number | undefined): void;
  /** How many simplex iterations the last solve took. */
  lastIterations(): number;
  dispose(): void;
}

export interface ProgramOptions {
  /**
   * Primal simplex: for a run of objectives over rows that stay put and bounds that only widen,
   * where each last basis stays feasible (several times faster there than HiGHS's dual simplex).
   */
  primal?: boolean;
  /**
   * A feasible point, by variable name (a variable left out is 0): the program starts from a
   * basis crossed over from it instead of from the slacks, sparing the first solve its search
   * for a feasible basis (for an audit, the true table is one).
   */
  start?: ReadonlyMap<string, number>;
  /**
   * The first solve, from no basis, by HiGHS's presolve and dual simplex; the later ones as
   * `primal` says, from the basis it left. From the slacks the primal simplex first searches
   * for a feasible basis: on the joint audit of 5,000 x 13 (97,108 columns, 302,074 rows) it
   * took 40,009 iterations where presolve and the dual took 7,128, a tenth of the time. The
   * program and its optimum are the same; only the path to it differs.
   */
  coldByDual?: boolean;
  /** Each optimum carries HiGHS's row and column duals (Solution.duals). */
  duals?: boolean;
}

export async function openProgram(
  rows: readonly Row[],
  bounds: ReadonlyMap<string, { lower: number; upper?: number }> = new Map(),
  options: ProgramOptions = {},
): Promise<OpenProgram> {
  return openProgramWith(await loadSolver(), rows, bounds, options);
}

/** openProgram with the runtime loaded already (loadSolver): a caller may open it later, when first asked. */
export function openProgramWith(
  highs: Highs,
  rows: readonly Row[],
  bounds: ReadonlyMap<string, { lower: number; upper?: number }> = new Map(),
  options: ProgramOptions = {},
): OpenProgram {
  programsOpened += 1;
  const columns = new Map<string, number>();
  const column = (name: string): number => {
    let index = columns.get(name);
    if (index === undefined) {
      index = columns.size;
      columns.set(name, index);
    }
    return index;
  };
  // A row's columns must increase and not repeat.
  const { starts, indices, values } = sparseRows(rows, column);
  for (const name of bounds.keys()) column(name);
  const numCols = columns.size;
  const colLower = new Float64Array(numCols);
  const colUpper = new Float64Array(numCols).fill(highs.infinity);
  const rowLower = Float64Array.from(rows, (r) => r.lower ?? -highs.infinity);
  const rowUpper = Float64Array.from(rows, (r) => r.upper ?? highs.infinity);
  for (const [name, b] of bounds) {
    colLower[columns.get(name)!] = b.lower;
    colUpper[columns.get(name)!] = b.upper ?? highs.infinity;
  }
  // The HiGHS model is made at the first solve: a program whose every answer is proven without an
  // LP (a remembered table, a flow) never pays for it. Bounds changed before then are its start.
  let model: Model | null = null;
  let disposed = false;
  // Whether the model has a basis to start from: an earlier solve's, or one crossed over from `start`.
  let warm = options.start !== undefined;
  const solver = (): Model | null => {
    if (model !== null || disposed || numCols === 0) return model;
    modelsCreated += 1;
    for (const watcher of watchers) watcher(numCols);
    model = highs.createModel({
      numCols,
      numRows: rows.length,
      colCost: new Float64Array(numCols),
      colLower,
      colUpper,
      rowLower,
      rowUpper,
      matrix: { format: 'csr', numRows: rows.length, numCols, starts, indices, values },
    });
    model.options.set({ output_flag: false, presolve: 'off' });
    if (options.primal) model.options.set({ simplex_strategy: PRIMAL_SIMPLEX });
    if (options.start) crossOverFrom(model, options.start, columns, numCols);
    return model;
  };
  const names = [...columns.keys()];
  // Whether the rows and bounds as they stand allow a point: known once a solve found an optimum
  // or a run-away objective, forgotten when a bound narrows.
  let feasible = false;
  /** The solve of the model as it stands: a first one from no basis as `coldByDual` says. */
  const run = (model: Model): number => {
    if (options.coldByDual && !warm) {
      coldDualSolves += 1;
      model.options.set({ presolve: 'on', simplex_strategy: DUAL_SIMPLEX });
      try {
        model.run();
      } finally {
        // Later solves start from the basis this one left (presolve would only be undone again).
        model.options.set({ presolve: 'off' });
        if (options.primal) model.options.set({ simplex_strategy: PRIMAL_SIMPLEX });
      }
    } else model.run();
    warm = true;
    const status = model.getModelStatus();
    if (KNOWN_STATUSES.has(status)) return status;
    // A warm start after bounds changed can leave the simplex without an answer: start afresh.
    model.clearSolver();
    model.run();
    return model.getModelStatus();
  };
  /** Whether the rows and bounds allow any point, the objective set aside. */
  const allowsAPoint = (): boolean => {
    if (feasible) return true;
    const model = solver();
    if (model === null) return rows.every((r) => (r.lower ?? -Infinity) <= 0 && 0 <= (r.upper ?? Infinity));
    model.changeColsCost({ kind: 'range', from: 0, to: numCols - 1 }, new Float64Array(numCols));
    const status = run(model);
    if (status === STATUS.optimal) return (feasible = true);
    if (status === STATUS.infeasible) return false;
    throw new Error(`The LP solver stopped without an answer (HiGHS model status ${status}).`);
  };
  /** A bound moved from (lower, upper) to (low, high): narrowed, a point it allowed may be gone. */
  const moved = (lower: number, upper: number, low: number, high: number): void => {
    if (low > lower || high < upper) feasible = false;
  };
  return {
    optimize(direction, objective) {
      // A variable in no row and no bound is a free count >= 0: it pins the optimum at 0 or lets
      // it run away, where the rows allow any point at all (else there is no optimum to run).
      for (const [name, coef] of objective) {
        if (columns.has(name)) continue;
        if ((direction === 'max' && coef > 0) || (direction === 'min' && coef < 0))
          return allowsAPoint() ? { status: 'unbounded' } : { status: 'infeasible' };
      }
      const model = solver();
      if (model === null) {
        if (!allowsAPoint()) return { status: 'infeasible' };
        return { status: 'optimal', value: 0, vars: {}, columns: new Float64Array(0) };
      }
      const cost = new Float64Array(numCols);
      for (const [name, coef] of objective) {
        const index = columns.get(name);
        if (index !== undefined) cost[index] = coef;
      }
      model.changeColsCost({ kind: 'range', from: 0, to: numCols - 1 }, cost);
      model.changeObjectiveSense(
        direction === 'min' ? highs.constants.objectiveSense.minimize : highs.constants.objectiveSense.maximize,
      );
      const status = run(model);
      if (status === STATUS.optimal || status === STATUS.unbounded) feasible = true;
      if (status === STATUS.optimal) {
        const solution = model.getSolution();
        const columns = Float64Array.from(solution.colValue);
        let vars: Record<string, number> | null = null;
        const optimum: Solution & { status: 'optimal' } = {
          status: 'optimal',
          value: model.getObjectiveValue(),
          columns,
          get vars() {
            vars ??= Object.fromEntries(names.map((name, i) => [name, columns[i]!]));
            return vars;
          },
        };
        if (options.duals) optimum.duals = { rows: solution.rowDual, columns: solution.colDual };
        return optimum;
      }
      if (status === STATUS.unbounded) return { status: 'unbounded' };
      if (status === STATUS.infeasible) return { status: 'infeasible' };
      // Told apart by the same rows with no objective: a point means the objective ran away.
      // Anything else is no answer (allowsAPoint throws), and reading it as unbounded would
      // free a count unproven.
      if (status === STATUS.unboundedOrInfeasible)
        return allowsAPoint() ? { status: 'unbounded' } : { status: 'infeasible' };
      throw new Error(`The LP solver stopped without an answer (HiGHS model status ${status}).`);
    },
    columnOf(name) {
      return columns.get(name);
    },
    setBounds(name, lower, upper) {
      const index = columns.get(name);
      if (index === undefined || numCols === 0) throw new Error(`The LP has no variable ${name}.`);
      const high = upper === Infinity ? highs.infinity : upper;
      moved(colLower[index]!, colUpper[index]!, lower, high);
      colLower[index] = lower;
      colUpper[index] = high;
      model?.changeColBounds(index, lower, high);
    },
    setRowBounds(row, lower, upper) {
      if (row < 0 || row >= rows.length) throw new Error(`The LP has no row ${row}.`);
      const low = lower === undefined || lower === -Infinity ? -highs.infinity : lower;
      const high = upper === undefined || upper === Infinity ? highs.infinity : upper;
      moved(rowLower[row]!, rowUpper[row]!, low, high);
      rowLower[row] = low;
      rowUpper[row] = high;
      model?.changeRowBounds(row, rowLower[row]!, rowUpper[row]!);
    },
    lastIterations() {
      return model === null ? 0 : Number(model.info.get('simplex_iteration_count'));
    },
    dispose() {
      model?.dispose();
      model = null;
      disposed = true;
    },
  };
}

/** Starts `model` from a basis crossed over from a feasible point, by variable name. */
function crossOverFrom(
  model: Model,
  start: ReadonlyMap<string, number>,
  columns: ReadonlyMap<string, number>,
  numCols: number,
): void {
  const colValue = new Float64Array(numCols);
  for (const [name, value] of start) {
    const index = columns.get(name);
    if (index !== undefined) colValue[index] = value;
  }
  try {
    model.crossover({ colValue });
  } catch {
    // Only a start: without it the first solve begins from the slacks, as it always did.
    model.clearSolver();
  }
}

export async function solve(program: Program): Promise<Solution> {
  const open = await openProgram(program.rows, program.bounds);
  try {
    return open.optimize(program.direction, program.objective);
  } finally {
    open.dispose();
  }
}
