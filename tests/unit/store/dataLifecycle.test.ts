// Issue 10 on real files: deleting an import batch, retention purge (searched for in the raw
// decrypted pages, free pages included), backup while another connection reads, restore with
// identical content, a damaged backup refused, hand-over copy, and the integrity check.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCipherDatabase } from '../../../src-main/store/cipherDatabase.ts';
import { Workspace } from '../../../src-main/store/workspace.ts';
import { runImport } from '../../../src-main/import/runImport.ts';
import {
  codeOf,
  codeOfAsync,
  contentDigest,
  decryptSqlcipher4,
  filesIn,
  findNeedles,
  insertBatch,
  PASSPHRASE,
  tempDir,
} from './storeTestKit.ts';

let dir: string;
let cleanup: () => void;
let path: string;
let ws: Workspace;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  path = join(dir, 'ws.vsow');
  ws = Workspace.create(path, PASSPHRASE);
});
afterEach(() => {
  ws.close();
  cleanup();
});

const people = (prefix: string, n: number, date: string) =>
  Array.from({ length: n }, (_, i) => ({ personKey: `${prefix}${i}`, date, sex: i % 3, district: i % 8 }));

describe('deleting an import batch', () => {
  // A batch's records are the range of ids its import recorded; the range of a batch deleted
  // from the end of the table is given again to the next import, and stays the new batch's.
  it("finds an import's records by their range of ids, also when a deleted batch's range is reused", async () => {
    const csv = (name: string, refs: string[]) => {
      const file = join(dir, name);
      writeFileSync(file, ['Nominal Ref,Date Committed,Gender', ...refs.map((r) => `${r},01/05/2021,F`)].join('\n'));
      return file;
    };
    const refs = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
    const a = await runImport(ws, { cohort: 'victims', path: csv('a.csv', refs('A', 5)) });
    const b = await runImport(ws, { cohort: 'victims', path: csv('b.csv', refs('B', 4)) });
    expect(ws.deleteBatch(b.batchId).records).toBe(4);
    const c = await runImport(ws, { cohort: 'victims', path: csv('c.csv', refs('C', 6)) });
    const ranges = ws.db
      .prepare('SELECT id, first_row AS first, last_row AS last FROM import_batches ORDER BY id')
      .all();
    expect(ranges).toEqual([
      { id: a.batchId, first: 1, last: 5 },
      { id: b.batchId, first: 6, last: 9 },
      { id: c.batchId, first: 6, last: 11 },
    ]);
    expect(ws.batchSummary(b.batchId).records).toBe(0);
    expect(ws.batchSummary(c.batchId).records).toBe(6);
    expect(ws.deleteBatch(a.batchId).records).toBe(5);
    expect(ws.db.prepare('SELECT count(*) FROM victims WHERE batch_id = ?').pluck().get(c.batchId)).toBe(6);
    expect(ws.deleteBatch(c.batchId).records).toBe(6);
    expect(ws.db.prepare('SELECT count(*) FROM victims').pluck().get()).toBe(0);
  });

  it('removes its records, rejected rows and orphan persons in one audited transaction', () => {
    const first = insertBatch(
      ws.db,
      'victims',
      [...people('SHARED', 5, '2023-01-01'), ...people('ONLYFIRST', 10, '2023-01-02')],
      {
        fileName: 'q1.csv',
        rejected: [{ raw: { date: 'not a date' } }, { raw: { date: '2023-13-01' } }],
      },
    );
    const before = contentDigest(ws.db);
    const second = insertBatch(
      ws.db,
      'victims',
      [...people('SHARED', 5, '2023-04-01'), ...people('ONLYSECOND', 20, '2023-04-02')],
      {
        fileName: 'q1-again.csv',
        rejected: [{ raw: { date: 'x' } }],
      },
    );
    expect(ws.info()).toMatchObject({ counts: { victims: 40 }, persons: 35 });

    expect(ws.batchSummary(second)).toMatchObject({
      records: 25,
      rejectedRows: 1,
      batch: { fileName: 'q1-again.csv' },
    });
    const result = ws.deleteBatch(second);
    expect(result).toEqual({
      batchId: second,
      cohort: 'victims',
      records: 25,
      rejectedRows: 1,
      persons: 20,
      labels: 0,
    });
    expect(ws.info()).toMatchObject({ counts: { victims: 15 }, persons: 15 });
    expect(ws.batchSummary(first)).toMatchObject({ records: 15, rejectedRows: 2 });

    const deleted = ws.listBatches().find((b) => b.id === second);
    expect(deleted).toMatchObject({ status: 'deleted' });
    expect(deleted?.deletedBy).toBeTruthy();
    // The data is as if the second batch had never been imported (only its history row remains).
    ws.db.prepare('DELETE FROM import_batches WHERE id = ?').run(second);
    expect(contentDigest(ws.db)).toBe(before);

    const entry = ws.audit.list({ action: 'batch.delete' })[0];
    expect(entry?.detail).toMatchObject({ batchId: second, fileName: 'q1-again.csv', records: 25, rejectedRows: 1 });
    expect(codeOf(() => ws.deleteBatch(999))).toBe('NOT_FOUND');
    expect(ws.audit.verify().intact).toBe(true);
  });

  it('refuses to delete a batch twice', () => {
    const id = insertBatch(ws.db, 'offenders', people('O', 3, '2022-01-01'));
    ws.deleteBatch(id);
    expect(codeOf(() => ws.deleteBatch(id))).toBe('NOT_FOUND');
  });
});

