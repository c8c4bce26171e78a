// Needs together side by side, through the real API on a real workspace: one matrix per sex,
// each panel's cells (raw) equal to the matrix counted here from that sex's records; protected,
// each published cell its true count, every small count hidden; saved, reopened and
// exported to SVG (squares tagged by panel) and CSV from files read back from disk.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NEEDS } from '../../../shared/codebook.ts';
import type { QueryResult } from '../../../shared/query.ts';
import { parseSvg } from '../export/exportTestKit.ts';
import { generated, openWorld, type ReportWorld } from '../report/reportTestKit.ts';

type Row = Record<string, string>;
let world: ReportWorld;
let rows: Row[] = [];
let sexes: string[] = [];

beforeAll(async () => {
  world = await openWorld();
  const file = await generated(world, 'offenders', 400, 13);
  rows = parse(readFileSync(file, 'utf8'), { columns: true, bom: true }) as Row[];
  await world.importFile('offenders', file);
  const columns = await world.dispatcher.call('data.datasetColumns', { dataset: 'offenders' });
  sexes = columns.columns.find((c) => c.name === 'sex')!.categories;
}, 300_000);
afterAll(async () => world?.close());

const needFields = NEEDS.map(([field]) => field);
const BY_SEX = { cohort: 'needs', measure: 'persons', rows: ['need'], cols: ['sex', 'with_need'] };

function matrixOf(records: readonly Row[]): number[][] {
  return needFields.map((a) =>
    needFields.map(
      (b) => new Set(records.filter((r) => r[a] === 'true' && r[b] === 'true').map((r) => r.person_ref)).size,
    ),
  );
}

async function query(spec: Record<string, unknown>): Promise<QueryResult> {
  return (await world.dispatcher.call('engine.query', spec)) as QueryResult;
}

/** Panel `p`'s matrix: its columns of every row. */
const panelOf = (result: QueryResult, p: number): (number | null)[][] =>
  result.counts.map((line) => line.slice(p * needFields.length, (p + 1) * needFields.length));

/** The sex a record counts under, as the import maps the extract's value (empty: Unknown). */
const sexOf = (row: Row): string => (row.sex === '' || row.sex === undefined ? 'Unknown' : row.sex);

describe('needs together by sex, side by side', () => {
  it('counts one matrix per sex, each as counted from that sex’s records', async () => {
    const raw = await query({ ...BY_SEX, disclosure: null });
    expect(raw.cols.fields).toEqual(['sex', 'with_need']);
    // A panel per sex with records; a sex of nobody is none.
    const held = sexes.filter((sex) => rows.some((r) => sexOf(r) === sex));
    expect([...new Set(raw.cols.keys.map((k) => k[0]))]).toEqual(held);
    sexes = held;
    sexes.forEach((sex, p) => expect(panelOf(raw, p)).toEqual(matrixOf(rows.filter((r) => sexOf(r) === sex))));
    // Row totals are the persons with the need, of every sex.
    expect(raw.rowTotals).toEqual(matrixOf(rows).map((line, i) => line[i]));
  });

  // The panels and the whole are linked in one release session (a panel is the whole less the
  // others), so a panel may hide more than the same matrix published alone.
  it('publishes each panel’s cells as their true counts or hidden, small counts hidden', async () => {
    const published = await query(BY_SEX);
    let hidden = 0;
    for (const [p, sex] of sexes.entries()) {
      const truth = matrixOf(rows.filter((r) => sexOf(r) === sex));
      const panel = panelOf(published, p);
      panel.forEach((line, i) =>
        line.forEach((v, j) => {
          if (v === null) hidden++;
          else expect(v).toBe(truth[i]![j]);
          if (truth[i]![j]! > 0 && truth[i]![j]! < 5) expect(v).toBeNull();
        }),
      );
    }
    expect(hidden).toBeGreaterThan(0);
    expect(published.suppressed.length).toBe(hidden);
    // A printed row total (the need over every panel) caps each panel's counts with that need:
    // none may leave a hidden small count fewer than the protection's values above it.
    const small = sexes.flatMap((sex) => {
      const truth = matrixOf(rows.filter((r) => sexOf(r) === sex));
      return truth.flatMap((line, i) => line.flatMap((t) => (t > 0 && t < 5 ? [{ i, t }] : [])));
    });
    expect(small.length).toBeGreaterThan(0);
    for (const { i, t } of small) {
      const cap = published.rowTotals[i];
      if (cap !== null && cap !== undefined) expect(cap).toBeGreaterThanOrEqual(t + 5);
    }
    expect(published.disclosure?.footnote).toMatch(/Row totals .* hidden below 9/);
  }, 600_000);

  it('saves, reopens and exports to SVG and CSV with every panel’s numbers', async () => {
    const figure = { name: 'needs by sex', title: 'Needs together by sex', chart: 'heatmap', query: BY_SEX };
    await world.dispatcher.call('figures.save', { figure });
    const reopened = await world.dispatcher.call('figures.get', { name: figure.name });
    expect(reopened.figure.query).toMatchObject({ cols: ['sex', 'with_need'] });
    const published = await query(BY_SEX);
    const base = world.file('needs-by-sex');
    for (const format of ['svg', 'csv'] as const)
      await world.dispatcher.call('export.figure', { name: figure.name, format, path: `${base}.${format}` });
    const rects = parseSvg(readFileSync(`${base}.svg`, 'utf8')).getElementsByTagName('rect');
    const drawn = new Map<string, number | null>();
    for (let i = 0; i < rects.length; i++) {
      const rect = rects.item(i)!;
      const panel = rect.getAttribute('data-panel');
      if (!panel) continue;
      const value = rect.getAttribute('data-value');
      drawn.set(
        `${panel}|${rect.getAttribute('data-category')}|${rect.getAttribute('data-series')}`,
        value ? Number(value) : null,
      );
    }
    const expected = new Map<string, number | null>();
    published.rows.keys.forEach((row, r) =>
      published.cols.keys.forEach((col, c) => expected.set(`${col[0]}|${row[0]}|${col[1]}`, published.counts[r]![c]!)),
    );
    expect(drawn).toEqual(expected);
    const csv = readFileSync(`${base}.csv`, 'utf8');
    for (const sex of sexes) expect(csv).toContain(sex);
  }, 600_000);
});
