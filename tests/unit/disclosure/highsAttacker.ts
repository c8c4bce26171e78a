// An attacker of a release of records and distinct-persons tables of the same finest cells,
// written for the tests from the definition alone (it imports nothing of
// src-main/disclosure) and solved by HiGHS, so it reaches 480 x 13 where the GLPK attacker
// cannot. Unknowns: per finest cell its records r and persons p, and per persons number over
// several cells its value P. What holds for any data: a printed records number is the sum of its
// r; p <= r; a cell with records has a person (r >= 1 implies p >= 1, by a 0/1 variable); a
// persons number over several cells is at least each p under it and each persons number inside
// it, and at most the sum of the p under it and of any persons numbers that split it by one
// field. Counts are whole, so each bound is rounded inwards.
import highsLoader, { type Highs, type Model } from 'highs';

/** Per field, the categories a number covers (a field left out: all of them). */
export type Cover = Readonly<Record<string, readonly string[]>>;
export type Measure = 'records' | 'persons';

export interface Count {
  measure: Measure;
  cover: Cover;
  /** Null when the number was not printed (hidden). */
  printed: number | null;
}

export interface Interval {
  lower: number;
  upper: number;
}

/** No count of the test data comes near this: a cell's records are at most BIG when it has a person. */
const BIG = 100_000;
const EPSILON = 1e-6;
const OPTIMAL = 7;
const UNBOUNDED = new Set([9, 10]);

let solver: Promise<Highs> | null = null;

type Row = { terms: [number, number][]; lower: number; upper: number };

export class HighsAttacker {
  private readonly fields: string[];
  private readonly cells: Record<string, string>[];
  private readonly domains: Readonly<Record<string, readonly string[]>>;
  private readonly columns: { lower: number; upper: number; integer: boolean }[] = [];
  private readonly rows: Row[] = [];
  private readonly records: number[] = [];
  private readonly persons: number[] = [];
  /** A persons number over several cells: its column and its cover, by cover. */
  private readonly aggregates = new Map<string, number>();
  private readonly aggregateCovers = new Map<string, Cover>();
  private model: Model | null = null;

  constructor(domains: Readonly<Record<string, readonly string[]>>, numbers: readonly Count[]) {
    this.domains = domains;
    this.fields = Object.keys(domains).sort();
    let cells: Record<string, string>[] = [{}];
    for (const field of this.fields) {
      cells = cells.flatMap((cell) => domains[field]!.map((c) => ({ ...cell, [field]: c })));
    }
    this.cells = cells;
    const both = new Set(numbers.map((n) => n.measure)).size === 2;
    for (const _ of cells) {
      this.records.push(this.column(0, Infinity));
      if (both) this.persons.push(this.column(0, Infinity));
    }
    for (const n of numbers) this.note(n);
    if (both) this.linkMeasures();
    this.linkPersonsNumbers();
  }

  private column(lower: number, upper: number, integer = false): number {
    this.columns.push({ lower, upper, integer });
    return this.columns.length - 1;
  }

  /** The finest cells a cover holds: the cells are the fields' categories multiplied out, the last field fastest. */
  private under(cover: Cover): number[] {
    let cells = [0];
    for (const field of this.fields) {
      const domain = this.domains[field]!;
      const allowed = cover[field]
        ? domain.flatMap((c, i) => (cover[field]!.includes(c) ? [i] : []))
        : domain.map((_, i) => i);
      cells = cells.flatMap((base) => allowed.map((i) => base * domain.length + i));
    }
    return cells;
  }

  private id(cover: Cover): string {
    return JSON.stringify(this.fields.map((f) => [f, [...(cover[f] ?? this.domains[f]!)].sort()]));
  }

  /** The column of a persons number over several cells, made the first time it is met. */
  private aggregate(cover: Cover): number {
    const id = this.id(cover);
    let column = this.aggregates.get(id);
    if (column === undefined) {
      column = this.column(0, Infinity);
      this.aggregates.set(id, column);
      this.aggregateCovers.set(id, cover);
    }
    return column;
  }

  /** A printed number fixes its column or its sum; a hidden one is only made known as a column. */
  private note(n: Count): void {
    const cells = this.under(n.cover);
    if (n.measure === 'records') {
      if (n.printed === null) return;
      if (cells.length === 1) this.fix(this.records[cells[0]!]!, n.printed);
      else this.rows.push({ terms: cells.map((i) => [this.records[i]!, 1]), lower: n.printed, upper: n.printed });
      return;
    }
    const column = cells.length === 1 ? this.persons[cells[0]!]! : this.aggregate(n.cover);
    if (n.printed !== null) this.fix(column, n.printed);
  }

  private fix(column: number, value: number): void {
    const c = this.columns[column]!;
    c.lower = Math.max(c.lower, value);
    c.upper = Math.min(c.upper, value);
  }

  /** p <= r, and a cell with records has a person. */
  private linkMeasures(): void {
    this.cells.forEach((_, i) => {
      const r = this.records[i]!;
      const p = this.persons[i]!;
      this.rows.push({
        terms: [
          [r, 1],
          [p, -1],
        ],
        lower: 0,
        upper: Infinity,
      });
      const known = this.columns[r]!;
      if (known.lower === known.upper) {
        if (known.lower >= 1) this.columns[p]!.lower = Math.max(this.columns[p]!.lower, 1);
        return;
      }
      const z = this.column(0, 1, true);
      this.rows.push({
        terms: [
          [r, 1],
          [z, -BIG],
        ],
        lower: -Infinity,
        upper: 0,
      });
      this.rows.push({
        terms: [
          [p, 1],
          [z, -1],
        ],
        lower: 0,
        upper: Infinity,
      });
    });
  }

