// The header check on real files: the January 2021 street file, whose header was lost, is said
// to start with data (line 1's values are of the kinds below it); the August 2019 file with its
// header, the stop-and-search file, and generated extracts of every cohort and dialect are not.
// Read without a header, the headerless file's first line is row 1 of data.
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COHORTS } from '../../../shared/codebook.ts';
import { firstLineLooksLikeData } from '../../../src-main/import/headers.ts';
import { previewFile } from '../../../src-main/import/preview.ts';
import { openCsv } from '../../../src-main/import/readCsv.ts';
import { rowsOf } from '../../../src-main/import/tableSource.ts';
import { fixture, TempDir } from './importTestKit.ts';

const REAL = resolve(import.meta.dirname, '../../../fixtures/real');
const dir = new TempDir();
afterAll(() => dir.remove());

describe('header check', () => {
  it('says the headerless real file starts with data, and why', async () => {
    const preview = await previewFile(resolve(REAL, '2021-01-cambridgeshire-street.csv'));
    expect(preview.firstLineIsData).toMatch(/“2021-01” in column 2 is a month, as the values below it are/);
  });

  it('finds the header of the real files that have one, and of generated extracts', async () => {
    for (const name of ['2019-08-cambridgeshire-street.csv', '2019-08-cambridgeshire-stop-and-search.csv'])
      expect((await previewFile(resolve(REAL, name))).firstLineIsData, name).toBeUndefined();
    for (const cohort of COHORTS)
      for (const dialect of ['canonical', 'messy'] as const) {
        const file = await fixture(dir, cohort, 300, { dialect });
        expect((await previewFile(file.path)).firstLineIsData, `${cohort} ${dialect}`).toBeUndefined();
      }
  });

  it('reads a file without a header from its first line, columns named by position or as given', async () => {
    const path = resolve(REAL, '2021-01-cambridgeshire-street.csv');
    const source = await openCsv(path, { header: false });
    expect(source.headers).toEqual(Array.from({ length: 12 }, (_, i) => `Column ${i + 1}`));
    const first = (await rowsOf(source).next()).value;
    await source.close();
    expect(first?.line).toBe(1);
    expect(first?.cells[1]).toBe('2021-01');
    const named = await openCsv(path, { header: false, columnNames: ['Crime ID', 'Month'] });
    expect(named.headers.slice(0, 3)).toEqual(['Crime ID', 'Month', 'Column 3']);
    await named.close();
  });

  it('takes a first line equal to the known columns as the header, and one of none of them as data', () => {
    const known = ['Month', 'Area'];
    const below = [
      ['2021-02', 'North'],
      ['2021-03', 'South'],
    ];
    expect(firstLineLooksLikeData(['Month', 'Area'], below, known)).toBeNull();
    expect(firstLineLooksLikeData(['2021-01', 'North'], below, known)).toMatch(/column 1 is a month/);
    expect(firstLineLooksLikeData(['Period', 'Place'], below)).toBeNull();
  });
});
