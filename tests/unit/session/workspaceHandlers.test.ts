// The workspace API through the real dispatcher on a real encrypted file: create, lock
// (by hand and by idle time), refuse while locked, unlock, wrong passphrase, recents.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDispatcher, type Dispatcher } from '../../../src-main/ipc/dispatcher.ts';
import { createHandlers } from '../../../src-main/ipc/createHandlers.ts';
import { createMainServices, type AppEvent, type MainServices } from '../../../src-main/ipc/mainServices.ts';
import { RecentWorkspaces } from '../../../src-main/app/workspace/recentWorkspaces.ts';
import { WorkspaceSession } from '../../../src-main/app/workspace/workspaceSession.ts';
import type { IdleClock } from '../../../src-main/store/idleTimer.ts';

const PASS = 'correct horse battery staple';

class ManualClock implements IdleClock {
  time = 0;
  timers = new Map<number, { at: number; callback: () => void }>();
  next = 1;
  now(): number {
    return this.time;
  }
  setTimer(callback: () => void, delayMs: number): unknown {
    const id = this.next++;
    this.timers.set(id, { at: this.time + delayMs, callback });
    return id;
  }
  clearTimer(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  advance(ms: number): void {
    this.time += ms;
    for (const [id, timer] of [...this.timers]) {
      if (timer.at <= this.time) {
        this.timers.delete(id);
        timer.callback();
      }
    }
  }
}

let dir: string;
let services: MainServices;
let dispatcher: Dispatcher;
let clock: ManualClock;
let events: AppEvent[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vso-session-'));
  clock = new ManualClock();
  const session = new WorkspaceSession({ recent: new RecentWorkspaces(join(dir, 'recent.json')), clock });
  services = createMainServices({ mode: 'browser', modeReason: 'test', session });
  events = [];
  services.subscribe((e) => events.push(e));
  dispatcher = createDispatcher(createHandlers(services), 'test');
});

afterEach(async () => {
  await services.shutdown?.();
  rmSync(dir, { recursive: true, force: true });
});

describe('workspace API', () => {
  it('creates, reports, locks, refuses while locked, and unlocks', async () => {
    const file = join(dir, 'a.vsow');
    const created = await dispatcher.call('workspace.create', { path: file, passphrase: PASS });
    expect(created).toMatchObject({
      state: 'open',
      path: file,
      idleMinutes: 15,
      info: { counts: { victims: 0 }, schemaVersion: expect.any(Number) },
    });
    expect(readFileSync(file).subarray(0, 16).toString('latin1')).not.toContain('SQLite format');

    const locked = await dispatcher.call('workspace.lock', {});
    expect(locked.state).toBe('locked');
    expect(events.at(-1)?.topic).toBe('workspace.locked');
    await expect(dispatcher.call('audit.list', {})).rejects.toMatchObject({ code: 'WORKSPACE_LOCKED' });

    await expect(dispatcher.call('workspace.unlock', { passphrase: 'wrong passphrase!!' })).rejects.toMatchObject({
      code: 'WRONG_PASSPHRASE',
    });
    const unlocked = await dispatcher.call('workspace.unlock', { passphrase: PASS });
    expect(unlocked.state).toBe('open');
    const audit = await dispatcher.call('audit.list', {});
    expect(audit.entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(['workspace.create', 'workspace.lock', 'workspace.unlock']),
    );
    expect((await dispatcher.call('audit.verify', {})).intact).toBe(true);
  });

  it('locks itself after the idle time and tells the renderers', async () => {
    await dispatcher.call('workspace.create', { path: join(dir, 'b.vsow'), passphrase: PASS });
    await dispatcher.call('workspace.setIdleMinutes', { minutes: 5 });
    clock.advance(4 * 60_000);
    expect((await dispatcher.call('workspace.status', {})).state).toBe('open');
    clock.advance(5 * 60_000 + 1);
    await Promise.resolve();
    expect((await dispatcher.call('workspace.status', {})).state).toBe('locked');
    await expect.poll(() => events.some((e) => e.topic === 'workspace.locked')).toBe(true);
  });

  it('refuses a weak passphrase and a wrong one with typed errors', async () => {
    await expect(
      dispatcher.call('workspace.create', { path: join(dir, 'c.vsow'), passphrase: 'short' }),
    ).rejects.toMatchObject({ code: 'WEAK_PASSPHRASE' });
    await dispatcher.call('workspace.create', { path: join(dir, 'c.vsow'), passphrase: PASS });
    await dispatcher.call('workspace.close', {});
    await expect(
      dispatcher.call('workspace.open', { path: join(dir, 'c.vsow'), passphrase: 'not the passphrase' }),
    ).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    expect((await dispatcher.call('workspace.open', { path: join(dir, 'c.vsow'), passphrase: PASS })).state).toBe(
      'open',
    );
  });

  it('remembers recent paths only', async () => {
    const file = join(dir, 'd.vsow');
    await dispatcher.call('workspace.create', { path: file, passphrase: PASS });
    const recent = await dispatcher.call('workspace.recent', {});
    expect(recent.items[0]).toMatchObject({ path: file, exists: true });
    expect(readFileSync(join(dir, 'recent.json'), 'utf8')).not.toContain(PASS);
  });
});
