// The one open workspace of a running app, shared by every transport: open, create, lock
// (by hand or after idle time), unlock, close, and hooks so the engine loads and drops its
// in-memory snapshot with it. Remembers recent paths (never passphrases).
import { resolve } from 'node:path';
import { AppError, isAppError } from '../../../shared/errors.ts';
import type { RemovalProgress, WorkspaceStatus } from '../../../shared/contract/workspace.ts';
import type { WorkspaceInfo } from '../../store/workspaceInfo.ts';
import { Workspace } from '../../store/workspace.ts';
import { isSynthetic } from '../../store/syntheticFlag.ts';
import { hasUnpublishedImports } from '../../store/unpublishedImports.ts';
import { IdleTimer, systemClock, type IdleClock } from '../../store/idleTimer.ts';
import { WriteGate } from '../../store/writeGate.ts';
import { copyKey } from '../../store/workspaceKey.ts';
import type { Steps } from '../../store/safePoints.ts';
import type { Progress } from '../../../shared/protocol.ts';
import { RecentWorkspaces } from './recentWorkspaces.ts';
import { startStoreWork, type StoreWork, type StoreWorkOptions } from './storeThread.ts';
import type { StoreAnswer, StoreRequest } from './storeWorkerProtocol.ts';
import type { CheckpointResult } from '../../store/walCheckpoint.ts';

export interface SessionHooks {
  /** After open, unlock or create: e.g. the engine loads its snapshot (an open's cancel stops it). */
  opened?(workspace: Workspace, work: { signal?: AbortSignal }): Promise<void> | void;
  /** After lock or close: the engine drops its data. */
  closed?(): Promise<void> | void;
  /** Records were added or removed: the engine reloads its snapshot. */
  dataChanged?(workspace: Workspace): Promise<void> | void;
  /** Tell the renderers (events). */
  changed?(status: WorkspaceStatus, reason: 'opened' | 'closed' | 'locked' | 'unlocked' | 'updated'): void;
  /** A cancelled import's rows being removed in a store worker: how far; null once over or stopped. */
  removal?(progress: RemovalProgress | null): void;
}

/**
 * The main connection's wait for a store worker's lock: writes queue in exclusive() and never
 * wait here, so whatever meets the lock fails fast rather than freezing every window for seconds.
 */
const MAIN_BUSY_WAIT_MS = 200;

/**
 * The main connection never copies the WAL into the file at a commit (Workspace.guardWrites):
 * the session does it in a store worker after a store worker's writes, and after this many of
 * the main connection's own small writes, so the WAL they leave stays small.
 */
const MAIN_WRITES_PER_CHECKPOINT = 64;
/** A checkpoint waits this long after the writes that asked for it, so a burst asks once. */
const CHECKPOINT_DELAY_MS = 250;

/** An open's cancel, and its steps as the Start screen shows them. */
export interface OpenWork {
  signal?: AbortSignal;
  progress?(progress: Pick<Progress, 'phase' | 'done' | 'total'>): void;
}

/** What a reload's store work answers when a lock or close stops it. */
const STOPPED = new Set(['WORKSPACE_LOCKED', 'CANCELLED', 'NO_WORKSPACE']);

export class WorkspaceSession {
  private workspace: Workspace | null = null;
  private idle: IdleTimer | null = null;
  private unsubscribers: Array<() => void> = [];
  readonly recent: RecentWorkspaces;
  private readonly hooks: SessionHooks[] = [];
  /** Every write to the open workspace's main connection, one at a time (exclusive). */
  private readonly writes = new WriteGate();
  /** The engine unload and events after a lock, so `lock()` can answer once they are done. */
  private lockSettled: Promise<void> = Promise.resolve();
  /** Work running in store workers on the open workspace: a lock or close waits for each to settle. */
  private readonly storeWork = new Set<StoreWork<unknown>>();
  /**
   * Long work on the main connection that pauses at safe points (a backup, a hand-over, the
   * check, a purge): a lock or close in one of its pauses would pull the connection from under
   * it, so it is stopped first and waited for while it undoes itself.
   */
  private readonly pausingWork = new Set<{ stop: AbortController; settled: Promise<void> }>();
  /** Set while a lock or close waits for store work: no new work starts then. */
  private stopping = false;
  /**
   * The workspace's facts as a store worker last read them, kept until the next open, unlock or
   * data change (every write that changes the counts goes through dataChanged); the file size
   * may lag by the audit entries written since.
   */
  private info: { of: Workspace; value: WorkspaceInfo } | null = null;
  /** The last data change's checkpoint in a store worker (null: none started, or it failed). */
  private checkpoint: Promise<CheckpointResult | null> = Promise.resolve(null);
  private checkpointTimer: NodeJS.Timeout | null = null;
  /** The main connection's writes since the last checkpoint in a store worker. */
  private mainWritesSinceCheckpoint = 0;

