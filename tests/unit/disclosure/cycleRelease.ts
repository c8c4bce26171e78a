// Releases of three two-way tables forming a cycle (fx × fy, then fy × fz, then fx × fz), each
// table protected in turn against the earlier ones, either as the release links them
// (linkEarlier: in full, or by parts) or every one in full; and the hidden small counts that an
// attacker who knows every printed number at once narrows (releaseAttacker.ts, its own LP over
// the fx, fy, fz counts, written apart from src-main/disclosure).
import type { PublishedTable } from '../../../shared/contract/release.ts';
import type { GivenAwayEarlier, QuerySpec } from '../../../shared/query.ts';
import { linkEarlier } from '../../../src-main/app/publication/releaseSession.ts';
import { type EarlierTable, protectInRelease } from '../../../src-main/disclosure/protectRelease.ts';
import type { RawTable } from '../../../src-main/disclosure/queryTable.ts';
import { seededRandom } from '../../helpers/seeded.ts';
import { type Cover, ReleaseAttacker } from './releaseAttacker.ts';

export const THRESHOLD = 5;
const CYCLE: [string, string][] = [
  ['fx', 'fy'],
  ['fy', 'fz'],
  ['fx', 'fz'],
];

type Key = Record<string, string>;
type Cells = PublishedTable['cells'];

/** The data: the categories of fx, fy and fz, and the count of each combination, by fx, fy, fz. */
export interface Cube {
  domains: { fx: readonly string[]; fy: readonly string[]; fz: readonly string[] };
  counts: readonly (readonly (readonly number[])[])[];
}

/** Random counts over three, four and four categories: sparse and small, as in a rare offence. */
export function randomCube(seed: number): Cube {
  const next = seededRandom(seed);
  const domains = { fx: ['x0', 'x1', 'x2'], fy: ['y0', 'y1', 'y2', 'y3'], fz: ['z0', 'z1', 'z2', 'z3'] };
  const count = () => {
    const u = next();
    return u < 0.5 ? 0 : u < 0.85 ? 1 + Math.floor(next() * 4) : 5 + Math.floor(next() * 6);
  };
  return { domains, counts: domains.fx.map(() => domains.fy.map(() => domains.fz.map(count))) };
}

/** The count of the combinations under `key` (a field left out: all its categories). */
export function countOf(cube: Cube, key: Key): number {
  const { fx, fy, fz } = cube.domains;
  let sum = 0;
  fx.forEach((x, i) =>
    fy.forEach((y, j) =>
      fz.forEach((z, k) => {
        const cell: Key = { fx: x, fy: y, fz: z };
        if (Object.entries(key).every(([f, c]) => cell[f] === c)) sum += cube.counts[i]![j]![k]!;
      }),
    ),
  );
  return sum;
}

function rawOf(cube: Cube, rows: string, cols: string): RawTable {
  const domains: Record<string, readonly string[]> = cube.domains;
  const rowCats = domains[rows]!;
  const colCats = domains[cols]!;
  return {
    counts: rowCats.map((r) => colCats.map((c) => countOf(cube, { [rows]: r, [cols]: c }))),
    rowTotals: rowCats.map((r) => countOf(cube, { [rows]: r })),
    colTotals: colCats.map((c) => countOf(cube, { [cols]: c })),
    total: countOf(cube, {}),
    rows: { fields: [rows], keys: rowCats.map((r) => [r]) },
    cols: { fields: [cols], keys: colCats.map((c) => [c]) },
    measure: 'records',
  };
}

const specOf = (rows: string, cols: string): QuerySpec =>
  ({ cohort: 'offenders', measure: 'records', rows: [rows], cols: [cols], filters: [] }) as unknown as QuerySpec;

/** A table of the release as the register keeps it. */
export interface Published {
  spec: QuerySpec;
  label: string;
  cells: Cells;
  /** The earlier outputs the result named as having narrowed this table's hidden small counts already. */
  givenAway: GivenAwayEarlier[];
}

function inFull(tables: readonly Published[]): EarlierTable[] {
  return tables.map((t) => ({
    label: t.label,
    fields: [...t.spec.rows, ...t.spec.cols],
    scope: {},
    cells: t.cells.map((c) => ({ key: c.key, value: c.value, hidden: c.shown === null })),
  }));
}

/** How the release links `spec` with the tables published before it. */
export function linkedFor(cube: Cube, spec: QuerySpec, before: readonly Published[]): EarlierTable[] {
  return linkEarlier(spec, [...before].reverse(), cube.domains).earlier;
}

