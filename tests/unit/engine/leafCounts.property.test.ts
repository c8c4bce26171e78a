// The finest cells of a release counted in one pass of two real query workers (engine.leafCounts)
// against the path it replaced, the independent oracle here: one engine query per combination
// of the sets of the fields not shown as rows (up to three fields as rows, read by key), as
// the release session counted them. Random cells (one category or a set of categories per
// field, sets that overlap across cells, fields left open), records and persons, with and
// without a date range; and a hand-checked case counted with Sets from the rows.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src-main/engine/engine.ts';
import { packSnapshot } from '../../../src-main/engine/packSnapshot.ts';
import type { Filter, QuerySpec } from '../../../shared/query.ts';
import { seededRandom as random } from '../../helpers/seeded.ts';

const FIELDS: Record<string, string[]> = {
  sex: ['Female', 'Male', 'Unknown'],
  area: Array.from({ length: 12 }, (_x, k) => `Area ${k + 1}`),
  need: ['No', 'Yes'],
  band: ['18-24', '25-34', '35-49', '50+'],
};
const NAMES = Object.keys(FIELDS);
const DAY0 = 19_000;

interface Row {
  person: number;
  codes: number[];
  day: number;
}

/** Persons with several records each, in person order; one record in forty has no person. */
function generated(count: number, seed: number): Row[] {
  const next = random(seed);
  const rows: Row[] = [];
  let person = 0;
  for (let i = 0; i < count; i++) {
    if (next() < 0.4) person++;
    rows.push({
      person: next() < 0.025 ? -1 : person,
      codes: NAMES.map((f) => Math.floor(next() * next() * FIELDS[f]!.length)),
      day: DAY0 + Math.floor(next() * 730),
    });
  }
  return rows.sort((a, b) => a.person - b.person);
}

const rows = generated(20_000, 7);
let engine: Engine;

beforeAll(async () => {
  engine = createEngine({ workers: 2 });
  await engine.loadSnapshots([
    packSnapshot({
      cohort: 'offenders',
      rowCount: rows.length,
      personIds: Int32Array.from(rows, (r) => r.person),
      dimensions: NAMES.map((name, k) => ({
        name,
        kind: 'category' as const,
        open: false,
        labels: FIELDS[name]!,
        codes: Uint8Array.from(rows, (r) => r.codes[k]!),
      })),
      dates: [{ name: 'date', days: Int32Array.from(rows, (r) => r.day) }],
      numbers: [],
      warnings: [],
    }),
  ]);
}, 60_000);
afterAll(async () => engine?.dispose());

type Cell = Record<string, string[]>;
type Measure = 'records' | 'persons';

/** The release session's old way: fields every cell pins to one category as rows, one query per combination of the rest. */
async function byQueries(cells: readonly Cell[], measure: Measure, ranges: Filter[]): Promise<number[]> {
  const fields = [...new Set(cells.flatMap((c) => Object.keys(c)))];
  const axes = fields.filter((f) => cells.every((c) => c[f]?.length === 1)).slice(0, 3);
  const looped = fields.filter((f) => !axes.includes(f));
  const values: number[] = [];
  for (const cell of cells) {
    const spec: QuerySpec = {
      cohort: 'offenders',
      measure,
      filters: [...ranges, ...looped.map((f): Filter => ({ kind: 'in', field: f, in: cell[f] ?? FIELDS[f]! }))],
      rows: axes,
      cols: [],
      percent: 'none',
      stats: false,
      disclosure: null,
    };
    const result = await engine.query(spec);
    const at = result.rows.keys.findIndex((key) => axes.every((f, i) => key[i] === cell[f]![0]));
    values.push(at < 0 ? 0 : (result.counts[at]?.[0] as number));
  }
  return values;
}

const subsetOf = (labels: string[]) => fc.subarray(labels, { minLength: 1 });

/** A cell: per field one category, a set of categories, or (left open) none. */
const cellArb = fc
  .record(
    Object.fromEntries(
      NAMES.map((f) => [
        f,
        fc.oneof(
          fc.constantFrom(...FIELDS[f]!).map((c) => [c]),
          subsetOf(FIELDS[f]!),
          fc.constant(undefined),
        ),
      ]),
    ) as Record<string, fc.Arbitrary<string[] | undefined>>,
  )
  .map((cell) => Object.fromEntries(Object.entries(cell).filter(([, set]) => set !== undefined)) as Cell);

describe('engine.leafCounts', () => {
  it('counts every cell as one query per combination of sets does', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(cellArb, { minLength: 1, maxLength: 12 }),
        fc.constantFrom<Measure>('records', 'persons'),
        fc.boolean(),
        async (cells, measure, dated) => {
          const ranges: Filter[] = dated
            ? [{ kind: 'dateRange', field: 'date', from: '2022-01-01', to: '2022-09-30' }]
            : [];
          const counted = await engine.leafCounts({ cohort: 'offenders', measure, filters: ranges, cells });
          expect(counted).toEqual(await byQueries(cells, measure, ranges));
        },
      ),
      { numRuns: 40, seed: 24 },
    );
  }, 300_000);

  it('counts the finest cells of a table and a filter (a partition) as counted from the rows', async () => {
    // Every area by the needs, for the women and for everyone else: each record in one cell.
    const cells: Cell[] = FIELDS.area!.flatMap((area) =>
      FIELDS.need!.flatMap((need) => [
        { area: [area], need: [need], sex: ['Female'] },
        { area: [area], need: [need], sex: ['Male', 'Unknown'] },
      ]),
    );
    const inCell = (r: Row, cell: Cell) =>
      NAMES.every((f, k) => cell[f] === undefined || cell[f]!.includes(FIELDS[f]![r.codes[k]!]!));
    const persons = await engine.leafCounts({ cohort: 'offenders', measure: 'persons', filters: [], cells });
    const records = await engine.leafCounts({ cohort: 'offenders', measure: 'records', filters: [], cells });
    expect(persons).toEqual(
      cells.map((c) => new Set(rows.filter((r) => r.person >= 0 && inCell(r, c)).map((r) => r.person)).size),
    );
    expect(records).toEqual(cells.map((c) => rows.filter((r) => inCell(r, c)).length));
    expect(records!.reduce((a, b) => a + b, 0)).toBe(rows.length);
  }, 60_000);

  it('leaves a dataset that is not loaded to the caller', async () => {
    const cells = [{ sex: ['Female'] }];
    expect(await engine.leafCounts({ cohort: 'victims', measure: 'records', filters: [], cells })).toBeNull();
  });
});