describe('retention', () => {
  it('purges records past the period and leaves nothing of them in the raw pages', async () => {
    insertBatch(
      ws.db,
      'victims',
      [...people('OLDPERSONKEY', 300, '2009-03-14'), ...people('NEWPERSONKEY', 300, '2023-07-21')],
      {
        rejected: [{ raw: { 'Date Committed': '14/03/2009', note: 'OLDREJECTEDNOTE' }, date: '2009-03-14' }],
      },
    );
    ws.close();
    const oldValues = ['OLDPERSONKEY1', '2009-03-14', '14/03/2009', 'OLDREJECTEDNOTE'];
    const keptValues = ['NEWPERSONKEY1', '2023-07-21'];
    // The search works: before the purge the old values are in the decrypted pages.
    const before = decryptSqlcipher4(readFileSync(path), PASSPHRASE);
    expect(findNeedles(before, oldValues)).toEqual(oldValues);

    ws = Workspace.open(path, PASSPHRASE);
    expect(ws.retentionPreview(10, '2024-06-30')).toMatchObject({ cutoff: '2014-06-30', total: 300 });
    const purge = await ws.purgeRetention(10, '2024-06-30');
    expect(purge).toMatchObject({ cutoff: '2014-06-30', total: 300, persons: 300, rejectedRows: 1 });
    expect(ws.info()).toMatchObject({ counts: { victims: 300 }, persons: 300 });
    expect(ws.audit.list({ action: 'retention.purge' })[0]?.detail).toMatchObject({ years: 10, total: 300 });
    ws.close();

    // Every page of the file, decrypted with the key, free pages included; and every side file raw.
    const after = decryptSqlcipher4(readFileSync(path), PASSPHRASE);
    expect(findNeedles(after, oldValues)).toEqual([]);
    expect(findNeedles(after, keptValues)).toEqual(keptValues);
    for (const file of filesIn(dir))
      expect(findNeedles(file.bytes, [...oldValues, ...keptValues]), file.name).toEqual([]);
    ws = Workspace.open(path, PASSPHRASE);
  });

  it('computes the cutoff in whole years, 29 February included', () => {
    expect(ws.retentionPreview(1, '2024-02-29').cutoff).toBe('2023-02-28');
    expect(ws.retentionPreview(4, '2024-02-29').cutoff).toBe('2020-02-29');
    expect(codeOf(() => ws.retentionPreview(0, '2024-01-01'))).toBe('BAD_REQUEST');
    expect(codeOf(() => ws.retentionPreview(5, '01/01/2024'))).toBe('BAD_REQUEST');
  });
});

