// A batch's deletion, the audit chain's check and the passphrase's re-key run in a store
// worker, not on the main connection: on a million records each is seconds of SQLite work that
// would freeze every window. Through the real dispatcher on a real SQLCipher workspace with a real import: the
// main connection's own methods are watched and never called, the store worker is asked, and
// what the caller sees is what the old path gave (the same validation, result, audit entry,
// engine reload), counted again by the test's own SQL. A cancel before the commit rolls the
// deletion back and is answered CANCELLED; a cancel at any moment is answered with what the
// workspace then holds, never both. After a re-key the file opens under the new passphrase
// alone, and a lock racing the change leaves it under one passphrase or the other, never neither.
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Dispatcher } from '../../../src-main/ipc/dispatcher.ts';
import type { MainServices } from '../../../src-main/ipc/mainServices.ts';
import { AppError } from '../../../shared/errors.ts';
import { Workspace } from '../../../src-main/store/workspace.ts';
import { fixture, PASSPHRASE } from '../import/importTestKit.ts';
import { cancelledCall } from '../../helpers/cancelCall.ts';
import { dispatcherWorkspaceCopies, type DispatcherWorkspace } from '../../helpers/dispatcherWorkspace.ts';

const NEXT = 'a new passphrase, long enough 7';
const SPEC = { cohort: 'victims', rows: ['district'], cols: ['sex'], disclosure: null } as const;
const workspaces = dispatcherWorkspaceCopies('store-work.vsow', 'victims', 4_000);
let world: DispatcherWorkspace;
let services: MainServices;
let api: Dispatcher;

beforeEach(async () => {
  world = await workspaces.next();
  ({ services, api } = world);
});

afterEach(async () => {
  vi.restoreAllMocks();
  await world.close();
});

afterAll(async () => {
  await workspaces.dispose();
});

/** The batch the setup imported, and what the test's own SQL finds of it. */
function stored(ws: Workspace): { batchId: number; records: number; rejectedRows: number; deletedAt: unknown } {
  const batchId = ws.db.prepare('SELECT max(id) FROM import_batches').pluck().get() as number;
  const records = ws.db.prepare('SELECT count(*) FROM victims WHERE batch_id = ?').pluck().get(batchId) as number;
  const rejectedRows = ws.db
    .prepare('SELECT count(*) FROM rejected_rows WHERE batch_id = ?')
    .pluck()
    .get(batchId) as number;
  const deletedAt = ws.db.prepare('SELECT deleted_at FROM import_batches WHERE id = ?').pluck().get(batchId);
  return { batchId, records, rejectedRows, deletedAt };
}

/** Closes the session, then the file alone: `opens` opens it (holding `before`, when given), `refused` does not. */
async function expectOnlyOpensWith(
  path: string,
  opens: string,
  refused: string,
  before?: ReturnType<typeof stored>,
): Promise<void> {
  await services.session.close();
  expect(() => Workspace.open(path, refused)).toThrow(expect.objectContaining({ code: 'WRONG_PASSPHRASE' }));
  const reopened = Workspace.open(path, opens);
  try {
    if (before !== undefined) expect(stored(reopened)).toEqual(before);
  } finally {
    reopened.close();
  }
}

function deletionEntries(ws: Workspace): number {
  return ws.db.prepare(`SELECT count(*) FROM audit_log WHERE action = 'batch.delete'`).pluck().get() as number;
}

