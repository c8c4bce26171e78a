// The removal of a late-cancelled import's rows goes on after the cancel's answer, so the
// renderers hear of it by event, not through the import's call: `workspace.removal` carries its
// progress (rows removed of the rows to remove), then null once it is over. Real SQLCipher file,
// real store worker and import workers; a step board holds the worker where the test looks, so
// the events are ordered by the work, never by the clock:
// - held once its first chunk is gone, the removal's part-way numbers have been published;
// - let go, it publishes all removed, then null; done only grows and the total stays the same;
// - stopped by a lock, it publishes where it stopped, then null; the unlock removes the rest in a
//   store worker, publishing that removal's progress too;
// - stopped by a write, it goes on after that write, with its progress.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RemovalProgressSchema, type RemovalProgress } from '../../../shared/contract/workspace.ts';
import { createApplication, type Application } from '../../../src-main/app/application.ts';
import { importInStoreWorker } from '../../../src-main/app/import/importInStoreWorker.ts';
import { ImportStepBoard } from '../../../src-main/app/import/importStepBoard.ts';
import { changeData } from '../../../src-main/app/workspace/dataChange.ts';
import { RecentWorkspaces } from '../../../src-main/app/workspace/recentWorkspaces.ts';
import { WorkspaceSession } from '../../../src-main/app/workspace/workspaceSession.ts';
import { fixture, PASSPHRASE, TempDir } from '../import/importTestKit.ts';
import { cancelAtFinishing } from '../../helpers/lateCancel.ts';

const ROWS = 3_000;
const CHUNK = 100;

let dir: TempDir;
let app: Application;
/** Every `workspace.removal` event the app published, in order. */
let removals: Array<RemovalProgress | null>;
/** The records of the import before the cancelled one. */
let firstAccepted: number;

beforeEach(async () => {
  dir = new TempDir();
  app = createApplication({
    session: new WorkspaceSession({ recent: new RecentWorkspaces(dir.file('recent.json')) }),
  });
  removals = [];
  app.subscribe((event) => {
    if (event.topic === 'workspace.removal') removals.push(RemovalProgressSchema.nullable().parse(event.payload));
  });
  await app.session.create(dir.file('removal.vsow'), PASSPHRASE);
  const first = await fixture(dir, 'victims', 2_000, { seed: 31, dialect: 'canonical' });
  firstAccepted = (
    await changeData(app.session, () => importInStoreWorker(app.session, { cohort: 'victims', path: first.path }))
  ).accepted;
});
afterEach(async () => {
  await app.shutdown();
  dir.remove();
});

