// Migration 009 fills each rejected row's date from its raw cells without the importer: the
// header its batch's profile names, else the header the automatic mapping took for `date`
// (frozen in the migration). The oracle here is the importer's own mapping and date parser.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILT_IN_CODEBOOK, COHORTS, type Cohort } from '../../../shared/codebook.ts';
import { autoMap } from '../../../src-main/import/mapping.ts';
import { parseDate } from '../../../shared/parseDate.ts';
import { DATE_HEADERS_AT_V9, rejectedRowDate } from '../../../src-main/store/migrations/009_rejected_row_dates.ts';
import { Workspace } from '../../../src-main/store/workspace.ts';
import { PASSPHRASE, insertBatch, tempDir } from './storeTestKit.ts';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

/** What the importer reads as the date of a row of these cells today. */
function importerDate(cells: Record<string, string>, cohort: Cohort): string | null {
  const header = autoMap(Object.keys(cells), cohort, BUILT_IN_CODEBOOK).columns.find(
    (c) => c.target === 'date',
  )?.source;
  const cell = header === undefined ? undefined : cells[header];
  return cell === undefined ? null : parseDate(cell);
}

const ROWS: Record<string, string>[] = [
  { 'Date Committed': '14/03/2009', Note: 'x' },
  { 'Incident Date': '01/02/2020', 'Offence Date': '03/04/2021' },
  { 'Start Date': '2019-08-31T23:30:00+00:00', Sex: 'Female' },
  { DATE_FROM: '12-Jan-2021', 'Date of offence': 'not a date' },
  { Sex: 'Male' },
  { 'Crime Date': '31/02/2021' },
];

describe('migration 009 (rejected rows’ dates)', () => {
  it.each(COHORTS)('finds the header the importer maps to date, for %s', (cohort) => {
    for (const header of DATE_HEADERS_AT_V9)
      expect(autoMap([header], cohort, BUILT_IN_CODEBOOK).columns[0]?.target).toBe('date');
    for (const cells of ROWS) expect(rejectedRowDate(JSON.stringify(cells), null)).toBe(importerDate(cells, cohort));
  });

  it('prefers the header its batch’s profile names, when the row holds it', () => {
    const cells = { 'Date Committed': '14/03/2009', Reported: '15/03/2009' };
    expect(rejectedRowDate(JSON.stringify(cells), 'Reported')).toBe('2009-03-15');
    expect(rejectedRowDate(JSON.stringify(cells), 'Absent header')).toBe('2009-03-14');
    expect(rejectedRowDate('not json', null)).toBeNull();
    expect(rejectedRowDate('[1, 2]', null)).toBeNull();
  });

  it('fills the dates of a version 8 workspace’s rejected rows as it opens', () => {
    const path = join(dir, 'v8.vsow');
    const old = Workspace.create(path, PASSPHRASE, { schemaVersion: 8 });
    const plain = insertBatch(old.db, 'victims', [{ personKey: 'P1', date: '2020-05-01' }], {
      rejected: ROWS.map((raw) => ({ raw })),
    });
    const profiled = insertBatch(old.db, 'suspects', [{ personKey: 'P2', date: '2020-05-01' }], {
      rejected: [{ raw: { 'Date Committed': '14/03/2009', Reported: '15/03/2009' } }],
    });
    const profile = JSON.stringify({ columns: [{ source: 'Reported', target: 'date' }] });
    old.db
      .prepare(
        `INSERT INTO mapping_profiles (name, cohort, profile, created_at, updated_at) VALUES ('p', 'suspects', ?, 'x', 'x')`,
      )
      .run(profile);
    old.db.prepare(`UPDATE import_batches SET profile_name = 'p' WHERE id = ?`).run(profiled);
    old.close();

    const upgraded = Workspace.open(path, PASSPHRASE);
    try {
      const dates = (batch: number): (string | null)[] =>
        (
          upgraded.db.prepare('SELECT date FROM rejected_rows WHERE batch_id = ? ORDER BY id').all(batch) as {
            date: string | null;
          }[]
        ).map((r) => r.date);
      expect(dates(plain)).toEqual(ROWS.map((cells) => importerDate(cells, 'victims')));
      expect(dates(profiled)).toEqual(['2009-03-15']);
    } finally {
      upgraded.close();
    }
  });
});
