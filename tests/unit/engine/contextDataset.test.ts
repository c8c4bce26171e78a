// Context datasets in the engine: a street-level crime file imported by the real importer
// into a real encrypted workspace, loaded like a cohort (`context:street_crime`) and its
// cross-tabs, facets, trends and record export checked against SQLite's own GROUP BY.
// A second dataset with a date column checks the derived month, financial year and `date`.
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inferContextColumns } from '../../../src-main/import/contextColumns.ts';
import { importContextDataset } from '../../../src-main/import/contextDataset.ts';
import { createEngine, type Engine } from '../../../src-main/engine/engine.ts';
import type { Workspace } from '../../../src-main/store/workspace.ts';
import { streetCrimeCsv } from '../../helpers/streetCrime.ts';
import { createWorkspace, TempDir } from '../import/importTestKit.ts';
import { facetSpec, querySpec, recordsSpec, trendSpec } from './specs.ts';

const dir = new TempDir();
let ws: Workspace;
let engine: Engine;
let datasetId: number;
const ROWS = 2000;

beforeAll(async () => {
  ws = createWorkspace(dir, 'context-engine.vsow');
  const path = dir.write('street.csv', streetCrimeCsv(ROWS));
  const inferred = await inferContextColumns(path);
  datasetId = (
    await importContextDataset(ws, {
      name: 'street_crime',
      label: 'Street crime',
      path,
      columns: inferred.columns,
      districtFrom: inferred.districtFrom,
    })
  ).datasetId;
  const dated = dir.write(
    'dated.csv',
    [
      'Incident date,Area,Score',
      ...Array.from(
        { length: 40 },
        (_, i) => `${i % 10 === 9 ? '' : `2022-0${1 + (i % 6)}-1${i % 9}`},${['North', 'South'][i % 2]},${i}`,
      ),
    ].join('\n'),
  );
  const datedColumns = await inferContextColumns(dated);
  await importContextDataset(ws, { name: 'dated', path: dated, columns: datedColumns.columns });
  engine = createEngine();
  await engine.loadFromStore(ws.db, ws.codebook());
});
afterAll(async () => {
  await engine?.dispose();
  ws?.close();
  dir.remove();
});

/** SQLite's own counts: label of each field (NULL as Unknown), count(*) per combination. */
function sqlGroupBy(fields: string[], where = ''): Map<string, number> {
  const joins = fields
    .map(
      (f, i) =>
        `LEFT JOIN context_categories k${i} ON k${i}.dataset_id = ${datasetId} AND k${i}.column_name = '${f}' AND k${i}.code = t."${f}"`,
    )
    .join(' ');
  const labels = fields.map((_, i) => `coalesce(k${i}.label, 'Unknown')`).join(` || '|' || `);
  const rows = ws.db
    .prepare(`SELECT ${labels} AS k, count(*) AS n FROM ctx_street_crime t ${joins} ${where} GROUP BY k`)
    .all() as Array<{ k: string; n: number }>;
  return new Map(rows.map((r) => [r.k, r.n]));
}

