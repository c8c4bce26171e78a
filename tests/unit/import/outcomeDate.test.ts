// The suspects' optional outcome date on a real encrypted workspace: read as the offence date
// is (day first), stored as ISO text, blank when the cell is blank, and in the engine's
// snapshot; a row whose outcome comes before its offence, or whose outcome date is unreadable
// or in the future, is rejected naming its file, row and column. A workspace made before the
// column existed gains it when opened.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSnapshot } from '../../../src-main/engine/loadSnapshot.ts';
import { daysToIso } from '../../../src-main/engine/dates.ts';
import { timeToOutcomeTable } from '../../../src-main/engine/analyses/outcomes.ts';
import { runImport } from '../../../src-main/import/runImport.ts';
import { schemaVersion } from '../../../src-main/store/migrate.ts';
import { Workspace } from '../../../src-main/store/workspace.ts';
import { createWorkspace, PASSPHRASE, TempDir } from './importTestKit.ts';

const dir = new TempDir();
let ws: Workspace;
let n = 0;
beforeEach(() => {
  ws = createWorkspace(dir, `ws-${++n}.vsow`);
});
afterEach(() => ws.close());
afterAll(() => dir.remove());

const EXTRACT = [
  'Offence Date,Outcome Date,Gender,District Name',
  '01/05/2021,15/06/2021,F,Fenland', // line 2: 45 days
  '02/05/2021,,M,Fenland', // line 3: no outcome yet
  '03/05/2021,01/04/2021,M,Fenland', // line 4: outcome before offence
  '04/05/2021,31/02/2021,F,Fenland', // line 5: no such day
  '05/05/2021,01/05/2031,F,Fenland', // line 6: in the future
  '06/05/2021,06/05/2021,M,Fenland', // line 7: same day, 0 days
  '07/05/2021,17/05/2021,M,Fenland', // line 8: 10 days
].join('\n');

describe('the outcome date of suspects', () => {
  it('is mapped by its header, stored as ISO text, blank when blank', async () => {
    const path = dir.write('suspects.csv', EXTRACT);
    const result = await runImport(ws, { cohort: 'suspects', path, now: new Date('2026-01-01') });
    expect(result.accepted).toBe(4);
    const stored = ws.db.prepare('SELECT date, outcome_date FROM suspects ORDER BY date').all();
    expect(stored).toEqual([
      { date: '2021-05-01', outcome_date: '2021-06-15' },
      { date: '2021-05-02', outcome_date: null },
      { date: '2021-05-06', outcome_date: '2021-05-06' },
      { date: '2021-05-07', outcome_date: '2021-05-17' },
    ]);
  });

  it('rejects an outcome before the offence, an unreadable one and a future one, naming file, row and column', async () => {
    const path = dir.write('suspects.csv', EXTRACT);
    const result = await runImport(ws, { cohort: 'suspects', path, now: new Date('2026-01-01') });
    expect(result.rejected).toBe(3);
    expect(result.reasons).toEqual({ outcome_before_offence: 1, unparseable_date: 1, future_date: 1 });
    const rejected = (
      ws.db
        .prepare(
          `SELECT b.file_name AS file, r.source_row AS row, r.reasons FROM rejected_rows r
           JOIN import_batches b ON b.id = r.batch_id ORDER BY r.source_row`,
        )
        .all() as Array<{ file: string; row: number; reasons: string }>
    ).map((r) => ({ ...r, reasons: JSON.parse(r.reasons) as unknown }));
    expect(rejected).toEqual([
      {
        file: 'suspects.csv',
        row: 4,
        reasons: [{ column: 'Outcome Date', value: '01/04/2021 (offence 2021-05-03)', rule: 'outcome_before_offence' }],
      },
      {
        file: 'suspects.csv',
        row: 5,
        reasons: [{ column: 'Outcome Date', value: '31/02/2021', rule: 'unparseable_date' }],
      },
      { file: 'suspects.csv', row: 6, reasons: [{ column: 'Outcome Date', value: '01/05/2031', rule: 'future_date' }] },
    ]);
  });

  it('reaches the engine: the snapshot holds its days, and time to outcome counts from them', async () => {
    const path = dir.write('suspects.csv', EXTRACT);
    await runImport(ws, { cohort: 'suspects', path, now: new Date('2026-01-01') });
    const snapshot = loadSnapshot(ws.db, ws.codebook(), 'suspects');
    const outcome = snapshot.dates.outcome_date?.days;
    expect(outcome && [...outcome].map((d) => daysToIso(d) ?? 'none').sort()).toEqual([
      '2021-05-06',
      '2021-05-17',
      '2021-06-15',
      'none',
    ]);
    // 0, 10 and 45 days: the median is 10, the quartiles 5 and 27.5.
    const table = timeToOutcomeTable(snapshot, { filters: [], rows: [], cols: [] });
    expect(table.total).toMatchObject({ records: 3, quartiles: { q1: 5, median: 10, q3: 27.5 } });
  });

  it('is added, empty, to a workspace made before it existed', () => {
    const path = dir.file('before.vsow');
    const old = Workspace.create(path, PASSPHRASE, { schemaVersion: 11 });
    // A version 11 file had no such column: take it away from this one.
    old.db.exec('ALTER TABLE suspects DROP COLUMN outcome_date');
    old.db.prepare("DELETE FROM codebook_columns WHERE name = 'outcome_date'").run();
    const positions = old.db.prepare('SELECT MAX(position) AS last FROM codebook_columns').get() as { last: number };
    old.close();
    const upgraded = Workspace.open(path, PASSPHRASE);
    try {
      expect(schemaVersion(upgraded.db)).toBeGreaterThanOrEqual(12);
      const columns = upgraded.db.prepare('PRAGMA table_info(suspects)').all() as Array<{ name: string; type: string }>;
      expect(columns.find((c) => c.name === 'outcome_date')?.type).toBe('TEXT');
      const entry = upgraded.codebook().columns.find((c) => c.name === 'outcome_date');
      expect(entry).toMatchObject({ kind: 'date', cohorts: ['suspects'] });
      const position = upgraded.db.prepare("SELECT position FROM codebook_columns WHERE name = 'outcome_date'").get();
      expect(position).toEqual({ position: positions.last + 1 });
    } finally {
      upgraded.close();
    }
  });
});