  /** Each persons number over several cells against the cells and the persons numbers inside it. */
  private linkPersonsNumbers(): void {
    const aggregates = [...this.aggregateCovers].map(([id, cover]) => ({
      column: this.aggregates.get(id)!,
      cover,
      cells: new Set(this.under(cover)),
    }));
    for (const a of aggregates) {
      for (const i of a.cells)
        this.rows.push({
          terms: [
            [a.column, 1],
            [this.persons[i]!, -1],
          ],
          lower: 0,
          upper: Infinity,
        });
      this.rows.push({
        terms: [[a.column, 1], ...[...a.cells].map((i): [number, number] => [this.persons[i]!, -1])],
        lower: -Infinity,
        upper: 0,
      });
      for (const b of aggregates) {
        if (b !== a && b.cells.size < a.cells.size && [...b.cells].every((i) => a.cells.has(i)))
          this.rows.push({
            terms: [
              [a.column, 1],
              [b.column, -1],
            ],
            lower: 0,
            upper: Infinity,
          });
      }
      // Split by one field into its categories: each part a persons number (a cell or an aggregate).
      for (const field of this.fields) {
        const categories = a.cover[field] ?? this.domains[field]!;
        if (categories.length < 2) continue;
        const parts = categories.map((c) => {
          const cover = { ...a.cover, [field]: [c] };
          const cells = this.under(cover);
          return cells.length === 1 ? this.persons[cells[0]!] : this.aggregates.get(this.id(cover));
        });
        if (parts.some((p) => p === undefined)) continue;
        this.rows.push({
          terms: [[a.column, 1], ...parts.map((p): [number, number] => [p!, -1])],
          lower: -Infinity,
          upper: 0,
        });
      }
    }
  }

  /** The objective of a number: its cells' records, or its persons column. */
  private objectiveOf(target: Count): Map<number, number> {
    const cells = this.under(target.cover);
    if (target.measure === 'records') return new Map(cells.map((i) => [this.records[i]!, 1]));
    if (cells.length === 1) return new Map([[this.persons[cells[0]!]!, 1]]);
    const column = this.aggregates.get(this.id(target.cover));
    if (column === undefined) throw new Error(`The attacker was not told of ${JSON.stringify(target.cover)}.`);
    return new Map([[column, 1]]);
  }

  /** The program, built once; each range changes only its objective. */
  private async program(): Promise<{ highs: Highs; model: Model }> {
    const highs = await (solver ??= highsLoader());
    if (this.model !== null) return { highs, model: this.model };
    const numCols = this.columns.length;
    const starts = [0];
    const indices: number[] = [];
    const values: number[] = [];
    for (const row of this.rows) {
      for (const [column, coef] of [...row.terms].sort((a, b) => a[0] - b[0])) {
        indices.push(column);
        values.push(coef);
      }
      starts.push(indices.length);
    }
    const clip = (x: number) => (x === Infinity ? highs.infinity : x === -Infinity ? -highs.infinity : x);
    this.model = highs.createModel({
      numCols,
      numRows: this.rows.length,
      colCost: new Float64Array(numCols),
      colLower: Float64Array.from(this.columns, (c) => clip(c.lower)),
      colUpper: Float64Array.from(this.columns, (c) => clip(c.upper)),
      rowLower: Float64Array.from(this.rows, (r) => clip(r.lower)),
      rowUpper: Float64Array.from(this.rows, (r) => clip(r.upper)),
      matrix: { format: 'csr', numRows: this.rows.length, numCols, starts, indices, values },
      integrality: Int32Array.from(this.columns, (c) => (c.integer ? 1 : 0)),
    });
    // Without whole-number columns each objective starts from the last basis (presolve would drop it).
    const mixed = this.columns.some((c) => c.integer);
    this.model.options.set({
      output_flag: false,
      mip_rel_gap: 0,
      presolve: mixed ? 'on' : 'off',
      ...(mixed ? {} : { simplex_strategy: 4 }),
    });
    return { highs, model: this.model };
  }

  /** The range of `target` given every printed number of the release. */
  async range(target: Count): Promise<Interval> {
    const { highs, model } = await this.program();
    const cost = new Float64Array(this.columns.length);
    for (const [column, coef] of this.objectiveOf(target)) cost[column] = coef;
    model.changeColsCost({ kind: 'range', from: 0, to: cost.length - 1 }, cost);
    const bound = (sense: 'min' | 'max'): number => {
      const { minimize, maximize } = highs.constants.objectiveSense;
      model.changeObjectiveSense(sense === 'min' ? minimize : maximize);
      model.run();
      const status = model.getModelStatus();
      if (UNBOUNDED.has(status)) return sense === 'max' ? Infinity : 0;
      if (status !== OPTIMAL) throw new Error(`The attacker's program ended with HiGHS status ${status}.`);
      return model.getObjectiveValue();
    };
    const upper = bound('max');
    return {
      lower: Math.max(0, Math.ceil(bound('min') - EPSILON)),
      upper: upper === Infinity ? Infinity : Math.floor(upper + EPSILON),
    };
  }

  dispose(): void {
    this.model?.dispose();
    this.model = null;
  }
}