describe('batch.delete', () => {
  it('deletes in a store worker, with the old validation, result, audit entry and reload', async () => {
    const ws = services.session.current();
    const before = stored(ws);
    expect(before.records).toBeGreaterThan(3_000);
    const total = (await api.call('engine.query', SPEC)).total ?? 0;
    expect(total).toBe(before.records);
    const onMain = [vi.spyOn(ws, 'deleteBatch'), vi.spyOn(ws, 'batchSummary')];
    const inWorker = vi.spyOn(services.session, 'inStoreWorker');

    await expect(
      api.call('batch.delete', { batchId: before.batchId, confirmRecords: before.records - 1 }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(stored(ws)).toEqual(before);

    const result = await api.call('batch.delete', { batchId: before.batchId, confirmRecords: before.records });
    expect(result).toEqual({ batchId: before.batchId, records: before.records, rejectedRows: before.rejectedRows });
    for (const spy of onMain) expect(spy).not.toHaveBeenCalled();
    expect(inWorker.mock.calls.filter(([request]) => request.kind === 'deleteBatch')).toHaveLength(2);
    // The main connection sees the worker's commit; the engine reloaded without the batch.
    const after = stored(ws);
    expect(after.records).toBe(0);
    expect(after.deletedAt).not.toBeNull();
    expect((await api.call('engine.query', SPEC)).total ?? 0).toBe(total - before.records);
    const entry = ws.audit.list({ action: 'batch.delete' })[0];
    expect(entry?.detail).toMatchObject({ batchId: before.batchId, records: before.records });
    expect(ws.audit.verify().intact).toBe(true);
    // Deleted once: a second deletion is refused as before.
    await expect(api.call('batch.delete', { batchId: before.batchId, confirmRecords: 0 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('rolls back when cancelled before its commit, and answers CANCELLED', async () => {
    const ws = services.session.current();
    const before = stored(ws);
    const call = await cancelledCall(
      api,
      'batch.delete',
      { batchId: before.batchId, confirmRecords: before.records },
      { immediately: true },
    );
    expect(call.outcome).toBe('CANCELLED');
    // A write waits for the worker's rollback; then nothing of the deletion is there.
    await services.session.exclusive(async () => undefined);
    expect(stored(ws)).toEqual(before);
    expect(deletionEntries(ws)).toBe(0);
    expect((await api.call('engine.query', SPEC)).total).toBe(before.records);
    // The write role came back: the same deletion now goes through.
    await api.call('batch.delete', { batchId: before.batchId, confirmRecords: before.records });
    expect(stored(ws).records).toBe(0);
  });

  it('answers a cancel at any moment with what the workspace holds, never both', async () => {
    const ws = services.session.current();
    const before = stored(ws);
    let committed = false;
    for (const afterMs of [0, 2, 5, 10, 20, 40, 80, 160, 320]) {
      const call = await cancelledCall(
        api,
        'batch.delete',
        { batchId: before.batchId, confirmRecords: before.records },
        { afterMs },
      );
      await services.session.exclusive(async () => undefined);
      expect(['CANCELLED', 'ok']).toContain(call.outcome);
      if (call.outcome === 'CANCELLED') {
        expect(stored(ws)).toEqual(before);
        expect(deletionEntries(ws)).toBe(0);
        continue;
      }
      committed = true;
      expect(stored(ws).records).toBe(0);
      expect(stored(ws).deletedAt).not.toBeNull();
      expect(deletionEntries(ws)).toBe(1);
      break;
    }
    // On a loaded machine every try may be cancelled in time: the last then runs to its end.
    if (!committed) await api.call('batch.delete', { batchId: before.batchId, confirmRecords: before.records });
    expect(stored(ws).records).toBe(0);
    expect(deletionEntries(ws)).toBe(1);
    expect(ws.audit.verify().intact).toBe(true);
  });
});

describe('batch.delete, its worker dying', () => {
  it('after the commit: says the records are gone, and the engine no longer counts them', async () => {
    const ws = services.session.current();
    const before = stored(ws);
    expect((await api.call('engine.query', SPEC)).total).toBe(before.records);
    // The real deletion runs; its worker is then taken for dead, as a crash after COMMIT is.
    const inStoreWorker = services.session.inStoreWorker.bind(services.session);
    vi.spyOn(services.session, 'inStoreWorker').mockImplementation(async (request, options) => {
      const answer = await inStoreWorker(request, options);
      if (request.kind !== 'deleteBatch') return answer;
      throw options?.onCrash?.('killed after its commit') ?? new Error('no crash report');
    });
    await expect(
      api.call('batch.delete', { batchId: before.batchId, confirmRecords: before.records }),
    ).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('its records are gone') });
    expect(stored(ws).records).toBe(0);
    expect((await api.call('engine.query', SPEC)).total ?? 0).toBe(0);
  });
});

describe('import.run, its worker dying', () => {
  it('after the commit: says the rows are stored, and the engine counts them', async () => {
    const before = stored(services.session.current()).records;
    const extract = await fixture(world.dir, 'victims', 300, { seed: 2, dialect: 'canonical' });
    const inStoreWorker = services.session.inStoreWorker.bind(services.session);
    vi.spyOn(services.session, 'inStoreWorker').mockImplementation(async (request, options) => {
      const answer = await inStoreWorker(request, options);
      if (request.kind !== 'import') return answer;
      throw options?.onCrash?.('killed after its commit') ?? new Error('no crash report');
    });
    await expect(api.call('import.run', { cohort: 'victims', path: extract.path })).rejects.toMatchObject({
      code: 'IMPORT_FAILED',
      message: expect.stringContaining('its rows are in the workspace'),
    });
    const now = stored(services.session.current());
    expect(now.records).toBeGreaterThan(0);
    expect((await api.call('engine.query', SPEC)).total).toBe(before + now.records);
  });
});

describe('audit.verify', () => {
  it('checks the chain in a store worker and answers as the check on this thread does', async () => {
    const ws = services.session.current();
    const onMain = vi.spyOn(ws.audit, 'verify');
    const inWorker = vi.spyOn(services.session, 'inStoreWorker');
    const intact = await api.call('audit.verify', {});
    expect(onMain).not.toHaveBeenCalled();
    expect(inWorker.mock.calls.map(([request]) => request.kind)).toContain('auditVerify');
    const entries = ws.db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;
    expect(intact).toEqual({ intact: true, brokenAt: null, reason: null, entries });

    // A changed entry, as a tamperer would make it: the worker finds the break where it is.
    const changed = 3;
    await services.session.exclusive(async () => {
      ws.db.exec('DROP TRIGGER audit_log_no_update');
      ws.db.prepare(`UPDATE audit_log SET user_name = 'someone else' WHERE id = ?`).run(changed);
    });
    const broken = await api.call('audit.verify', {});
    expect(broken).toMatchObject({ intact: false, brokenAt: changed });
    onMain.mockRestore();
    const here = ws.audit.verify();
    expect(here.intact).toBe(false);
    if (!here.intact)
      expect(broken).toEqual({ intact: false, brokenAt: here.brokenAt, reason: here.reason, entries: here.entries });
  });

  it('stops its worker at a cancel, and checks whole when asked again', async () => {
    const inWorker = vi.spyOn(services.session, 'inStoreWorker');
    const call = await cancelledCall(api, 'audit.verify', {}, { immediately: true });
    expect(call.outcome).toBe('CANCELLED');
    expect(inWorker.mock.calls.map(([request]) => request.kind)).toContain('auditVerify');
    expect((await api.call('audit.verify', {})).intact).toBe(true);
  });
});

describe('workspace.changePassphrase', () => {
  it('re-keys in a store worker, with the old validation and audit entry', async () => {
    const ws = services.session.current();
    const before = stored(ws);
    const total = (await api.call('engine.query', SPEC)).total;
    await expect(
      api.call('workspace.changePassphrase', { current: 'not the passphrase', next: NEXT }),
    ).rejects.toMatchObject({
      code: 'WRONG_PASSPHRASE',
    });
    await expect(api.call('workspace.changePassphrase', { current: PASSPHRASE, next: 'short' })).rejects.toMatchObject({
      code: 'WEAK_PASSPHRASE',
    });
    const onMain = vi.spyOn(ws.db, 'rekey');
    const inWorker = vi.spyOn(services.session, 'inStoreWorker');
    const status = await api.call('workspace.changePassphrase', { current: PASSPHRASE, next: NEXT });
    expect(status.state).toBe('open');
    expect(onMain).not.toHaveBeenCalled();
    expect(inWorker.mock.calls.map(([request]) => request.kind)).toContain('rekey');
    // The main connection reads again, and writes in its turn.
    expect(stored(ws)).toEqual(before);
    expect((await api.call('engine.query', SPEC)).total).toBe(total);
    expect(ws.audit.list({ action: 'workspace.passwd' })).toHaveLength(1);
    await api.call('workspace.setIdleMinutes', { minutes: 30 });
    expect(ws.audit.verify().intact).toBe(true);
    await api.call('workspace.lock', {});
    await expect(api.call('workspace.unlock', { passphrase: PASSPHRASE })).rejects.toMatchObject({
      code: 'WRONG_PASSPHRASE',
    });
    await api.call('workspace.unlock', { passphrase: NEXT });
    expect(stored(services.session.current())).toEqual(before);
    // The file alone, closed and opened afresh: the new passphrase opens it, the old one does not.
    await expectOnlyOpensWith(ws.path, NEXT, PASSPHRASE, before);
  });

  it('refuses an unlock while the rewrite runs, as busy, and the change goes through', async () => {
    // The rewrite lets the main connection go, which reads as locked: an unlock then would open
    // a second connection under the rewrite's feet, and the change would fail.
    const inStoreWorker = services.session.inStoreWorker.bind(services.session);
    let unlocked: Promise<string> | null = null;
    vi.spyOn(services.session, 'inStoreWorker').mockImplementation((request, options) => {
      if (request.kind === 'rekey') {
        unlocked = api.call('workspace.unlock', { passphrase: PASSPHRASE }).then(
          (status) => status.state,
          (error: { code?: string }) => error.code ?? 'error',
        );
      }
      return inStoreWorker(request, options);
    });
    const ws = services.session.current();
    const before = stored(ws);
    const status = await api.call('workspace.changePassphrase', { current: PASSPHRASE, next: NEXT });
    expect(status.state).toBe('open');
    expect(await unlocked).toBe('WORKSPACE_BUSY');
    expect(ws.audit.list({ action: 'workspace.unlock' })).toHaveLength(0);
    expect(ws.audit.list({ action: 'workspace.passwd' })).toHaveLength(1);
    await expectOnlyOpensWith(ws.path, NEXT, PASSPHRASE, before);
  });

  it('counts a rewrite whose worker died after its commit as changed, by the key that opens the file', async () => {
    const inStoreWorker = services.session.inStoreWorker.bind(services.session);
    vi.spyOn(services.session, 'inStoreWorker').mockImplementation(async (request, options) => {
      const answer = await inStoreWorker(request, options);
      if (request.kind === 'rekey') throw new AppError('INTERNAL', 'The store worker stopped unexpectedly.');
      return answer;
    });
    const ws = services.session.current();
    const before = stored(ws);
    const status = await api.call('workspace.changePassphrase', { current: PASSPHRASE, next: NEXT });
    expect(status.state).toBe('open');
    expect(stored(ws)).toEqual(before);
    expect(ws.audit.list({ action: 'workspace.passwd' })).toHaveLength(1);
    await expectOnlyOpensWith(ws.path, NEXT, PASSPHRASE);
  });

  it('answers a worker that died before its rewrite with its error, the file under the current key', async () => {
    vi.spyOn(services.session, 'inStoreWorker').mockImplementation(async (request) => {
      throw new AppError('INTERNAL', `The store worker stopped unexpectedly before ${request.kind}.`);
    });
    const ws = services.session.current();
    await expect(api.call('workspace.changePassphrase', { current: PASSPHRASE, next: NEXT })).rejects.toMatchObject({
      code: 'INTERNAL',
    });
    expect(services.session.status().state).toBe('open');
    expect(ws.audit.list({ action: 'workspace.passwd' })).toHaveLength(0);
    await expectOnlyOpensWith(ws.path, PASSPHRASE, NEXT);
  });

  it.each([
    ['while its keys are derived', 'derivation'],
    ['as the store worker starts rewriting', 'rewrite'],
  ] as const)('leaves the file under one passphrase or the other when a lock comes %s', async (_, moment) => {
    // At the rewrite's start the lock must wait for it; before, it may stop the change.
    let rewriteStarted: () => void = () => undefined;
    const rewrite = new Promise<void>((resolve) => (rewriteStarted = resolve));
    const inStoreWorker = services.session.inStoreWorker.bind(services.session);
    vi.spyOn(services.session, 'inStoreWorker').mockImplementation((request, options) => {
      const answer = inStoreWorker(request, options);
      if (request.kind === 'rekey') rewriteStarted();
      return answer;
    });
    const ws = services.session.current();
    const before = stored(ws);
    const changing = api.call('workspace.changePassphrase', { current: PASSPHRASE, next: NEXT }).then(
      () => 'changed',
      (error: { code?: string }) => error.code,
    );
    // Reads while it runs are answered (or refused as busy), never a frozen thread.
    const reads: string[] = [];
    const reading = setInterval(() => {
      api.call('audit.list', { limit: 1 }).then(
        () => reads.push('ok'),
        (error: { code?: string }) => reads.push(error.code ?? 'error'),
      );
    }, 5);
    if (moment === 'rewrite') {
      // A change that finishes without a store worker's rewrite is what this test rules out.
      const first = await Promise.race([rewrite.then(() => 'rewrite'), changing.then(() => 'answered')]);
      expect(first).toBe('rewrite');
    } else await new Promise((resolve) => setTimeout(resolve, 30));
    await api.call('workspace.lock', {});
    clearInterval(reading);
    const outcome = await changing;
    expect(moment === 'rewrite' ? ['changed'] : ['changed', 'WORKSPACE_LOCKED']).toContain(outcome);
    expect(reads.length).toBeGreaterThan(0);
    for (const read of reads) expect(['ok', 'WORKSPACE_BUSY', 'WORKSPACE_LOCKED']).toContain(read);
    expect(services.session.status().state).toBe('locked');
    const opens = outcome === 'changed' ? NEXT : PASSPHRASE;
    const refused = outcome === 'changed' ? PASSPHRASE : NEXT;
    await expect(api.call('workspace.unlock', { passphrase: refused })).rejects.toMatchObject({
      code: 'WRONG_PASSPHRASE',
    });
    await api.call('workspace.unlock', { passphrase: opens });
    expect(stored(services.session.current())).toEqual(before);
    expect(ws.audit.list({ action: 'workspace.passwd' })).toHaveLength(outcome === 'changed' ? 1 : 0);
  });
});