  constructor(
    options: { recent?: RecentWorkspaces; clock?: IdleClock } = {},
    private readonly clock: IdleClock = options.clock ?? systemClock,
  ) {
    this.recent = options.recent ?? new RecentWorkspaces();
  }

  addHooks(hooks: SessionHooks): void {
    this.hooks.push(hooks);
  }

  /** The open, unlocked workspace, or a typed error saying what to do. */
  current(): Workspace {
    if (this.workspace === null) {
      throw new AppError('NO_WORKSPACE', 'No workspace is open. Open or create one on the Start screen.');
    }
    if (this.workspace.isLocked) {
      throw new AppError(
        'WORKSPACE_LOCKED',
        'The workspace is locked. Enter the passphrase on the Start screen to unlock it.',
      );
    }
    return this.workspace;
  }

  get hasWorkspace(): boolean {
    return this.workspace !== null;
  }

  status(): WorkspaceStatus {
    const ws = this.workspace;
    if (ws === null) return { state: 'none', path: null, info: null, idleMinutes: null };
    if (ws.isLocked) return { state: 'locked', path: ws.path, info: null, idleMinutes: null };
    const info = this.info?.of === ws ? this.info.value : ws.info();
    return {
      state: 'open',
      path: ws.path,
      info: { ...info, synthetic: isSynthetic(ws) },
      idleMinutes: ws.settings().idleMinutes,
    };
  }

  // Create and open make the new workspace first and close the current one only once that
  // worked: a mistyped passphrase or a weak one must not close the analyst's open workspace.
  async create(path: string, passphrase: string): Promise<WorkspaceStatus> {
    return this.replaceWith(await Workspace.createAsync(path, passphrase));
  }

  /**
   * A cancel before the current workspace is let go leaves it open as it was; one after that
   * (while the engine reads the new one's records) closes the new one too: never half-open.
   */
  async open(path: string, passphrase: string, work: OpenWork = {}): Promise<WorkspaceStatus> {
    const { signal } = work;
    work.progress?.({ phase: 'Checking the passphrase', done: 0, total: 2 });
    const current = this.workspace;
    if (current !== null && current.path === resolve(path)) {
      // The same file is held by this process: check the passphrase before letting it go.
      await Workspace.checkPassphraseAsync(current.path, passphrase);
      signal?.throwIfAborted();
      await this.close();
      return this.adopt(await Workspace.openAsync(path, passphrase, { signal }), 'opened', work);
    }
    return this.replaceWith(await Workspace.openAsync(path, passphrase, { signal }), work);
  }

  private async replaceWith(workspace: Workspace, work: OpenWork = {}): Promise<WorkspaceStatus> {
    try {
      work.signal?.throwIfAborted();
      await this.close();
    } catch (error) {
      workspace.close();
      throw error;
    }
    return this.adopt(workspace, 'opened', work);
  }

  /** Take over an already open workspace (the sample builder, tests). */
  async adopt(workspace: Workspace, reason: 'opened' | 'unlocked', work: OpenWork = {}): Promise<WorkspaceStatus> {
    workspace.limitBusyWait(MAIN_BUSY_WAIT_MS);
    workspace.guardWrites(this.writes);
    this.workspace = workspace;
    this.unsubscribers = [
      workspace.onActivity(() => this.idle?.touch()),
      workspace.onLockChange((locked) => {
        if (locked) this.lockSettled = this.afterLock();
      }),
    ];
    this.startIdleTimer();
    this.info = null;
    const { signal } = work;
    work.progress?.({ phase: 'Loading the records', done: 1, total: 2 });
    try {
      for (const hook of this.hooks) await hook.opened?.(workspace, { signal });
      await this.readInfo(workspace, signal);
      signal?.throwIfAborted();
    } catch (error) {
      // Cancelled mid-load: closed as a close closes it (engine dropped, lock released).
      if (signal?.aborted === true && this.workspace === workspace) await this.close();
      throw error;
    }
    // Offered again only once it opened whole: a cancelled open is not a recent workspace.
    this.recent.remember(workspace.path);
    return this.notify(reason);
  }

  async lock(): Promise<WorkspaceStatus> {
    const ws = this.current();
    await this.withStoreWorkStopped(() => {
      if (!ws.isLocked) ws.lock(); // onLockChange runs afterLock
    });
    await this.lockSettled;
    return this.status();
  }