describe('backup and restore', () => {
  it('backs up while another connection reads, and restores identical content', async () => {
    insertBatch(ws.db, 'victims', people('BACKUPKEY', 2000, '2022-05-05'));
    insertBatch(ws.db, 'suspects', people('BACKUPKEY', 500, '2022-06-06'));
    const digest = contentDigest(ws.db);

    // A second connection is in the middle of a read when the backup runs.
    const reader = openCipherDatabase(path, PASSPHRASE, { readonly: true });
    const rows = reader.prepare('SELECT * FROM victims').iterate();
    let read = 0;
    for (let i = 0; i < 100; i++) if (!rows.next().done) read++;
    const out = join(dir, 'backup.vsow');
    const copy = await ws.backupTo(out);
    for (let r = rows.next(); !r.done; r = rows.next()) read++;
    reader.close();
    expect(read).toBe(2000);
    expect(copy.path).toBe(out);
    expect(ws.audit.list({ limit: 1 })[0]).toMatchObject({ action: 'workspace.backup', detail: { to: out } });
    expect(await codeOfAsync(() => ws.backupTo(out))).toBe('FILE_EXISTS');

    // The copy is encrypted (no plaintext, whole pages) and opens with the same passphrase.
    const raw = readFileSync(out);
    expect(findNeedles(raw, ['BACKUPKEY', 'SQLite format 3'])).toEqual([]);
    expect(findNeedles(decryptSqlcipher4(raw, PASSPHRASE), ['BACKUPKEY1999'])).toEqual(['BACKUPKEY1999']);

    // Later changes to the workspace, then restore over it.
    insertBatch(ws.db, 'victims', people('LATER', 10, '2024-01-01'));
    ws.close();
    expect(await codeOfAsync(() => Workspace.restoreFrom(out, path, PASSPHRASE))).toBe('FILE_EXISTS');
    ws = await Workspace.restoreFrom(out, path, PASSPHRASE, { replace: true });
    expect(contentDigest(ws.db)).toBe(digest);
    expect(ws.info().counts).toEqual({ victims: 2000, suspects: 500, offenders: 0 });
    expect(ws.audit.list({ limit: 1 })[0]).toMatchObject({ action: 'workspace.restore', detail: { from: out } });
    expect(ws.audit.verify().intact).toBe(true);
  });

  it('refuses a damaged backup with a clear error and leaves the target as it was', async () => {
    insertBatch(ws.db, 'victims', people('DAMAGEDKEY', 3000, '2022-05-05'));
    const out = join(dir, 'backup.vsow');
    await ws.backupTo(out);
    const digest = contentDigest(ws.db);
    ws.close();

    const bytes = readFileSync(out);
    const middle = Math.floor(bytes.length / 2 / 4096) * 4096;
    bytes.fill(0x41, middle + 500, middle + 600);
    writeFileSync(out, bytes);
    let message = '';
    try {
      await Workspace.restoreFrom(out, path, PASSPHRASE, { replace: true });
    } catch (error) {
      expect((error as { code?: string }).code).toBe('DAMAGED_WORKSPACE');
      message = (error as Error).message;
    }
    expect(message).toMatch(/backup\.vsow is damaged/);
    expect(
      await codeOfAsync(() =>
        Workspace.restoreFrom(join(dir, 'backup.vsow'), path, 'wrong passphrase!', { replace: true }),
      ),
    ).toBe('WRONG_PASSPHRASE');
    ws = Workspace.open(path, PASSPHRASE);
    expect(contentDigest(ws.db)).toBe(digest);
    expect(
      filesIn(dir)
        .map((f) => f.name)
        .filter((n) => n.includes('partial')),
    ).toEqual([]);
  });
});

describe('hand-over and integrity check', () => {
  it('writes a copy under its own passphrase, without rejected rows or audit history', async () => {
    insertBatch(ws.db, 'victims', people('HANDKEY', 50, '2023-03-03'), {
      rejected: [{ raw: { date: 'bad', note: 'REJECTEDSECRETNOTE' } }],
    });
    ws.audit.append('export.table', { file: 'AUDITDETAILMARKER.xlsx' });
    const out = join(dir, 'handover.vsow');
    const handoverPassphrase = 'the colleague passphrase';
    const result = await ws.exportForHandOver(out, handoverPassphrase);
    expect(result).toMatchObject({ rejectedRowsRemoved: 1 });
    expect(result.auditEntriesRemoved).toBeGreaterThanOrEqual(2);
    expect(ws.audit.list({ limit: 1 })[0]).toMatchObject({ action: 'workspace.handover_export', detail: { to: out } });

    expect(codeOf(() => Workspace.open(out, PASSPHRASE))).toBe('WRONG_PASSPHRASE');
    const image = decryptSqlcipher4(readFileSync(out), handoverPassphrase);
    expect(findNeedles(image, ['REJECTEDSECRETNOTE', 'AUDITDETAILMARKER'])).toEqual([]);
    expect(findNeedles(image, ['HANDKEY49'])).toEqual(['HANDKEY49']);

    const copy = Workspace.open(out, handoverPassphrase);
    expect(copy.info().counts.victims).toBe(50);
    expect(copy.db.prepare('SELECT count(*) FROM rejected_rows').pluck().get()).toBe(0);
    // The wrong-passphrase attempt above is written at this first successful open.
    expect(copy.audit.list().map((e) => e.action)).toEqual([
      'workspace.open',
      'workspace.open_failed',
      'workspace.handover',
    ]);
    expect(copy.audit.verify()).toEqual({ intact: true, entries: 3 });
    expect(() => copy.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    copy.close();
  });

  it('checks structure, audit chain and codebook consistency, and reports each in words', async () => {
    insertBatch(ws.db, 'victims', people('CHECK', 20, '2023-03-03'));
    const healthy = await ws.checkIntegrity();
    expect(healthy.ok).toBe(true);
    expect(healthy.summary).toHaveLength(3);

    ws.db.prepare('UPDATE victims SET sex = 77 WHERE id IN (SELECT id FROM victims LIMIT 3)').run();
    ws.db.prepare('UPDATE victims SET domestic_abuse = 5 WHERE id = (SELECT min(id) FROM victims)').run();
    const broken = await ws.checkIntegrity();
    expect(broken.ok).toBe(false);
    expect(broken.sqlite.ok).toBe(true);
    expect(broken.codebook.problems).toEqual([
      'victims.sex: 3 record(s) hold code 77, which is not a category',
      'victims.domestic_abuse: 1 record(s) hold a flag that is neither yes nor no',
    ]);
    expect(broken.summary[2]).toMatch(/^Codebook: 2 problem/);
  });
});
