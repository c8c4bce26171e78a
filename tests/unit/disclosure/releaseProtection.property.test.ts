// Property: over a whole release (random chains of exports of the same data differing by a
// filter, a category, a dimension or merged categories), protected one after another against the register, an
// attacker who knows every printed number at once (releaseAttacker.ts, its own LP over the
// finest cells of the data) narrows no small count to fewer than `threshold` values: neither a
// cell of an output nor a cell that two outputs differ by.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type EarlierTable, protectInRelease } from '../../../src-main/disclosure/protectRelease.ts';
import type { RawTable } from '../../../src-main/disclosure/queryTable.ts';
import { type Cover, type Printed, ReleaseAttacker } from './releaseAttacker.ts';

const DOMAINS = { area: ['North', 'South', 'West'], sex: ['Female', 'Male'], ethnicity: ['Asian', 'Mixed', 'White'] };
type Field = keyof typeof DOMAINS;
const FIELDS = Object.keys(DOMAINS) as Field[];
const THRESHOLD = 5;

interface Output {
  rows: Field;
  cols: Field | null;
  filter: { field: Field; keep: string[] } | null;
  /** Two categories of the row field shown as one (as the advisor merges sparse ones). */
  merge: string[] | null;
}

const mergedLabel = (members: readonly string[]): string => members.join(' + ');

/** The categories an output's axis shows, each with the categories it covers. */
function axisOf(out: Output, field: Field): { label: string; cover: string[] }[] {
  const merged = field === out.rows ? out.merge : null;
  const shown: { label: string; cover: string[] }[] = [];
  for (const category of DOMAINS[field]) {
    if (merged?.includes(category)) {
      if (category === merged[0]) shown.push({ label: mergedLabel(merged), cover: [...merged] });
    } else shown.push({ label: category, cover: [category] });
  }
  return shown;
}

/** The data: a count per finest cell, skewed to the small and empty, as in a rare offence. */
const data = fc.array(
  fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: 0, max: 4 }) },
    { weight: 2, arbitrary: fc.integer({ min: 5, max: 30 }) },
  ),
  { minLength: 18, maxLength: 18 },
);

const output: fc.Arbitrary<Output> = fc
  .tuple(
    fc.constantFrom(...FIELDS),
    fc.constantFrom(...FIELDS, null),
    fc.constantFrom(...FIELDS),
    fc.integer({ min: 0, max: 6 }),
    fc.integer({ min: 0, max: 3 }),
  )
  .map(([rows, cols, filterField, pick, mergeAt]) => {
    const axes = cols === rows ? { rows, cols: null } : { rows, cols };
    const free = filterField !== axes.rows && filterField !== axes.cols;
    const categories = DOMAINS[filterField];
    // pick 0: no filter; otherwise a proper non-empty subset (one category dropped, or one kept).
    const dropOne = pick % 2 === 1;
    const which = categories[pick % categories.length]!;
    const keep = dropOne ? categories.filter((c) => c !== which) : [which];
    // mergeAt 0: no merge; otherwise two categories of the rows merged (adjacent, or the outer two).
    const rowCats = DOMAINS[axes.rows];
    const pairs = [
      null,
      [rowCats[0]!, rowCats[1]!],
      [rowCats[1]!, rowCats[2] ?? rowCats[0]!],
      [rowCats[0]!, rowCats.at(-1)!],
    ];
    const pair = pairs[mergeAt]!;
    const merge = pair && new Set(pair).size === 2 ? pair : null;
    return { ...axes, filter: pick === 0 || !free ? null : { field: filterField, keep }, merge };
  });

function cellsOf(counts: readonly number[]): { cover: Record<Field, string>; value: number }[] {
  const cells: { cover: Record<Field, string>; value: number }[] = [];
  let i = 0;
  for (const area of DOMAINS.area)
    for (const sex of DOMAINS.sex)
      for (const ethnicity of DOMAINS.ethnicity) cells.push({ cover: { area, sex, ethnicity }, value: counts[i++]! });
  return cells;
}

function countOf(counts: readonly number[], cover: Cover): number {
  return cellsOf(counts)
    .filter((c) => Object.entries(cover).every(([f, allowed]) => allowed.includes(c.cover[f as Field])))
    .reduce((s, c) => s + c.value, 0);
}

/** Each number of an output (cells, row and column totals, total) with what it covers and where it sits. */
function numbersOf(out: Output): { cover: Cover; row: number | null; col: number | null }[] {
  const base: Cover = out.filter ? { [out.filter.field]: out.filter.keep } : {};
  const rowCats = axisOf(out, out.rows).map((r) => r.cover);
  const colCats = out.cols ? axisOf(out, out.cols).map((c) => c.cover) : [null];
  const numbers: { cover: Cover; row: number | null; col: number | null }[] = [];
  rowCats.forEach((r, i) =>
    colCats.forEach((c, j) =>
      numbers.push({
        cover: { ...base, [out.rows]: r, ...(c && out.cols ? { [out.cols]: c } : {}) },
        row: i,
        col: j,
      }),
    ),
  );
  rowCats.forEach((r, i) => numbers.push({ cover: { ...base, [out.rows]: r }, row: i, col: null }));
  colCats.forEach((c, j) =>
    numbers.push({ cover: { ...base, ...(c && out.cols ? { [out.cols]: c } : {}) }, row: null, col: j }),
  );
  numbers.push({ cover: base, row: null, col: null });
  return numbers;
}

