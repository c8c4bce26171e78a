// The whole import on a real encrypted workspace: every row accounted for, validation
// reasons, one transaction (cancel and failure leave nothing), the same file twice,
// repeated lines judged as records, progress, and mapping profiles re-applied to the next extract.
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.ts';
import { listProfiles, loadProfile } from '../../../src-main/import/profile.ts';
import type { ImportProgress } from '../../../src-main/import/progress.ts';
import { runImport } from '../../../src-main/import/runImport.ts';
import type { Workspace } from '../../../src-main/store/workspace.ts';
import { count, createWorkspace, fixture, TempDir } from './importTestKit.ts';

const dir = new TempDir();
let ws: Workspace;
let n = 0;
beforeEach(() => {
  ws = createWorkspace(dir, `ws-${++n}.vsow`);
});
afterEach(() => ws.close());
afterAll(() => dir.remove());

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('validation on a generated messy extract', () => {
  it('accepts or rejects every row, with reasons, and keeps rejected rows', async () => {
    const file = await fixture(dir, 'victims', 12_000, { seed: 5 });
    const result = await runImport(ws, { cohort: 'victims', path: file.path });
    expect(result.rowsRead).toBe(12_000);
    expect(result.accepted + result.rejected).toBe(12_000);
    expect(count(ws, 'SELECT count(*) AS n FROM victims')).toBe(result.accepted);
    expect(count(ws, 'SELECT count(*) AS n FROM rejected_rows WHERE batch_id = ?', result.batchId)).toBe(
      result.rejected,
    );
    for (const rule of ['missing_date', 'unknown_category']) expect(result.reasons[rule]).toBeGreaterThan(0);
    // No record reference is mapped: repeated lines are counted and kept, never rejected.
    expect(result.duplicates).toBeGreaterThanOrEqual(file.duplicatedRows);
    expect(result.reasons.duplicate).toBeUndefined();
    expect(result.unknownValues.district?.[0]?.value).toBe('Cambrdige');
    const stored = ws.db.prepare('SELECT reasons FROM rejected_rows WHERE batch_id = ?').all(result.batchId) as Array<{
      reasons: string;
    }>;
    for (const row of stored) {
      const reasons = JSON.parse(row.reasons) as Array<{ column: string; value: string; rule: string }>;
      expect(reasons.length).toBeGreaterThan(0);
      for (const r of reasons) expect(Object.keys(r).sort()).toEqual(['column', 'rule', 'value']);
    }
    const batch = ws.db
      .prepare('SELECT rows_read, accepted, rejected, status FROM import_batches WHERE id = ?')
      .get(result.batchId);
    expect(batch).toEqual({
      rows_read: 12_000,
      accepted: result.accepted,
      rejected: result.rejected,
      status: 'committed',
    });
  });

  it('rejects impossible ages, future dates and unparseable dates', async () => {
    const path = dir.write(
      'faults.csv',
      [
        'Offence Date,Victim Age,Gender,District Name',
        '01/05/2021,230,F,Fenland',
        '01/05/2031,30,F,Fenland',
        '31/02/2021,30,F,Fenland',
        '02/05/2021,-1,M,Ely town',
        '03/05/2021,40,M,Hunts',
      ].join('\n'),
    );
    const result = await runImport(ws, { cohort: 'victims', path, now: new Date('2026-01-01') });
    expect(result.accepted).toBe(1);
    expect(result.reasons).toEqual({ impossible_age: 2, future_date: 1, unparseable_date: 1, unknown_category: 1 });
    const reasons = (
      ws.db.prepare('SELECT source_row, reasons FROM rejected_rows ORDER BY source_row').all() as Array<{
        source_row: number;
        reasons: string;
      }>
    ).map((r) => [r.source_row, JSON.parse(r.reasons)]);
    expect(reasons[0]).toEqual([2, [{ column: 'Victim Age', value: '230', rule: 'impossible_age' }]]);
    expect(reasons[3]?.[1]).toContainEqual({ column: 'District Name', value: 'Ely town', rule: 'unknown_category' });
  });

  it('imports the messy file of a seed like its canonical file (same records, recoded)', async () => {
    const canonical = await fixture(dir, 'suspects', 6000, { seed: 9, dialect: 'canonical' });
    const messy = await fixture(dir, 'suspects', 6000, { seed: 9, dialect: 'messy' });
    const a = await runImport(ws, { cohort: 'suspects', path: canonical.path });
    const b = await runImport(ws, { cohort: 'suspects', path: messy.path, duplicateRows: 'keep' });
    const byGroup = (batch: number) =>
      new Map(
        (
          ws.db
            .prepare(
              'SELECT c.label AS label, count(*) AS n FROM suspects s JOIN categories c ON c.column_name = ? AND c.code = s.offence_group WHERE batch_id = ? GROUP BY label',
            )
            .all('offence_group', batch) as Array<{ label: string; n: number }>
        ).map((r) => [r.label, r.n]),
      );
    const ga = byGroup(a.batchId);
    const gb = byGroup(b.batchId);
    for (const [label, na] of ga) {
      if (label === 'Unknown') continue;
      expect(Math.abs((gb.get(label) ?? 0) - na)).toBeLessThanOrEqual(Math.max(5, na * 0.03));
    }
    // Same people: the persons of the two batches are nearly all shared.
    const shared = count(
      ws,
      'SELECT count(DISTINCT person_id) AS n FROM suspects WHERE batch_id = ? AND person_id IN (SELECT person_id FROM suspects WHERE batch_id = ?)',
      b.batchId,
      a.batchId,
    );
    expect(
      shared / count(ws, 'SELECT count(DISTINCT person_id) AS n FROM suspects WHERE batch_id = ?', b.batchId),
    ).toBeGreaterThan(0.99);
  });
});