  async unlock(passphrase: string): Promise<WorkspaceStatus> {
    const ws = this.workspace;
    if (ws === null)
      throw new AppError('NO_WORKSPACE', 'No workspace is open. Open or create one on the Start screen.');
    await ws.unlockAsync(passphrase);
    this.startIdleTimer();
    this.info = null;
    for (const hook of this.hooks) await hook.opened?.(ws, {});
    await this.readInfo(ws);
    const status = this.notify('unlocked');
    this.resumeRemoval(ws);
    return status;
  }

  /**
   * A removal of a late-cancelled import's rows that a lock stopped goes on once the workspace
   * is unlocked, and one a write stopped goes on after that write, in a store worker with its
   * progress, rather than at the next import or open: readers skip those rows, but the file
   * keeps them. Queued as a write; like a late cancel's removal it is tracked as writing store
   * work, so a lock, a close or the next write stops it at its next chunk.
   */
  private resumeRemoval(ws: Workspace): void {
    const ready = (): boolean =>
      this.workspace === ws && !ws.isLocked && !this.stopping && this.writingWork().length === 0;
    if (!ready() || !unpublishedLeft(ws)) return;
    void this.writes
      .run(async () => {
        if (ready() && unpublishedLeft(ws)) void this.inStoreWorker({ kind: 'removal' }).catch(() => false);
      })
      .catch(() => undefined);
  }

  async close(): Promise<WorkspaceStatus> {
    const ws = this.workspace;
    if (ws === null) return this.status();
    await this.withStoreWorkStopped(async () => {
      this.idle?.stop();
      this.idle = null;
      for (const off of this.unsubscribers) off();
      this.unsubscribers = [];
      for (const hook of this.hooks) await hook.closed?.();
      if (!ws.isLocked) ws.recordClose();
      ws.close();
      this.workspace = null;
    });
    return this.notify('closed');
  }

  /**
   * Re-keys the workspace in a store worker: SQLCipher rewrites every page, seconds on a
   * million records. One write (exclusive); the store workers still reading are waited for,
   * since a re-key must be the file's only connection, and the main connection is let go for
   * its time (Workspace.changePassphraseWith). A lock or close before the rewrite begins stops
   * it (nothing changed); one during it waits until the file is under the new key.
   */
  async changePassphrase(current: string, next: string): Promise<WorkspaceStatus> {
    await this.exclusive(() =>
      this.pausingOnWorkspace('Changing the passphrase', {}, async ({ signal }) => {
        const ws = this.current();
        await ws.changePassphraseWith(current, next, async (keys) => {
          await Promise.all([...this.storeWork].map((work) => work.finished));
          if (signal?.aborted === true) throw new AppError('CANCELLED', 'The passphrase change was stopped.');
          await this.inStoreWorker({ kind: 'rekey', next: keys.next }, { key: copyKey(keys.current) });
        });
      }),
    );
    return this.notify('updated');
  }

  async setIdleMinutes(minutes: number): Promise<WorkspaceStatus> {
    this.current().updateSettings({ idleMinutes: minutes });
    this.startIdleTimer();
    return this.notify('updated');
  }

  private startIdleTimer(): void {
    this.idle?.stop();
    const ws = this.workspace;
    if (ws === null || ws.isLocked) return;
    this.idle = new IdleTimer(
      ws.settings().idleMinutes,
      () => {
        if (this.workspace !== null && !this.workspace.isLocked) void this.lock().catch(() => undefined);
      },
      this.clock,
    );
  }

  private async afterLock(): Promise<void> {
    this.idle?.stop();
    this.idle = null;
    for (const hook of this.hooks) await hook.closed?.();
    this.notify('locked');
  }

  /**
   * Runs writes one at a time, each after the ones before it: an import holds the write role
   * in its store worker for its whole time, and a write asked for meanwhile waits here
   * (asynchronously, the main thread free) and then runs, never refused. Outside this queue
   * the open workspace's main connection is read-only, so a write that skipped it fails in
   * every test that reaches it. A write called from inside a queued one runs at once.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (this.writes.heldHere) return work();
    return this.writes.run(async () => {
      // A cancelled import is answered before its worker has rolled back, or removed the rows
      // it had stored unpublished: the rollback is waited for, the removal stopped at its next
      // chunk (the rest stays skipped; the next import removes it first, its progress shown).
      const stopped = await this.storeWritesFinished();
      try {
        return await work();
      } finally {
        if (++this.mainWritesSinceCheckpoint >= MAIN_WRITES_PER_CHECKPOINT) this.checkpointSoon();
        // A removal this write stopped goes on after it, queued behind the writes waiting now.
        const ws = this.workspace;
        if (stopped && ws !== null) this.writes.outside(() => this.resumeRemoval(ws));
      }
    });
  }

  /**
   * Once the writes queued now are done and every store worker that writes has finished on its
   * own: for work that only waits for a quiet moment (the warm render worker's start), which
   * must not stop a late-cancelled import's removal as a write does.
   */
  async writesSettled(): Promise<void> {
    await this.writes.run(async () => undefined);
    for (let writing = this.writingWork(); writing.length > 0; writing = this.writingWork())
      await Promise.all(writing.map((work) => work.finished));
  }