function rawOf(counts: readonly number[], out: Output): RawTable {
  const at = new Map(numbersOf(out).map((n) => [`${n.row}:${n.col}`, countOf(counts, n.cover)]));
  const rowCats = axisOf(out, out.rows).map((r) => r.label);
  const colCats = out.cols ? axisOf(out, out.cols).map((c) => c.label) : [''];
  return {
    counts: rowCats.map((_, i) => colCats.map((_, j) => at.get(`${i}:${j}`)!)),
    rowTotals: rowCats.map((_, i) => at.get(`${i}:null`)!),
    colTotals: colCats.map((_, j) => at.get(`null:${j}`)!),
    total: at.get('null:null')!,
    rows: { fields: [out.rows], keys: rowCats.map((c) => [c]) },
    cols: out.cols ? { fields: [out.cols], keys: colCats.map((c) => [c]) } : { fields: [], keys: [[]] },
    measure: 'records',
  };
}

function printedAt(
  table: Awaited<ReturnType<typeof protectInRelease>>['table'],
  row: number | null,
  col: number | null,
) {
  if (row === null && col === null) return table.total;
  if (row === null) return table.colTotals[col!]!;
  if (col === null) return table.rowTotals[row]!;
  return table.counts[row]![col]!;
}

/**
 * The cells an attacker could aim at: every number of every output, and every cell of the
 * partition the outputs' categories and filters cut the data into (what two outputs differ by).
 */
function targetsOf(outputs: readonly Output[]): Cover[] {
  const blocks = new Map<Field, string[][]>();
  for (const field of FIELDS) {
    let parts = [[...DOMAINS[field]]];
    const cuts: string[][] = [];
    for (const out of outputs) {
      if (out.rows === field || out.cols === field) cuts.push(...axisOf(out, field).map((c) => c.cover));
      if (out.filter?.field === field) cuts.push(out.filter.keep);
    }
    for (const cut of cuts)
      parts = parts
        .flatMap((p) => [p.filter((c) => cut.includes(c)), p.filter((c) => !cut.includes(c))])
        .filter((p) => p.length > 0);
    blocks.set(field, parts);
  }
  let finest: Cover[] = [{}];
  for (const field of FIELDS)
    finest = finest.flatMap((cover) => blocks.get(field)!.map((b) => ({ ...cover, [field]: b })));
  return [...finest, ...outputs.flatMap((out) => numbersOf(out).map((n) => n.cover))];
}

describe('protection across a release', () => {
  it('no small count of the release is narrowed to fewer than threshold values by an attacker who knows every output', async () => {
    const attacker = new ReleaseAttacker(DOMAINS);
    await fc.assert(
      fc.asyncProperty(data, fc.array(output, { minLength: 2, maxLength: 4 }), async (counts, outputs) => {
        const earlier: EarlierTable[] = [];
        const printed: Printed[] = [];
        for (const [index, out] of outputs.entries()) {
          const raw = rawOf(counts, out);
          const scope = out.filter ? { [out.filter.field]: out.filter.keep } : {};
          const groups = out.merge ? { [out.rows]: { [mergedLabel(out.merge)]: out.merge } } : undefined;
          const result = await protectInRelease({
            earlier,
            raw,
            scope,
            ...(groups ? { groups } : {}),
            measure: 'records',
            rule: { threshold: THRESHOLD },
            domains: DOMAINS,
            leafValues: async (leaves) =>
              leaves.map((l) =>
                countOf(counts, { ...l.scope, ...Object.fromEntries(Object.entries(l.key).map(([f, c]) => [f, [c]])) }),
              ),
          });
          const numbers = numbersOf(out);
          for (const n of numbers) {
            const shown = printedAt(result.table, n.row, n.col);
            const value = countOf(counts, n.cover);
            if (shown !== null) {
              expect(shown).toBe(value);
              printed.push({ cover: n.cover, value });
            } else expect(result.report.footnote).toMatch(/suppressed/);
          }
          earlier.push({
            label: `output ${index + 1}`,
            fields: [out.rows, ...(out.cols ? [out.cols] : [])],
            scope,
            ...(groups ? { groups } : {}),
            cells: numbers.map((n) => ({
              key: Object.fromEntries(
                Object.entries(n.cover)
                  .filter(([f]) => f === out.rows || f === out.cols)
                  .map(([f, cover]) => [f, cover.length > 1 ? mergedLabel(cover) : cover[0]!]),
              ),
              value: countOf(counts, n.cover),
              hidden: printedAt(result.table, n.row, n.col) === null,
            })),
          });
        }
        for (const target of targetsOf(outputs)) {
          const value = countOf(counts, target);
          if (value === 0 || value >= THRESHOLD) continue;
          const range = await attacker.range(printed, target);
          expect(range.upper - range.lower + 1, `${JSON.stringify(target)} = ${value}`).toBeGreaterThanOrEqual(
            THRESHOLD,
          );
        }
      }),
      { numRuns: 40, seed: 20261205 },
    );
  });
});