/** Turns of the event loop until `ready` holds; a bound on a hang (the progress is read every 100 ms), not a speed. */
async function until(ready: () => boolean, what: string): Promise<void> {
  const giveUp = Date.now() + 60_000;
  while (!ready()) {
    if (Date.now() > giveUp) throw new Error(`never seen: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * An import cancelled as `finishing` begins (its rows committed unpublished), answered, then
 * held once its removal has removed its first chunk and published that.
 */
async function removalHeldPartWay(): Promise<ImportStepBoard> {
  const file = await fixture(dir, 'victims', ROWS, { seed: 32, dialect: 'canonical' });
  const { code, board } = await cancelAtFinishing(app.session, file.path, CHUNK);
  expect(code).toBe('CANCELLED');
  // Nothing removed yet: no removal event before the answer's.
  expect(removals).toEqual([]);
  board.holdAt('removingRest');
  expect(await board.reached('removingRest', () => false)).toBe(true);
  // The worker holds with its first chunk's numbers on the progress board: the main thread reads them.
  try {
    await until(() => removals.some((r) => r !== null && r.done > 0), 'the removal part-way as an event');
  } catch (error) {
    // Let go, so that the shutdown after a failure does not wait on a held worker.
    board.release();
    throw error;
  }
  return board;
}

function expectGrowing(events: Array<RemovalProgress | null>): RemovalProgress[] {
  const numbers = events.filter((r): r is RemovalProgress => r !== null);
  const total = numbers[0]!.total;
  expect(total).toBeGreaterThanOrEqual(ROWS);
  for (const [i, r] of numbers.entries()) {
    expect(r.total).toBe(total);
    if (i > 0) expect(r.done).toBeGreaterThan(numbers[i - 1]!.done);
  }
  return numbers;
}

/**
 * A resumed removal's events: from 0 to all its rows, then its end; the workspace is left with
 * nothing unpublished and the records of the import before.
 */
function expectResumedToTheEnd(resumed: Array<RemovalProgress | null>): RemovalProgress[] {
  const rest = expectGrowing(resumed);
  expect(rest[0]!.done).toBe(0);
  expect(rest.at(-1)!.done).toBe(rest.at(-1)!.total);
  expect(resumed.at(-1)).toBeNull();
  const ws = app.session.current();
  expect(ws.db.prepare(`SELECT count(*) FROM import_batches WHERE status = 'importing'`).pluck().get()).toBe(0);
  expect(ws.db.prepare('SELECT count(*) FROM victims').pluck().get()).toBe(firstAccepted);
  return rest;
}

describe('the removal of a late-cancelled import, as events', () => {
  it('publishes its progress while it runs after the answer, then its end', async () => {
    const board = await removalHeldPartWay();
    const partWay = removals.filter((r): r is RemovalProgress => r !== null).at(-1)!;
    expect(partWay.done).toBeGreaterThan(0);
    expect(partWay.done).toBeLessThan(partWay.total);
    expect(removals).not.toContain(null);
    board.release();
    await app.session.writesSettled();
    const numbers = expectGrowing(removals);
    expect(numbers[0]!.done).toBe(0);
    expect(numbers.at(-1)!.done).toBe(numbers.at(-1)!.total);
    // Over: the last event says so, once.
    expect(removals.at(-1)).toBeNull();
    expect(removals.filter((r) => r === null)).toHaveLength(1);
  }, 240_000);

  it('publishes where a lock stopped it, then its end; unlocked, the rest goes with its progress', async () => {
    const board = await removalHeldPartWay();
    // The lock asks the removal to stop as it is called, before the worker is let go: it stops
    // at its next chunk.
    const locking = app.session.lock();
    board.release();
    await locking;
    expect(app.session.status().state).toBe('locked');
    const numbers = expectGrowing(removals);
    expect(numbers.at(-1)!.done).toBeLessThan(numbers.at(-1)!.total);
    expect(removals.at(-1)).toBeNull();

    // Unlocked, the rest goes in a store worker, with its progress: a removal of its own.
    const beforeUnlock = removals.length;
    await app.session.unlock(PASSPHRASE);
    await app.session.writesSettled();
    const rest = expectResumedToTheEnd(removals.slice(beforeUnlock));
    // Counted over the id ranges left (the store's way), so no more than the first removal's.
    expect(rest[0]!.total).toBeLessThanOrEqual(numbers.at(-1)!.total);
  }, 240_000);

  it('goes on after a write that stopped it, with its progress', async () => {
    const board = await removalHeldPartWay();
    // The write asks the removal to stop before the worker is let go: it stops at its next chunk.
    let wroteWhileRemoving = true;
    const writing = app.session.exclusive(async () => {
      wroteWhileRemoving = removals.at(-1) !== null;
    });
    board.release();
    await writing;
    // The write ran once the removal had stopped and said so.
    expect(wroteWhileRemoving).toBe(false);
    const stoppedAt = removals.length;
    const first = expectGrowing(removals.slice(0, stoppedAt));
    expect(first.at(-1)!.done).toBeLessThan(first.at(-1)!.total);

    // No unlock, import or open: the rest goes after the write, a removal of its own.
    await app.session.writesSettled();
    expectResumedToTheEnd(removals.slice(stoppedAt));
  }, 240_000);
});
