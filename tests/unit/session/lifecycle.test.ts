// Data lifecycle through the real API on real encrypted files: two imports, one removed
// (counts as if never imported, saved figure flagged changed, audited); backup while a query
// runs, restore with identical results; retention purge after confirmation; hand-over copy.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateFixture } from '../../../src-main/sample/generator/generate.ts';
import { createDispatcher, type Dispatcher } from '../../../src-main/ipc/dispatcher.ts';
import { createHandlers } from '../../../src-main/ipc/createHandlers.ts';
import { createMainServices, type MainServices } from '../../../src-main/ipc/mainServices.ts';
import { RecentWorkspaces } from '../../../src-main/app/workspace/recentWorkspaces.ts';
import { WorkspaceSession } from '../../../src-main/app/workspace/workspaceSession.ts';
import { Workspace } from '../../../src-main/store/workspace.ts';

const PASS = 'lifecycle test passphrase';
const SPEC = { cohort: 'victims', rows: ['district'], cols: ['sex'], disclosure: null } as const;
let dir: string;
let services: MainServices;
let api: Dispatcher;

async function importFile(seed: number, rows: number): Promise<number> {
  const path = join(dir, `victims-${seed}.csv`);
  await generateFixture({ cohort: 'victims', rows, seed, dialect: 'canonical', out: path });
  return (await api.call('import.run', { cohort: 'victims', path })).batchId;
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vso-lifecycle-'));
  const session = new WorkspaceSession({ recent: new RecentWorkspaces(join(dir, 'recent.json')) });
  services = createMainServices({ mode: 'browser', modeReason: 'test', session });
  api = createDispatcher(createHandlers(services), 'test');
  await api.call('workspace.create', { path: join(dir, 'w.vsow'), passphrase: PASS });
});

afterEach(async () => {
  await services.shutdown?.();
  rmSync(dir, { recursive: true, force: true });
});

describe('data lifecycle', () => {
  it('removes one of two imports as if it had never been imported, flags the figure, audits it', async () => {
    const first = await importFile(1, 1500);
    const alone = await api.call('engine.query', SPEC);
    await api.call('figures.save', {
      figure: {
        name: 'By district',
        chart: 'bar',
        query: { ...SPEC, disclosure: { threshold: 5, secondary: true, round: null, suppressZeros: false } },
      },
    });
    const second = await importFile(2, 800);
    expect((await api.call('engine.query', SPEC)).total).toBe((alone.total ?? 0) + 800);
    expect((await api.call('figures.list', {})).figures[0]?.changed).toBe(true);

    const summary = await api.call('batch.summary', { batchId: second });
    expect(summary.records).toBe(800);
    await expect(api.call('batch.delete', { batchId: second, confirmRecords: 799 })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await api.call('batch.delete', { batchId: second, confirmRecords: 800 });
    const after = await api.call('engine.query', SPEC);
    expect(after.counts).toEqual(alone.counts);
    expect(after.total).toBe(alone.total);
    const history = (await api.call('import.history', {})).batches;
    expect(history.find((b) => b.id === second)?.deletedAt).not.toBeNull();
    expect(history.find((b) => b.id === first)?.deletedAt).toBeNull();
    const audit = await api.call('audit.list', {});
    expect(
      audit.entries.some((e) => e.action.startsWith('batch.') && JSON.stringify(e.detail).includes(String(second))),
    ).toBe(true);
  });

  it('backs up while a query runs, restores, and gives identical results', async () => {
    await importFile(3, 2000);
    const before = await api.call('engine.query', SPEC);
    const backupPath = join(dir, 'backup.vsow');
    const [backup] = await Promise.all([
      api.call('workspace.backup', { path: backupPath }),
      api.call('engine.query', { ...SPEC, measure: 'persons' }),
    ]);
    expect(backup.sizeBytes).toBeGreaterThan(0);
    const restored = await api.call('workspace.restore', {
      backupPath,
      targetPath: join(dir, 'restored.vsow'),
      passphrase: PASS,
    });
    expect(restored.path).toBe(join(dir, 'restored.vsow'));
    const again = await api.call('engine.query', SPEC);
    expect(again.counts).toEqual(before.counts);
  });

  it('refuses a damaged backup with a clear error and leaves the target alone', async () => {
    await importFile(4, 500);
    const backupPath = join(dir, 'backup.vsow');
    await api.call('workspace.backup', { path: backupPath });
    const bytes = readFileSync(backupPath);
    bytes.fill(0x41, 8192, 16384);
    writeFileSync(backupPath, bytes);
    await expect(
      api.call('workspace.restore', { backupPath, targetPath: join(dir, 'target.vsow'), passphrase: PASS }),
    ).rejects.toMatchObject({
      code: expect.stringMatching(/DAMAGED_WORKSPACE|WRONG_PASSPHRASE|NOT_A_WORKSPACE/),
    });
  });

  it('purges records past the retention period only with the right confirmation', async () => {
    await importFile(5, 1200);
    const off = await api.call('retention.get', {});
    expect(off).toEqual({ years: null, due: null });
    const state = await api.call('retention.set', { years: 5 });
    expect(state.due?.total).toBeGreaterThan(0); // the fixtures start in 2019
    await expect(api.call('retention.purge', { confirmRecords: 1 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const purged = await api.call('retention.purge', { confirmRecords: state.due?.total ?? 0 });
    expect(purged.total).toBe(state.due?.total);
    expect((await api.call('retention.get', {})).due?.total).toBe(0);
    expect((await api.call('engine.query', SPEC)).total).toBe(1200 - purged.total);
  });

  it('writes a hand-over copy that opens only with its own passphrase and has no rejected rows', async () => {
    const path = join(dir, 'messy.csv');
    await generateFixture({ cohort: 'victims', rows: 1000, seed: 6, dialect: 'messy', out: path });
    const result = await api.call('import.run', { cohort: 'victims', path });
    expect(result.rejected).toBeGreaterThan(0);
    const copy = join(dir, 'handover.vsow');
    const handed = await api.call('workspace.handover', { path: copy, passphrase: 'colleague passphrase 2026' });
    expect(handed.rejectedRowsRemoved).toBe(result.rejected);
    expect(() => Workspace.open(copy, PASS)).toThrow();
    const opened = Workspace.open(copy, 'colleague passphrase 2026');
    try {
      expect(opened.info().counts.victims).toBe(result.accepted);
      expect((opened.db.prepare('SELECT count(*) AS n FROM rejected_rows').get() as { n: number }).n).toBe(0);
    } finally {
      opened.close();
    }
    const check = await api.call('workspace.check', {});
    expect(check.ok).toBe(true);
  });
});
