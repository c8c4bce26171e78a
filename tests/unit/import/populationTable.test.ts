// Population tables read from real files into a real workspace: a BOM, stray spaces and
// quoting are read as the analyst meant them; a value outside the codebook, a malformed
// line or missing columns refuse the file with its row, storing nothing.
import { afterAll, describe, expect, it } from 'vitest';
import { importPopulationTable } from '../../../src-main/import/populationTable.ts';
import { count, createWorkspace, TempDir } from './importTestKit.ts';

const dir = new TempDir();
afterAll(() => dir.remove());

describe('population tables', () => {
  it('reads a BOM, spaces around headers and values, quoted fields and blank lines', async () => {
    const ws = createWorkspace(dir, 'population-ok.vsow');
    try {
      const path = dir.write(
        'population.csv',
        '\uFEFF district , age_band,sex, population\r\n"Fenland", 18-24 ,Female,"4,100"\r\n\r\nCambridge,,, 125000\r\n',
      );
      await expect(importPopulationTable(ws, 'mid-2022', path)).rejects.toMatchObject({
        code: 'INVALID_FILE',
        message: expect.stringMatching(
          /population\.csv, row 2, column population: “4,100” is not a non-negative number/,
        ),
      });
      const fixed = dir.write(
        'population-fixed.csv',
        '\uFEFF district , age_band,sex, population\r\n"Fenland", 18-24 ,Female,"4100"\r\n\r\nCambridge,,, 125000\r\n',
      );
      expect(await importPopulationTable(ws, 'mid-2022', fixed)).toEqual({ name: 'mid-2022', rows: 2, total: 129_100 });
      expect(
        ws.db.prepare('SELECT district, age_band, sex, population FROM populations ORDER BY population').all(),
      ).toEqual([
        { district: 'Fenland', age_band: '18-24', sex: 'Female', population: 4100 },
        { district: 'Cambridge', age_band: null, sex: null, population: 125_000 },
      ]);
    } finally {
      ws.close();
    }
  });

  it('refuses an unknown district, a ragged row and a file without the needed columns, storing nothing', async () => {
    const ws = createWorkspace(dir, 'population-bad.vsow');
    try {
      const unknown = dir.write('unknown.csv', 'district,population\nFenland,10\nNarnia,20\n');
      await expect(importPopulationTable(ws, 'bad', unknown)).rejects.toMatchObject({
        code: 'INVALID_FILE',
        message: expect.stringMatching(/unknown\.csv, row 3, column district: “Narnia” is not a codebook category/),
      });
      const ragged = dir.write('ragged.csv', 'district,population\nFenland,10\nCambridge\n');
      await expect(importPopulationTable(ws, 'bad', ragged)).rejects.toMatchObject({
        code: 'INVALID_FILE',
        message: expect.stringMatching(/ragged\.csv, row 3: the table cannot be read/),
      });
      const columns = dir.write('columns.csv', 'area,people\nFenland,10\n');
      await expect(importPopulationTable(ws, 'bad', columns)).rejects.toMatchObject({
        code: 'INVALID_FILE',
        message: expect.stringMatching(/columns\.csv needs the columns district and population/),
      });
      expect(count(ws, 'SELECT count(*) AS n FROM populations')).toBe(0);
    } finally {
      ws.close();
    }
  });
});