  private writingWork(): StoreWork<unknown>[] {
    return [...this.storeWork].filter((work) => work.writes);
  }

  /**
   * Once every store worker that writes (each already answered) has stopped and closed its
   * connection; whether there was one to stop.
   */
  private async storeWritesFinished(): Promise<boolean> {
    const writing = this.writingWork();
    if (writing.length > 0) await Promise.all(writing.map((work) => work.stop()));
    return writing.length > 0;
  }

  /**
   * Runs one request in a store worker on the open workspace (its own connection, the lent
   * key). A lock or close first stops it (an import rolls back unless it has committed) and
   * waits for its reply; work asked for meanwhile is refused as locked.
   */
  inStoreWorker<R extends StoreRequest>(request: R, options: StoreWorkOptions = {}): Promise<StoreAnswer<R>> {
    const ws = this.current();
    if (this.stopping)
      throw new AppError('WORKSPACE_LOCKED', 'The workspace is locking. Enter the passphrase to unlock it.');
    // The worker's writes are not seen here: its progress counts as activity for the idle lock.
    // A removal's goes on after the answer, while later writes, a lock or a close wait for it.
    const work = startStoreWork(ws, request, {
      ...options,
      onProgress: (progress) => {
        this.idle?.touch();
        options.onProgress?.(progress);
      },
      onRemoval: (progress) => {
        options.onRemoval?.(progress);
        const removal = progress === null ? null : { done: progress.done, total: progress.total };
        for (const hook of this.hooks) hook.removal?.(removal);
      },
    });
    let stoppedHere = false;
    const tracked: StoreWork<unknown> = {
      done: work.done,
      finished: work.finished,
      writes: work.writes,
      stop: () => {
        stoppedHere = true;
        return work.stop();
      },
    };
    this.storeWork.add(tracked);
    // Tracked until its connection is closed, not only answered: a lock waits for the rollback.
    void work.finished.then(() => {
      this.storeWork.delete(tracked);
      // Whatever it wrote (an import, a cancelled one's rows and their removal) is in the WAL.
      if (work.writes) this.checkpointSoon();
      // A late-cancelled import drops a column it made once answered: the codebook is read again.
      if (request.kind === 'import') ws.forgetCodebook();
    });
    return work.done.catch((error: unknown) => {
      if (stoppedHere && isAppError(error) && error.code === 'CANCELLED')
        throw new AppError(
          'WORKSPACE_LOCKED',
          'The workspace was locked while this was running, so it was undone and nothing changed. Unlock it and try again.',
        );
      throw error;
    });
  }

  /**
   * Reads the workspace's facts in a store worker for the status that follows (a million
   * records take a whole-table count each); if that fails, status() reads them itself.
   */
  private async readInfo(ws: Workspace, signal?: AbortSignal): Promise<void> {
    if (this.info?.of === ws) return; // read with the snapshots just now
    try {
      const value = await this.inStoreWorker({ kind: 'info' }, signal === undefined ? {} : { signal });
      if (this.workspace === ws && !ws.isLocked) this.info = { of: ws, value };
    } catch {
      // Locked, closed or the worker failed: nothing cached, and status() says what it finds.
    }
  }

  /** The facts a store worker read with the engine's snapshots (see createApplication). */
  rememberInfo(ws: Workspace, info: WorkspaceInfo): void {
    if (this.workspace === ws && !ws.isLocked) this.info = { of: ws, value: info };
  }