/** The table `rows` × `cols` protected against `before`, the tables published earlier, as the register keeps it. */
export async function publishNext(
  cube: Cube,
  rows: string,
  cols: string,
  before: readonly Published[],
  full = false,
): Promise<Published> {
  const spec = specOf(rows, cols);
  const result = await protectInRelease({
    earlier: full ? inFull(before) : linkedFor(cube, spec, before),
    raw: rawOf(cube, rows, cols),
    scope: {},
    measure: 'records',
    rule: { threshold: THRESHOLD },
    domains: cube.domains,
    leafValues: async (leaves) => leaves.map((leaf) => countOf(cube, leaf.key)),
  });
  const cells: Cells = result.cells.map((c) => ({
    key: c.key,
    row: c.position.row,
    col: c.position.col,
    value: c.value,
    shown: c.status === 'published' ? c.value : null,
    status: c.status,
  }));
  const givenAway = (result.report.givenAwayEarlier ?? []).filter((g) => g.through === 'table');
  return { spec, label: `${rows} by ${cols}`, cells, givenAway };
}

/** The cycle's tables (the first `count` of them), each protected against those before it. */
export async function releaseOf(cube: Cube, full: boolean, count = CYCLE.length): Promise<Published[]> {
  const published: Published[] = [];
  for (const [rows, cols] of CYCLE.slice(0, count))
    published.push(await publishNext(cube, rows, cols, published, full));
  return published;
}

export const coverOf = (key: Key): Cover => Object.fromEntries(Object.entries(key).map(([f, c]) => [f, [c]]));

/** The hidden small counts of the release the attacker narrows, each with its range. */
export async function narrowedOf(cube: Cube, tables: readonly Published[]): Promise<string[]> {
  const attacker = new ReleaseAttacker(cube.domains);
  const cells = tables.flatMap((t) => t.cells.map((c) => ({ ...c, table: t.label })));
  const printed = cells.filter((c) => c.shown !== null).map((c) => ({ cover: coverOf(c.key), value: c.value }));
  const narrowed: string[] = [];
  for (const cell of cells) {
    if (cell.shown !== null || cell.value <= 0 || cell.value >= THRESHOLD) continue;
    const { lower, upper } = await attacker.range(printed, coverOf(cell.key));
    if (upper < cell.value + THRESHOLD)
      narrowed.push(`${cell.table} ${JSON.stringify(cell.key)} = ${cell.value} in [${lower}, ${upper}]`);
  }
  return narrowed;
}

const keyOf = (key: Key): string => JSON.stringify(Object.entries(key).sort(([a], [b]) => a.localeCompare(b)));

/**
 * Where the release breaks the rule for counts earlier tables narrowed (keepNarrowed.ts): each
 * hidden small count, after the whole release, must keep the range the tables before the first
 * one showing it left it, and must be narrowed no further when that range was already narrow;
 * and each table must tell of its counts so narrowed before it (at least one output named, none
 * naming more of them than there are, all together naming them all), each output named narrowing
 * as many of them alone as it is named for.
 */
export async function rangeRuleBreaches(cube: Cube, tables: readonly Published[]): Promise<string[]> {
  const attacker = new ReleaseAttacker(cube.domains);
  const printedBy = tables.map((t) =>
    t.cells.filter((c) => c.shown !== null).map((c) => ({ cover: coverOf(c.key), value: c.value })),
  );
  const everything = printedBy.flat();
  const seen = new Set<string>();
  const breaches: string[] = [];
  for (const [k, table] of tables.entries()) {
    let narrowedBefore = 0;
    for (const cell of table.cells) {
      const id = keyOf(cell.key);
      if (seen.has(id)) continue;
      seen.add(id);
      if (cell.shown !== null || cell.value <= 0 || cell.value >= THRESHOLD) continue;
      const before = await attacker.range(printedBy.slice(0, k).flat(), coverOf(cell.key));
      const after = await attacker.range(everything, coverOf(cell.key));
      if (before.upper < cell.value + THRESHOLD) narrowedBefore++;
      if (after.upper >= cell.value + THRESHOLD) continue;
      if (after.lower !== before.lower || after.upper !== before.upper) {
        breaches.push(
          `${table.label} ${id} = ${cell.value} in [${after.lower}, ${after.upper}], [${before.lower}, ${before.upper}] before it`,
        );
      }
    }
    // Each output named alone narrows as many of this table's hidden small counts as it says.
    for (const { output, counts } of table.givenAway) {
      const j = tables.findIndex((t, i) => i < k && t.label === output);
      if (j < 0) continue; // the earlier outputs together
      let alone = 0;
      for (const cell of table.cells) {
        if (cell.shown !== null || cell.value <= 0 || cell.value >= THRESHOLD) continue;
        if ((await attacker.range(printedBy[j]!, coverOf(cell.key))).upper < cell.value + THRESHOLD) alone++;
      }
      if (alone !== counts)
        breaches.push(`${table.label}: ${output} named for ${counts} counts, narrows ${alone} alone`);
    }
    const told = table.givenAway.map((g) => g.counts);
    const sum = told.reduce((a, b) => a + b, 0);
    if ((narrowedBefore === 0) !== (told.length === 0) || Math.max(0, ...told) > narrowedBefore || sum < narrowedBefore)
      breaches.push(`${table.label}: ${narrowedBefore} counts narrowed before it, told [${told.join(', ')}]`);
  }
  return breaches;
}
