// The geography lookup (ONS's LSOA to Local Authority District file) read from real generated
// files into a real workspace: both ONS vintages, CSV and XLSX, columns found by header or by
// their values, districts outside the area counted and ignored, errors naming the file, row
// and column, and a new lookup replacing the old one in one transaction (migration 004).
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lsoaLookupRows, OUTSIDE_AREA, writeLsoaLookup } from '../../../src-main/sample/generator/lsoaLookup.ts';
import { LSOA_COUNTS } from '../../../src-main/sample/generator/personPool.ts';
import {
  hasLsoaLookup,
  importLsoaLookup,
  loadLsoaLookup,
  lsoaLookupInfo,
} from '../../../src-main/import/lsoaLookup.ts';
import type { Workspace } from '../../../src-main/store/workspace.ts';
import { count, createWorkspace, TempDir } from './importTestKit.ts';

const dir = new TempDir();
let ws: Workspace;
let n = 0;
beforeEach(() => {
  ws = createWorkspace(dir, `lookup-${++n}.vsow`);
});
afterEach(() => ws.close());
afterAll(() => dir.remove());

const AREA_LSOAS = Object.values(LSOA_COUNTS).reduce((a, b) => a + b, 0);
const OUTSIDE_ROWS = OUTSIDE_AREA.reduce((a, d) => a + d.count, 0);

function csv(name: string, lines: string[]): string {
  return dir.write(name, `${lines.join('\r\n')}\r\n`);
}