describe('pseudonymisation', () => {
  it('keeps raw references and names out of the database and every file', async () => {
    const victims = await fixture(dir, 'victims', 3000, { seed: 4 });
    const suspects = await fixture(dir, 'suspects', 3000, { seed: 4 });
    await runImport(ws, { cohort: 'victims', path: victims.path });
    await runImport(ws, { cohort: 'suspects', path: suspects.path });
    const text = readFileSync(victims.path, 'utf8');
    const refs = [...new Set(text.match(/NM\d{7}/g) ?? [])].slice(0, 200);
    const names = [...new Set(text.match(/"[A-Z][a-z]+, [A-Z][a-z]+"/g) ?? [])]
      .map((s) => s.slice(1, -1))
      .slice(0, 100);
    expect(refs.length).toBeGreaterThan(100);
    expect(names.length).toBeGreaterThan(20);

    const dump: string[] = [];
    const tables = ws.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as Array<{
      name: string;
    }>;
    for (const { name } of tables) {
      for (const row of ws.db.prepare(`SELECT * FROM "${name}"`).raw(true).iterate()) dump.push(JSON.stringify(row));
    }
    const decrypted = dump.join('\n').toLowerCase();
    for (const ref of refs) expect(decrypted).not.toContain(ref.toLowerCase());
    for (const name of names) expect(decrypted).not.toContain(name.toLowerCase());
    const onDisk = readFileSync(ws.path).toString('latin1');
    for (const ref of refs.slice(0, 20)) expect(onDisk).not.toContain(ref);

    // The same person links across cohorts: person keys are shared, not raw refs.
    const shared = count(
      ws,
      'SELECT count(DISTINCT v.person_id) AS n FROM victims v JOIN suspects s ON s.person_id = v.person_id',
    );
    expect(shared).toBeGreaterThan(0);
    const keys = ws.db.prepare('SELECT person_key FROM persons LIMIT 5').all() as Array<{ person_key: string }>;
    for (const k of keys) expect(k.person_key).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('one transaction', () => {
  it('rolls back on cancel', async () => {
    const file = await fixture(dir, 'offenders', 40_000, { seed: 2 });
    const controller = new AbortController();
    const events: ImportProgress[] = [];
    const error = await failure(
      runImport(ws, {
        cohort: 'offenders',
        path: file.path,
        signal: controller.signal,
        onProgress: (p) => {
          events.push(p);
          if (p.phase === 'reading' && p.done > 0) controller.abort();
        },
      }),
    );
    expect(error.code).toBe('CANCELLED');
    expect(events.some((e) => e.phase === 'reading')).toBe(true);
    expect(count(ws, 'SELECT count(*) AS n FROM offenders')).toBe(0);
    expect(count(ws, 'SELECT count(*) AS n FROM import_batches')).toBe(0);
    expect(count(ws, 'SELECT count(*) AS n FROM rejected_rows')).toBe(0);
    expect(count(ws, 'SELECT count(*) AS n FROM persons')).toBe(0);
    // Nothing half-done: the same file imports afterwards.
    const again = await runImport(ws, { cohort: 'offenders', path: file.path });
    expect(again.accepted).toBeGreaterThan(39_000);
  });

  it('hears a cancel raised from another thread inside a batch, and rolls back', async () => {
    const file = await fixture(dir, 'offenders', 40_000, { seed: 2 });
    const tables = ['offenders', 'import_batches', 'rejected_rows', 'line_hashes', 'persons', 'audit_log'];
    const counts = (): number[] => tables.map((table) => count(ws, `SELECT count(*) AS n FROM ${table}`));
    const before = counts();
    let reads = 0;
    const events: ImportProgress[] = [];
    const error = await failure(
      runImport(ws, {
        cohort: 'offenders',
        path: file.path,
        // Raised at its third reading: within the first batch, whose rows take many statements.
        // A cancel read only between batches would let two batches be written and reported.
        cancelRaised: () => ++reads >= 3,
        onProgress: (p) => events.push(p),
      }),
    );
    expect(error.code).toBe('CANCELLED');
    expect(events.filter((e) => e.phase === 'reading')).toEqual([]);
    expect(counts()).toEqual(before);
    expect(before[0]).toBe(0);
  });

  it('commits nothing when the file breaks part-way', async () => {
    const good = await fixture(dir, 'victims', 5000, { seed: 3 });
    const broken = dir.write('broken.csv', `${readFileSync(good.path, 'utf8')}NM0000001,"unclosed,01/01/2021\n`);
    const error = await failure(runImport(ws, { cohort: 'victims', path: broken }));
    expect(error.code).toBe('INVALID_FILE');
    expect(error.message).toMatch(/broken\.csv, line \d+/);
    expect(count(ws, 'SELECT count(*) AS n FROM victims')).toBe(0);
    expect(count(ws, 'SELECT count(*) AS n FROM import_batches')).toBe(0);
  });

  it('refuses a header-only file without committing a batch', async () => {
    const path = dir.write('header-only.csv', 'Offence Date,Gender\r\n');
    const error = await failure(runImport(ws, { cohort: 'victims', path }));
    expect(error.code).toBe('INVALID_FILE');
    expect(count(ws, 'SELECT count(*) AS n FROM import_batches')).toBe(0);
  });

  it('reports progress at most about ten times a second, ending with done', async () => {
    const file = await fixture(dir, 'victims', 30_000, { seed: 8 });
    const events: Array<ImportProgress & { at: number }> = [];
    await runImport(ws, {
      cohort: 'victims',
      path: file.path,
      onProgress: (p) => events.push({ ...p, at: performance.now() }),
    });
    const reading = events.filter((e) => e.phase === 'reading');
    for (let i = 1; i < reading.length; i++)
      expect((reading[i] as { at: number }).at - (reading[i - 1] as { at: number }).at).toBeGreaterThanOrEqual(95);
    const last = events.at(-1);
    expect(last).toMatchObject({ phase: 'done', done: 30_000, total: 30_000, etaSeconds: 0 });
  });
});

describe('duplicates', () => {
  it('refuses the same file twice unless asked', async () => {
    const file = await fixture(dir, 'suspects', 2000, { seed: 6 });
    const first = await runImport(ws, { cohort: 'suspects', path: file.path });
    const error = await failure(runImport(ws, { cohort: 'suspects', path: file.path }));
    expect(error.code).toBe('DUPLICATE_FILE');
    expect(error.message).toMatch(/already imported \(batch 1/);
    const second = await runImport(ws, { cohort: 'suspects', path: file.path, onDuplicateFile: 'import' });
    expect(second.batchId).toBe(first.batchId + 1);
  });

  it('judges duplicates on whole lines: rejected with a record reference, else kept and counted', async () => {
    // Two searches alike in every mapped value but their place are two records; the third line
    // repeats the first exactly.
    const lines = [
      'Date,Gender,Age range,Latitude',
      '2019-08-03,Male,18-24,52.1',
      '2019-08-03,Male,18-24,52.2',
      '2019-08-03,Male,18-24,52.1',
    ];
    const noRef = dir.write('no-ref.csv', lines.join('\n'));
    const kept = await runImport(ws, { cohort: 'suspects', path: noRef });
    expect({ accepted: kept.accepted, duplicates: kept.duplicates, kept: kept.duplicatesKept }).toEqual({
      accepted: 3,
      duplicates: 1,
      kept: 1,
    });
    expect(kept.warnings.join(' ')).toMatch(/1 line\(s\) repeat an earlier line/);
    // The same file again, on purpose: every line is one the workspace already holds.
    const again = await runImport(ws, { cohort: 'suspects', path: noRef, onDuplicateFile: 'import' });
    expect({ accepted: again.accepted, duplicates: again.duplicates, stored: again.alreadyInWorkspace }).toEqual({
      accepted: 3,
      duplicates: 3,
      stored: 3,
    });
    const fresh = dir.write('no-ref-2.csv', lines.map((l) => l.replace('52.', '53.')).join('\n'));
    const dropped = await runImport(ws, { cohort: 'suspects', path: fresh, duplicateRows: 'reject' });
    expect({ accepted: dropped.accepted, rejected: dropped.reasons, stored: dropped.alreadyInWorkspace }).toEqual({
      accepted: 2,
      rejected: { duplicate: 1 },
      stored: 0,
    });

    const withRef = dir.write(
      'with-ref.csv',
      [
        'Crime ID,Date,Gender',
        'a1,2019-08-03,Male',
        'a2,2019-08-03,Male',
        'a1,2019-08-03,Male',
        'a1,2019-08-03,Female',
      ].join('\n'),
    );
    const byRecord = await runImport(ws, { cohort: 'suspects', path: withRef });
    expect(byRecord.mapping.columns.find((c) => c.source === 'Crime ID')?.target).toBe('record_ref');
    expect({ accepted: byRecord.accepted, reasons: byRecord.reasons }).toEqual({
      accepted: 3,
      reasons: { duplicate: 1 },
    });
  });
});

describe('profiles', () => {
  it('saves a mapping with recoding rules and re-applies it, warning about new columns and values', async () => {
    const year1 = dir.write(
      'year1.csv',
      [
        'Offence Date,Gender,District Name,Crime Type',
        '01/05/2021,F,Cambrdige,Theft',
        '02/05/2021,M,Fenland,Robbery',
      ].join('\n'),
    );
    const first = await runImport(ws, { cohort: 'victims', path: year1 });
    expect(first.reasons.unknown_category).toBe(1);
    const mapping = { ...first.mapping, recodes: { district: { cambrdige: 'Cambridge' } } };
    await runImport(ws, {
      cohort: 'victims',
      path: year1,
      mapping,
      saveProfileAs: 'police-victims',
      onDuplicateFile: 'import',
    });
    expect(listProfiles(ws.db).map((p) => p.name)).toEqual(['police-victims']);
    expect(loadProfile(ws.db, 'police-victims').headers).toEqual([
      'Offence Date',
      'Gender',
      'District Name',
      'Crime Type',
    ]);

    const year2 = dir.write(
      'year2.csv',
      [
        'Offence Date,Gender,District Name,Crime Type,Hate Flag',
        '01/05/2022,F,CAMBRDIGE,Theft,N',
        '02/05/2022,X-unknown,Hunts,Burglary,Y',
      ].join('\n'),
    );
    const second = await runImport(ws, { cohort: 'victims', path: year2, profile: 'police-victims' });
    expect(second.accepted).toBe(1);
    expect(second.mapping.columns).toContainEqual({ source: 'Hate Flag', target: 'hate_crime' });
    expect(second.warnings.some((w) => /New column "Hate Flag".*hate_crime/.test(w))).toBe(true);
    expect(
      second.warnings.some((w) => /^district: .*not seen when profile "police-victims" was saved \(hunts\)/.test(w)),
    ).toBe(true);
    const batch = ws.db.prepare('SELECT profile_name FROM import_batches WHERE id = ?').get(second.batchId);
    expect(batch).toEqual({ profile_name: 'police-victims' });
  });

  it('refuses an unknown profile by name', async () => {
    const path = dir.write('p.csv', 'Offence Date\n01/01/2021\n');
    const error = await failure(runImport(ws, { cohort: 'victims', path, profile: 'nope' }));
    expect(error.code).toBe('NOT_FOUND');
  });
});

describe('date order', () => {
  const lines = ['Date,Gender', '03/04/2021,M', '12/31/2021,F', '31/12/2021,F', '31/31/2021,M'];

  it('stops when a date fits only month/day order, and commits nothing', async () => {
    const path = dir.write('mixed-order.csv', lines.join('\n'));
    const error = await failure(runImport(ws, { cohort: 'victims', path, now: new Date('2026-01-01') }));
    expect(error.message).toMatch(/1 distinct date\(s\) fit only month\/day order and 1 only day\/month/);
    expect(count(ws, 'SELECT count(*) AS n FROM import_batches')).toBe(0);
  });

  it('reads the order it is given and rejects each date that fits only the other, or neither', async () => {
    const path = dir.write('ordered.csv', lines.join('\n'));
    const result = await runImport(ws, { cohort: 'victims', path, dateOrder: 'mdy', now: new Date('2026-01-01') });
    expect(result.accepted).toBe(2);
    expect(result.reasons).toEqual({ date_order: 1, unparseable_date: 1 });
    const dates = ws.db.prepare('SELECT date FROM victims ORDER BY date').all() as Array<{ date: string }>;
    expect(dates.map((d) => d.date)).toEqual(['2021-03-04', '2021-12-31']);
  });
});