describe('context datasets in the engine', () => {
  it('loads the dataset like a cohort, with no persons', () => {
    const snapshot = engine.snapshot('context:street_crime');
    expect(snapshot?.rowCount).toBe(ROWS);
    expect(snapshot?.distinctPersons).toBe(0);
    expect(snapshot?.label).toBe('Street crime');
    expect(Object.keys(snapshot?.dimensions ?? {})).toEqual(
      expect.arrayContaining(['crime_type', 'district', 'lsoa_code', 'month', 'financial_year']),
    );
    expect(Object.keys(snapshot?.dimensions ?? {})).not.toContain('location');
    expect(Object.keys(snapshot?.numbers ?? {})).toEqual(['longitude', 'latitude']);
    expect(snapshot?.dimensions.district?.labels.at(-1)).toBe('Unknown');
  });

  it('cross-tabulates crime type by district as SQLite GROUP BY does', async () => {
    const result = await engine.query(
      querySpec({
        cohort: 'context:street_crime',
        rows: ['crime_type'],
        cols: ['district'],
        disclosure: null,
      }),
    );
    const expected = sqlGroupBy(['crime_type', 'district']);
    let total = 0;
    result.rows.keys.forEach(([type], i) =>
      result.cols.keys.forEach(([district], j) => {
        const count = result.counts[i]?.[j] ?? 0;
        total += count;
        expect(count, `${type} × ${district}`).toBe(expected.get(`${type}|${district}`) ?? 0);
      }),
    );
    expect(total).toBe(ROWS);
    expect(result.total).toBe(ROWS);
    expect(result.meta.recordsTotal).toBe(ROWS);
  });

  it('filters like a cohort (category in, month in), as SQLite does', async () => {
    const result = await engine.query(
      querySpec({
        cohort: 'context:street_crime',
        filters: [
          { field: 'district', in: ['Fenland', 'Peterborough'] },
          { field: 'month', in: ['2023-01', '2023-02', '2023-03'] },
        ],
        rows: ['last_outcome_category'],
        disclosure: null,
      }),
    );
    const codes = ws.db
      .prepare(
        `SELECT code FROM context_categories WHERE dataset_id = ? AND column_name = 'district' AND label IN ('Fenland', 'Peterborough')`,
      )
      .all(datasetId) as Array<{ code: number }>;
    const expected = sqlGroupBy(
      ['last_outcome_category'],
      `WHERE t.district IN (${codes.map((c) => c.code).join(',')}) AND t.month IN ('2023-01', '2023-02', '2023-03')`,
    );
    result.rows.keys.forEach(([outcome], i) =>
      expect(result.counts[i]?.[0]).toBe(expected.get(outcome as string) ?? 0),
    );
    expect(result.total).toBe([...expected.values()].reduce((a, b) => a + b, 0));
  });

  it('counts facets and trends by month and financial year', async () => {
    const facets = await engine.facets(
      facetSpec({
        cohort: 'context:street_crime',
        filters: [{ field: 'crime_type', in: ['Burglary'] }],
      }),
    );
    const district = facets.facets.find((f) => f.field === 'district');
    const expected = sqlGroupBy(
      ['district'],
      `WHERE t.crime_type = (SELECT code FROM context_categories WHERE dataset_id = ${datasetId} AND column_name = 'crime_type' AND label = 'Burglary')`,
    );
    district?.categories.forEach((label, i) => expect(district.counts[i]).toBe(expected.get(label) ?? 0));
    expect(facets.recordsMatched).toBe(ROWS / 5);

    const trend = await engine.trend(trendSpec({ cohort: 'context:street_crime', by: 'month', disclosure: null }));
    const months = ws.db.prepare('SELECT month, count(*) AS n FROM ctx_street_crime GROUP BY month').all() as Array<{
      month: string;
      n: number;
    }>;
    expect(trend.rows.keys.map((k) => k[0])).toEqual(months.map((m) => m.month));
    expect(trend.rowTotals).toEqual(months.map((m) => m.n));
    const years = await engine.trend(
      trendSpec({ cohort: 'context:street_crime', by: 'financial_year', disclosure: null }),
    );
    expect(years.rows.keys).toEqual([['2022/23'], ['2023/24']]);
    expect(years.rowTotals).toEqual([
      months.filter((m) => m.month < '2023-04').reduce((a, m) => a + m.n, 0),
      months.filter((m) => m.month >= '2023-04').reduce((a, m) => a + m.n, 0),
    ]);
  });

  it('refuses persons with a clear INVALID_SPEC', async () => {
    const persons = { cohort: 'context:street_crime', measure: 'persons' } as const;
    await expect(engine.query(querySpec({ ...persons, rows: ['district'] }))).rejects.toMatchObject({
      code: 'INVALID_SPEC',
      message: expect.stringMatching(/a context dataset has no persons/),
    });
    await expect(engine.facets(facetSpec(persons))).rejects.toMatchObject({ code: 'INVALID_SPEC' });
    await expect(engine.trend(trendSpec({ ...persons, by: 'month' }))).rejects.toMatchObject({ code: 'INVALID_SPEC' });
    await expect(engine.query(querySpec({ cohort: 'context:nothing_here', rows: ['district'] }))).rejects.toMatchObject(
      {
        code: 'INVALID_SPEC',
      },
    );
    await expect(
      engine.query(querySpec({ cohort: 'context:street_crime', rows: ['offence_group'] })),
    ).rejects.toMatchObject({
      code: 'INVALID_SPEC',
    });
  });

  it('exports the filtered records as Arrow, with no person ids', async () => {
    const bytes = await engine.exportRecordsArrow(
      recordsSpec({
        cohort: 'context:street_crime',
        filters: [{ field: 'district', in: ['Cambridge'] }],
      }),
    );
    const table = tableFromIPC(bytes);
    expect(table.numRows).toBe(ROWS / 5);
    expect(table.schema.fields.map((f) => f.name)).not.toContain('person_id');
    expect(new Set(table.getChild('district')?.toArray() as string[])).toEqual(new Set(['Cambridge']));
  });

  it('derives date, month and financial year from a date column', async () => {
    const snapshot = engine.snapshot('context:dated');
    expect(Object.keys(snapshot?.dates ?? {})).toEqual(['incident_date', 'date']);
    expect(snapshot?.dimensions.month?.labels).toEqual([
      '2022-01',
      '2022-02',
      '2022-03',
      '2022-04',
      '2022-05',
      '2022-06',
      'Unknown',
    ]);
    const result = await engine.query(
      querySpec({
        cohort: 'context:dated',
        filters: [{ field: 'date', from: '2022-04-01', to: '2022-12-31' }],
        rows: ['financial_year'],
        cols: ['area'],
        disclosure: null,
      }),
    );
    const expected = ws.db
      .prepare(`SELECT count(*) AS n FROM ctx_dated WHERE incident_date BETWEEN '2022-04-01' AND '2022-12-31'`)
      .get() as { n: number };
    expect(result.total).toBe(expected.n);
    const trend = await engine.trend(trendSpec({ cohort: 'context:dated', by: 'financial_year', disclosure: null }));
    expect(trend.rows.keys).toEqual([['2021/22'], ['2022/23'], ['Unknown']]);
  });
});
