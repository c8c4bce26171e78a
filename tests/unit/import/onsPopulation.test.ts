// ONS mid-year population estimates as the analyst downloads them, imported into a real
// workspace from real files: the wide table (title lines, Code, Name, Geography, All ages, then
// single years 0 to 90+) in CSV and in XLSX, and the long table (ladcode, laname, sex, age,
// population). Rows of other areas are left out; single years are banded; the expected table is
// worked out again here from the generated counts. Then a rate on the real August 2019 street
// file: crimes per 1,000 people by district, as the counts and the populations give it.
import { resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../../src-main/engine/engine.ts';
import { inferContextColumns } from '../../../src-main/import/contextColumns.ts';
import { importContextDataset } from '../../../src-main/import/contextDataset.ts';
import { importPopulationFile, listPopulationTables } from '../../../src-main/import/populationTable.ts';
import { createWorkspace, TempDir } from './importTestKit.ts';
import { querySpec } from '../engine/specs.ts';

const dir = new TempDir();
afterAll(() => dir.remove());

const AREAS: Array<[string, string]> = [
  ['E92000001', 'England'],
  ['E10000003', 'Cambridgeshire'],
  ['E07000008', 'Cambridge'],
  ['E07000009', 'East Cambridgeshire'],
  ['E07000010', 'Fenland'],
  ['E07000011', 'Huntingdonshire'],
  ['E07000012', 'South Cambridgeshire'],
  ['E06000031', 'Peterborough'],
  ['E07000032', 'Amber Valley'],
];
const SIX = new Set([
  'Cambridge',
  'East Cambridgeshire',
  'Fenland',
  'Huntingdonshire',
  'South Cambridgeshire',
  'Peterborough',
]);
const AGES = Array.from({ length: 91 }, (_, a) => a);
/** A made-up count for an area, sex (0 persons, 1 male, 2 female) and age. */
const people = (area: number, sex: number, age: number): number =>
  200 + ((area * 7919 + sex * 104729 + age * 31) % 997);

/** The band of an age, from a table of band edges (a second way to band). */
function band(age: number): string {
  const edges: Array<[number, string]> = [
    [65, '65+'],
    [55, '55-64'],
    [45, '45-54'],
    [35, '35-44'],
    [25, '25-34'],
    [18, '18-24'],
    [10, '10-17'],
    [0, '0-9'],
  ];
  return (edges.find(([from]) => age >= from) as [number, string])[1];
}

function wideRows(sex: number): string[][] {
  return AREAS.map(([code, name], i) => {
    const years = AGES.map((a) => people(i, sex, a));
    return [code, name, 'Local Authority', String(years.reduce((s, n) => s + n, 0)), ...years.map(String)];
  });
}
const WIDE_HEADER = ['Code', 'Name', 'Geography', 'All ages', ...AGES.map((a) => (a === 90 ? '90+' : String(a)))];

function expectedBands(sexes: number[]): Map<string, number> {
  const sums = new Map<string, number>();
  AREAS.forEach(([, name], i) => {
    if (!SIX.has(name)) return;
    for (const sex of sexes)
      for (const a of AGES) {
        const key = `${name}|${band(a)}|${sex === 1 ? 'Male' : sex === 2 ? 'Female' : ''}`;
        sums.set(key, (sums.get(key) ?? 0) + people(i, sex, a));
      }
  });
  return sums;
}

function stored(ws: ReturnType<typeof createWorkspace>, name: string): Map<string, number> {
  const rows = ws.db
    .prepare('SELECT district, age_band, sex, population FROM populations WHERE name = ?')
    .all(name) as Array<{ district: string; age_band: string | null; sex: string | null; population: number }>;
  return new Map(rows.map((r) => [`${r.district}|${r.age_band ?? ''}|${r.sex ?? ''}`, r.population]));
}

describe('ONS mid-year estimates', () => {
  it('reads the wide persons table under its title lines, banding single years, other areas left out', async () => {
    const ws = createWorkspace(dir, 'wide.vsow');
    try {
      const lines = [
        ['Mid-2020 Population Estimates for Local Authorities in the UK'],
        [''],
        ['All persons'],
        WIDE_HEADER,
        ...wideRows(0),
      ];
      const path = dir.write('MYE2-persons.csv', `${lines.map((l) => l.join(',')).join('\r\n')}\r\n`);
      const result = await importPopulationFile(ws, 'mid-2020', path);
      expect(result).toMatchObject({ format: 'ons', byAge: true, bySex: false, otherAreas: 3, warnings: [] });
      expect(stored(ws, 'mid-2020')).toEqual(expectedBands([0]));
      expect(result.rows).toBe(6 * 8);
      expect(listPopulationTables(ws).map((t) => t.name)).toEqual(['mid-2020']);
    } finally {
      ws.close();
    }
  });

  it('reads the same table from a workbook', async () => {
    const ws = createWorkspace(dir, 'xlsx.vsow');
    try {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('MYE2 - Persons');
      sheet.addRow(['Mid-2020 Population Estimates']);
      sheet.addRow([]);
      sheet.addRow(WIDE_HEADER);
      for (const row of wideRows(0)) sheet.addRow(row.map((c, i) => (i >= 3 ? Number(c) : c)));
      const path = dir.file('MYE2.xlsx');
      await workbook.xlsx.writeFile(path);
      const result = await importPopulationFile(ws, 'mid-2020', path);
      expect(result).toMatchObject({ format: 'ons', byAge: true, bySex: false, otherAreas: 3 });
      expect(stored(ws, 'mid-2020')).toEqual(expectedBands([0]));
    } finally {
      ws.close();
    }
  });

  it('reads the long table by sex and single year of age', async () => {
    const ws = createWorkspace(dir, 'long.vsow');
    try {
      const lines = [['ladcode20', 'laname20', 'sex', 'age', 'population_2020']];
      AREAS.forEach(([code, name], i) => {
        for (const sex of [1, 2])
          for (const a of AGES) lines.push([code, `"${name}"`, String(sex), String(a), String(people(i, sex, a))]);
      });
      const path = dir.write('MYEB1.csv', `${lines.map((l) => l.join(',')).join('\n')}\n`);
      const result = await importPopulationFile(ws, 'mid-2020-sex', path);
      expect(result).toMatchObject({ format: 'ons', byAge: true, bySex: true, otherAreas: 3 * 2 * 91 });
      expect(stored(ws, 'mid-2020-sex')).toEqual(expectedBands([1, 2]));
    } finally {
      ws.close();
    }
  });

  it('refuses a table with no district column, naming what it needs, and keeps nothing', async () => {
    const ws = createWorkspace(dir, 'bad.vsow');
    try {
      const path = dir.write('not-population.csv', 'Crime type,Count\nBurglary,4\n');
      await expect(importPopulationFile(ws, 'x', path)).rejects.toMatchObject({
        code: 'INVALID_FILE',
        message: expect.stringMatching(/not-population\.csv: no header line naming a district/),
      });
      expect(listPopulationTables(ws)).toEqual([]);
    } finally {
      ws.close();
    }
  });

  it('gives crimes per 1,000 people by district on the real August 2019 street file', async () => {
    const ws = createWorkspace(dir, 'rates.vsow');
    const engine = createEngine();
    try {
      const street = resolve(import.meta.dirname, '../../../fixtures/real/2019-08-cambridgeshire-street.csv');
      const inferred = await inferContextColumns(street);
      await importContextDataset(ws, {
        name: 'street',
        path: street,
        columns: inferred.columns,
        districtFrom: inferred.districtFrom,
      });
      const lines = [WIDE_HEADER, ...wideRows(0)];
      await importPopulationFile(ws, 'mid-2020', dir.write('persons.csv', lines.map((l) => l.join(',')).join('\n')));
      await engine.loadFromStore(ws.db, ws.codebook());
      const raw = await engine.query(
        querySpec({
          cohort: 'context:street',
          rows: ['district'],
          disclosure: null,
          rate: { per: 1000, population: 'mid-2020' },
        }),
      );
      const result = engine.finalizeResult(raw);
      const population = new Map(
        AREAS.map(([, name], i) => [name, AGES.reduce((s, a) => s + people(i, 0, a), 0)] as const),
      );
      let checked = 0;
      result.rows.keys.forEach(([district], i) => {
        const count = result.counts[i]?.[0] ?? 0;
        const rate = result.rates?.[i]?.[0];
        if (SIX.has(district as string)) {
          expect(rate).toBeCloseTo((count / (population.get(district as string) as number)) * 1000, 9);
          checked++;
        } else expect(rate ?? null).toBeNull(); // Outside area and Unknown have no population
      });
      expect(checked).toBe(6);
    } finally {
      await engine.dispose();
      ws.close();
    }
  });
});