  /** Stops the store work (each replies first), then `then` runs with no new work started meanwhile. */
  /**
   * Runs main-connection work that pauses at safe points so that a lock or close stops it at its
   * next pause (answered WORKSPACE_LOCKED, nothing changed) before the connection is let go.
   */
  async pausingOnWorkspace<T>(what: string, steps: Steps, work: (steps: Steps) => Promise<T>): Promise<T> {
    if (this.stopping)
      throw new AppError('WORKSPACE_LOCKED', 'The workspace is locking. Enter the passphrase to unlock it.');
    const stop = new AbortController();
    const signal = steps.signal === undefined ? stop.signal : AbortSignal.any([steps.signal, stop.signal]);
    // Its progress is the analyst's work going on: it counts as activity for the idle lock.
    const progress: Steps['progress'] = (p) => {
      this.idle?.touch();
      steps.progress?.(p);
    };
    const running = work({ signal, progress });
    const entry = {
      stop,
      settled: running.then(
        () => undefined,
        () => undefined,
      ),
    };
    this.pausingWork.add(entry);
    try {
      return await running;
    } catch (error) {
      if (stop.signal.aborted && steps.signal?.aborted !== true && isAppError(error) && error.code === 'CANCELLED')
        throw new AppError(
          'WORKSPACE_LOCKED',
          `${what} was stopped because the workspace was locked or closed; nothing was changed. Unlock it and try again.`,
        );
      throw error;
    } finally {
      this.pausingWork.delete(entry);
    }
  }

  private async withStoreWorkStopped(then: () => Promise<void> | void): Promise<void> {
    this.stopping = true;
    try {
      // Nothing running: the lock happens now, on this turn (the idle lock's tests rely on it).
      if (this.pausingWork.size > 0) {
        for (const work of this.pausingWork) work.stop.abort();
        await Promise.all([...this.pausingWork].map((work) => work.settled));
      }
      if (this.storeWork.size > 0) await Promise.all([...this.storeWork].map((work) => work.stop()));
      await then();
    } finally {
      this.stopping = false;
    }
  }

  /**
   * After an import or a deletion: reload the engine, then tell the renderers. A workspace
   * locked or closed meanwhile reloads when it is opened again: the change itself is done and
   * is not reported as failed.
   */
  async dataChanged(): Promise<void> {
    const ws = this.current();
    this.info = null;
    try {
      for (const hook of this.hooks) await hook.dataChanged?.(ws);
      await this.readInfo(ws);
    } catch (error) {
      // A lock or close under way stops the reload's store work before it lets the workspace go.
      if (this.workspace !== ws || ws.isLocked) return;
      // While stopping, only the refusal of the stopped store work is expected; a real fault is not.
      if (this.stopping && error instanceof AppError && STOPPED.has(error.code)) return;
      throw error;
    }
    this.checkpointInStoreWorker();
    this.notify('updated');
  }

  /**
   * Copies the WAL into the file in a store worker once the engine has reloaded: an import
   * commits with automatic checkpoints off, and on this thread copying a million rows' pages
   * froze every window for seconds. A lock or close waits for it like any store work.
   */
  private checkpointInStoreWorker(): void {
    this.mainWritesSinceCheckpoint = 0;
    if (this.checkpointTimer !== null) clearTimeout(this.checkpointTimer);
    this.checkpointTimer = null;
    let started: Promise<CheckpointResult>;
    try {
      started = this.inStoreWorker({ kind: 'checkpoint' });
    } catch {
      // Locking or closed meanwhile: the last connection's close checkpoints anyway.
      return;
    }
    this.checkpoint = started.catch(() => null);
  }

  /**
   * A checkpoint in a store worker shortly, once the writes queued by then have run: it starts
   * after them, so a write waiting for its turn is never raced by the copy into the file.
   */
  private checkpointSoon(): void {
    if (this.checkpointTimer !== null) return;
    // Asked from inside a write, the timer would run as part of it and skip the queue.
    this.checkpointTimer = this.writes.outside(() =>
      setTimeout(() => {
        this.checkpointTimer = null;
        const ws = this.workspace;
        void this.writes
          .run(async () => undefined)
          .then(() => {
            if (this.workspace === ws && ws !== null && !ws.isLocked) this.checkpointInStoreWorker();
          });
      }, CHECKPOINT_DELAY_MS),
    );
    this.checkpointTimer.unref();
  }

  /** The last data change's checkpoint, once done: what the store worker copied (tests, benchmarks). */
  checkpointed(): Promise<CheckpointResult | null> {
    return this.checkpoint;
  }

  notify(reason: 'opened' | 'closed' | 'locked' | 'unlocked' | 'updated'): WorkspaceStatus {
    const status = this.status();
    for (const hook of this.hooks) hook.changed?.(status, reason);
    return status;
  }
}

/**
 * Whether a stopped removal left rows; asked at the end of a write, so a failed read must not
 * take the write's own answer: then nothing is resumed, and the next open removes the rest.
 */
function unpublishedLeft(ws: Workspace): boolean {
  try {
    return hasUnpublishedImports(ws.db);
  } catch {
    return false;
  }
}