describe('geography lookup import', () => {
  it('imports the ONS 2011 lookup: the six districts kept, the rest counted and ignored, audited', async () => {
    expect(hasLsoaLookup(ws.db)).toBe(false);
    expect(lsoaLookupInfo(ws.db)).toBeNull();
    const path = dir.file('LSOA11_LAD19.csv');
    await writeLsoaLookup(path);
    const { lookup, replaced } = await importLsoaLookup(ws, path);
    expect(replaced).toBe(0);
    expect(lookup).toMatchObject({
      fileName: 'LSOA11_LAD19.csv',
      lsoaColumn: 'LSOA11CD',
      districtColumn: 'LAD19CD',
      rowsRead: AREA_LSOAS + OUTSIDE_ROWS,
      lsoas: AREA_LSOAS,
      outsideArea: OUTSIDE_ROWS,
      districts: LSOA_COUNTS,
    });
    expect(Object.keys(lookup.districts)).toEqual([
      'Cambridge',
      'East Cambridgeshire',
      'Fenland',
      'Huntingdonshire',
      'South Cambridgeshire',
      'Peterborough',
    ]);
    expect(lsoaLookupInfo(ws.db)).toEqual(lookup);
    // The district is a code of the codebook's district column, as in the cohort tables.
    const fenland = ws.categoryCodes('district').get('Fenland');
    expect(count(ws, 'SELECT count(*) AS n FROM lsoa_districts WHERE district = ?', fenland)).toBe(LSOA_COUNTS.Fenland);
    const expected = new Map(
      lsoaLookupRows({ outsideArea: false }).map((r) => [r.lsoaCode, r.districtName] as [string, string]),
    );
    expect(loadLsoaLookup(ws.db)).toEqual(expected);
    expect(loadLsoaLookup(ws.db)?.get('E01033000')).toBeUndefined(); // King's Lynn and West Norfolk
    const audit = ws.audit.list({ limit: 1 })[0];
    expect(audit?.action).toBe('geography.import');
    expect(audit?.detail).toMatchObject({ file: 'LSOA11_LAD19.csv', lsoas: AREA_LSOAS, outsideArea: OUTSIDE_ROWS });
  });

  it('reads the 2021 vintage from an XLSX workbook', async () => {
    const path = dir.file('LSOA21_LAD22.xlsx');
    await writeLsoaLookup(path, { vintage: '2021' });
    const { lookup } = await importLsoaLookup(ws, path);
    expect(lookup).toMatchObject({
      lsoaColumn: 'LSOA21CD',
      districtColumn: 'LAD22CD',
      lsoas: AREA_LSOAS,
      outsideArea: OUTSIDE_ROWS,
    });
  });

  it('takes a district name column when there is no code column, and finds LSOA codes by their values', async () => {
    const byName = csv('by-name.csv', [
      '\uFEFFLSOA11CD,LSOA11NM,LAD19NM',
      'E01018088,Fenland 005A,Fenland',
      'E01015620, Peterborough 021A ,PETERBOROUGH',
      "E01033000,King's Lynn and West Norfolk 001A,King's Lynn and West Norfolk",
    ]);
    const first = await importLsoaLookup(ws, byName);
    expect(first.lookup).toMatchObject({ districtColumn: 'LAD19NM', lsoas: 2, outsideArea: 1 });
    expect(first.lookup.districts).toEqual({ Fenland: 1, Peterborough: 1 });

    const byValue = csv('by-value.csv', [
      'Area code,Area name,Local authority',
      'e01017950,Cambridge 006A,E07000008',
      'E01018200,Huntingdonshire 026A,E07000011',
    ]);
    const second = await importLsoaLookup(ws, byValue);
    expect(second.lookup).toMatchObject({ lsoaColumn: 'Area code', districtColumn: 'Local authority', lsoas: 2 });
    expect(loadLsoaLookup(ws.db)?.get('E01017950')).toBe('Cambridge');
  });

  it('refuses a file without an LSOA code or district column, naming the file and its columns', async () => {
    const noLsoa = csv('wrong.csv', ['district,population', 'Fenland,100']);
    await expect(importLsoaLookup(ws, noLsoa)).rejects.toMatchObject({
      code: 'INVALID_FILE',
      message: expect.stringMatching(
        /^wrong\.csv has no LSOA code column: .*LSOA11CD.*\(its columns: district, population\)/,
      ),
    });
    const noDistrict = csv('no-district.csv', ['LSOA11CD,LSOA11NM', 'E01018088,Fenland 005A']);
    await expect(importLsoaLookup(ws, noDistrict)).rejects.toMatchObject({
      code: 'INVALID_FILE',
      message: expect.stringMatching(/^no-district\.csv has no district column: .*LAD19CD.*beside LSOA11CD/),
    });
    expect(hasLsoaLookup(ws.db)).toBe(false);
  });

  it('refuses bad values with the file, row and column', async () => {
    const cases: Array<[string, string[], RegExp]> = [
      [
        'bad-code.csv',
        ['LSOA11CD,LAD19CD', 'E01018088,E07000010', 'E0101,E07000010'],
        /^bad-code\.csv, row 3, column LSOA11CD: “E0101” is not an LSOA code/,
      ],
      [
        'bad-district.csv',
        ['LSOA11CD,LAD19CD', 'E01018088,Fenland'],
        /^bad-district\.csv, row 2, column LAD19CD: “Fenland” is not an ONS district code/,
      ],
      [
        'empty-district.csv',
        ['LSOA11CD,LAD19CD', 'E01018088,'],
        /^empty-district\.csv, row 2, column LAD19CD: the district is empty/,
      ],
      [
        'two-districts.csv',
        ['LSOA11CD,LAD19CD', 'E01018088,E07000010', 'E01018088,E07000011'],
        /^two-districts\.csv, row 3, column LAD19CD: LSOA E01018088 is given the district Huntingdonshire here and Fenland/,
      ],
      [
        'outside.csv',
        ['LSOA11CD,LAD19CD', 'E01033000,E07000146'],
        /^outside\.csv, column LAD19CD: none of its 1 rows is an LSOA of Cambridgeshire and Peterborough/,
      ],
      ['header-only.csv', ['LSOA11CD,LAD19CD'], /^header-only\.csv has a header row but no data rows/],
    ];
    for (const [name, lines, message] of cases) {
      await expect(importLsoaLookup(ws, csv(name, lines)), name).rejects.toMatchObject({
        code: 'INVALID_FILE',
        message: expect.stringMatching(message),
      });
    }
    // The same LSOA twice with the same district (an output-area level file) is one LSOA, and
    // a UK-wide file's Scottish data zones are only counted as outside the area.
    const repeated = csv('repeated.csv', [
      'LSOA11CD,LAD19CD',
      'E01018088,E07000010',
      'E01018088,E07000010',
      'S01006506,S12000033',
    ]);
    expect((await importLsoaLookup(ws, repeated)).lookup).toMatchObject({ rowsRead: 3, lsoas: 1, outsideArea: 1 });
  });

  it('replaces the previous lookup in one go, and keeps it when the new file is refused or cancelled', async () => {
    const full = dir.file('full.csv');
    await writeLsoaLookup(full);
    await importLsoaLookup(ws, full);
    const fenland = csv('fenland.csv', [
      'LSOA11CD,LAD19CD',
      ...lsoaLookupRows()
        .filter((r) => r.districtName === 'Fenland')
        .map((r) => `${r.lsoaCode},${r.districtCode}`),
    ]);
    const second = await importLsoaLookup(ws, fenland);
    expect(second.replaced).toBe(AREA_LSOAS);
    expect(second.lookup).toMatchObject({ fileName: 'fenland.csv', lsoas: LSOA_COUNTS.Fenland, outsideArea: 0 });
    expect(second.lookup.districts).toEqual({ Fenland: LSOA_COUNTS.Fenland });
    expect(count(ws, 'SELECT count(*) AS n FROM lsoa_districts')).toBe(LSOA_COUNTS.Fenland);
    expect(count(ws, 'SELECT count(*) AS n FROM lsoa_lookup')).toBe(1);

    const bad = csv('bad.csv', ['LSOA11CD,LAD19CD', 'E01017950,E07000008', 'nope,E07000008']);
    await expect(importLsoaLookup(ws, bad)).rejects.toThrow(/bad\.csv, row 3/);
    const controller = new AbortController();
    controller.abort();
    await expect(importLsoaLookup(ws, full, { signal: controller.signal })).rejects.toMatchObject({
      code: 'CANCELLED',
    });
    expect(lsoaLookupInfo(ws.db)).toMatchObject({ fileName: 'fenland.csv', lsoas: LSOA_COUNTS.Fenland });
    expect(ws.audit.list({ limit: 10 }).filter((e) => e.action === 'geography.import')).toHaveLength(2);
  });
});
