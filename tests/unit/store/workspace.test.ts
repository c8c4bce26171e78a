// The Workspace API: info, the stored codebook and its extensions, persons, the HMAC secret,
// settings, lock and unlock (refusing calls while locked), failed opens written at the next
// open, passphrase change, and the idle timer.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILT_IN_CODEBOOK, DISTRICTS } from '../../../shared/codebook.ts';
import { IdleTimer, type IdleClock } from '../../../src-main/store/idleTimer.ts';
import { LATEST_SCHEMA_VERSION } from '../../../src-main/store/migrations/index.ts';
import { Workspace } from '../../../src-main/store/workspace.ts';
import { codeOf, insertBatch, PASSPHRASE, tempDir } from './storeTestKit.ts';

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

describe('Workspace', () => {
  it('reports counts, persons, schema, size, creation and last import', () => {
    insertBatch(ws.db, 'victims', [
      { personKey: 'K1', date: '2023-01-01' },
      { personKey: 'K2', date: '2023-01-02' },
    ]);
    insertBatch(ws.db, 'suspects', [{ personKey: 'K1', date: '2023-02-01' }]);
    const info = ws.info();
    expect(info).toMatchObject({
      path,
      schemaVersion: LATEST_SCHEMA_VERSION,
      counts: { victims: 2, suspects: 1, offenders: 0 },
      persons: 2,
    });
    expect(info.sizeBytes % 4096).toBe(0);
    expect(Date.parse(info.createdAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(info.lastImportAt).toBe('2024-05-01T10:01:00.000Z');
  });

  it('stores the built-in codebook with codes 0..n-1 in codebook order', () => {
    const codebook = ws.codebook();
    expect(codebook.columns.map((c) => c.name)).toEqual(BUILT_IN_CODEBOOK.columns.map((c) => c.name));
    expect(codebook.columns.find((c) => c.name === 'district')?.categories).toEqual([...DISTRICTS]);
    expect([...ws.categoryCodes('district').entries()]).toEqual(DISTRICTS.map((label, code) => [label, code]));
    expect(codeOf(() => ws.categoryCodes('no_such_column'))).toBe('NOT_FOUND');
  });

  it('adds categories with append-only codes, keeping Unknown last, and audits closed-list changes', () => {
    const code = ws.addCategory('district', 'Norfolk');
    expect(code).toBe(DISTRICTS.length); // the next code: existing codes never move
    expect(ws.categoryCodes('district').get('Fenland')).toBe(2);
    const labels = ws.codebook().columns.find((c) => c.name === 'district')?.categories;
    expect(labels?.slice(-2)).toEqual(['Norfolk', 'Unknown']);
    expect(ws.addCategory('district', 'Norfolk')).toBe(code); // idempotent
    expect(ws.audit.list({ action: 'codebook.add_categories' })).toHaveLength(1);

    // Open ordinal columns (months) keep time order whatever order values arrive in.
    ws.addCategories('month', ['2024-03', '2023-11']);
    ws.addCategory('month', '2024-01');
    expect(ws.codebook().columns.find((c) => c.name === 'month')?.categories).toEqual([
      '2023-11',
      '2024-01',
      '2024-03',
    ]);
    expect(ws.categoryCodes('month').get('2024-03')).toBe(1);
    expect(ws.audit.list({ action: 'codebook.add_categories' })).toHaveLength(1); // open columns are data, not edits

    expect(codeOf(() => ws.addCategory('domestic_abuse', 'Maybe'))).toBe('BAD_REQUEST');
    expect(codeOf(() => ws.addCategory('district', '   '))).toBe('BAD_REQUEST');
  });

  it('adds a custom column to the codebook and to each cohort table', async () => {
    const column = ws.addCustomColumn({
      name: 'housing_status',
      label: 'Housing status',
      kind: 'category',
      cohorts: ['victims', 'offenders'],
      categories: ['Owner', 'Renting', 'Homeless', 'Unknown'],
    });
    expect(column.cohorts).toEqual(['victims', 'offenders']);
    const stored = ws.codebook().columns.at(-1);
    expect(stored).toMatchObject({
      name: 'housing_status',
      kind: 'category',
      categories: ['Owner', 'Renting', 'Homeless', 'Unknown'],
    });
    const victimsColumns = (ws.db.pragma('table_info(victims)') as { name: string }[]).map((c) => c.name);
    const suspectsColumns = (ws.db.pragma('table_info(suspects)') as { name: string }[]).map((c) => c.name);
    expect(victimsColumns).toContain('housing_status');
    expect(suspectsColumns).not.toContain('housing_status');
    expect(ws.audit.list({ action: 'codebook.add_column' })[0]?.detail).toMatchObject({ name: 'housing_status' });
    expect((await ws.checkIntegrity()).codebook.ok).toBe(true);

    expect(codeOf(() => ws.addCustomColumn({ name: 'Bad Name', label: 'x', kind: 'flag', cohorts: ['victims'] }))).toBe(
      'BAD_REQUEST',
    );
    expect(
      codeOf(() =>
        ws.addCustomColumn({ name: 'x"; DROP TABLE victims; --', label: 'x', kind: 'flag', cohorts: ['victims'] }),
      ),
    ).toBe('BAD_REQUEST');
    expect(codeOf(() => ws.addCustomColumn({ name: 'district', label: 'x', kind: 'flag', cohorts: ['victims'] }))).toBe(
      'BAD_REQUEST',
    );
    expect(
      codeOf(() => ws.addCustomColumn({ name: 'postcode', label: 'x', kind: 'category', cohorts: ['victims'] })),
    ).toBe('BAD_REQUEST');
  });

  it('gives each person key one dense id and keeps a 32-byte HMAC secret', () => {
    expect(ws.personId('alpha')).toBe(1);
    expect(ws.personId('beta')).toBe(2);
    expect(ws.personId('alpha')).toBe(1);
    const secret = ws.hmacSecret();
    expect(secret).toHaveLength(32);
    ws.close();
    ws = Workspace.open(path, PASSPHRASE);
    expect(ws.hmacSecret().equals(secret)).toBe(true);
    expect(ws.personId('beta')).toBe(2);
  });

  it('keeps settings with defaults, validated and audited', () => {
    expect(ws.settings()).toEqual({ idleMinutes: 15, retentionYears: null, contact: null });
    expect(ws.updateSettings({ idleMinutes: 5, retentionYears: 7 })).toEqual({
      idleMinutes: 5,
      retentionYears: 7,
      contact: null,
    });
    expect(codeOf(() => ws.updateSettings({ idleMinutes: 0 }))).toBe('BAD_REQUEST');
    expect(ws.updateSettings({ retentionYears: null }).retentionYears).toBeNull();
    expect(ws.audit.list({ action: 'settings.change' })).toHaveLength(2);
  });

  it('refuses every call while locked, and works again after unlock', () => {
    insertBatch(ws.db, 'victims', [{ personKey: 'K1', date: '2023-01-01' }]);
    const events: boolean[] = [];
    ws.onLockChange((locked) => events.push(locked));
    ws.lock();
    expect(ws.isLocked).toBe(true);
    for (const call of [
      () => ws.db,
      () => ws.info(),
      () => ws.codebook(),
      () => ws.audit.list(),
      () => ws.personId('x'),
    ]) {
      expect(codeOf(call)).toBe('WORKSPACE_LOCKED');
    }
    expect(codeOf(() => ws.unlock('not the passphrase'))).toBe('WRONG_PASSPHRASE');
    expect(ws.isLocked).toBe(true);
    ws.unlock(PASSPHRASE);
    expect(ws.info().counts.victims).toBe(1);
    expect(events).toEqual([true, false]);
    const actions = ws.audit.list({ limit: 3 }).map((e) => e.action);
    expect(actions).toEqual(['workspace.unlock', 'workspace.open_failed', 'workspace.lock']);
    ws.close();
    expect(codeOf(() => ws.info())).toBe('NO_WORKSPACE');
    ws = Workspace.open(path, PASSPHRASE);
  });

  it('writes failed opens to the log at the next successful open', () => {
    ws.close();
    expect(codeOf(() => Workspace.open(path, 'wrong passphrase one'))).toBe('WRONG_PASSPHRASE');
    expect(codeOf(() => Workspace.open(path, 'wrong passphrase two'))).toBe('WRONG_PASSPHRASE');
    ws = Workspace.open(path, PASSPHRASE);
    const [open, failed] = ws.audit.list({ limit: 2 });
    expect(open?.action).toBe('workspace.open');
    expect(failed?.action).toBe('workspace.open_failed');
    expect(failed?.detail).toMatchObject({ attempts: 2 });
  });

  it('changes the passphrase: the old one no longer opens the file', async () => {
    const next = 'a completely different passphrase';
    await expect(ws.changePassphrase('wrong old passphrase', next)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    await expect(ws.changePassphrase(PASSPHRASE, 'too short')).rejects.toMatchObject({ code: 'WEAK_PASSPHRASE' });
    await ws.changePassphrase(PASSPHRASE, next);
    expect(ws.audit.list({ limit: 1 })[0]?.action).toBe('workspace.passwd');
    ws.close();
    expect(codeOf(() => Workspace.open(path, PASSPHRASE))).toBe('WRONG_PASSPHRASE');
    ws = Workspace.open(path, next);
    expect(ws.audit.verify().intact).toBe(true);
  });

  it('reports activity for work, not for status reads', () => {
    let touches = 0;
    ws.onActivity(() => touches++);
    ws.info();
    ws.settings();
    expect(touches).toBe(0);
    ws.codebook();
    ws.personId('z');
    expect(touches).toBe(2);
  });
});

describe('IdleTimer', () => {
  function manualClock() {
    let now = 0;
    let pending: { at: number; callback: () => void } | null = null;
    const clock: IdleClock = {
      now: () => now,
      setTimer: (callback, delay) => (pending = { at: now + delay, callback }),
      clearTimer: () => (pending = null),
    };
    return {
      clock,
      advance(ms: number) {
        now += ms;
        while (pending !== null && pending.at <= now) {
          const due = pending;
          pending = null;
          due.callback();
        }
      },
    };
  }

  it('fires after the idle period without activity, and not while activity goes on', () => {
    const { clock, advance } = manualClock();
    let idle = 0;
    const timer = new IdleTimer(15, () => idle++, clock);
    advance(10 * 60_000);
    timer.touch();
    advance(10 * 60_000);
    expect(idle).toBe(0); // 10 minutes since the last touch
    advance(5 * 60_000);
    expect(idle).toBe(1);
    advance(60 * 60_000);
    expect(idle).toBe(1); // once, until activity starts again
    timer.touch();
    timer.setMinutes(1);
    advance(60_000);
    expect(idle).toBe(2);
    timer.stop();
  });

  it('locks a real workspace after its idle time', () => {
    const { clock, advance } = manualClock();
    const timer = new IdleTimer(ws.settings().idleMinutes, () => ws.lock(), clock);
    ws.onActivity(() => timer.touch());
    advance(14 * 60_000);
    ws.codebook();
    advance(14 * 60_000);
    expect(ws.isLocked).toBe(false);
    advance(60_000);
    expect(ws.isLocked).toBe(true);
    ws.unlock(PASSPHRASE);
    timer.stop();
  });
});
