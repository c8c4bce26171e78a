// The one open workspace of a running app, shared by every transport: open, create, lock
// (by hand or after idle time), unlock, close, and hooks so the engine loads and drops its
// in-memory snapshot with it. Remembers recent paths (never passphrases).
import { resolve } from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import type { WorkspaceStatus } from '../../../shared/contract/workspace.ts';
import { Workspace } from '../../store/workspace.ts';
import { isSynthetic } from '../../store/syntheticFlag.ts';
import { IdleTimer, systemClock, type IdleClock } from '../../store/idleTimer.ts';
import { RecentWorkspaces } from './recentWorkspaces.ts';

export interface SessionHooks {
  /** After open, unlock or create: e.g. the engine loads its snapshot. */
  opened?(workspace: Workspace): Promise<void> | void;
  /** After lock or close: the engine drops its data. */
  closed?(): Promise<void> | void;
  /** Records were added or removed: the engine reloads its snapshot. */
  dataChanged?(workspace: Workspace): Promise<void> | void;
  /** Tell the renderers (events). */
  changed?(status: WorkspaceStatus, reason: 'opened' | 'closed' | 'locked' | 'unlocked' | 'updated'): void;
}

export class WorkspaceSession {
  private workspace: Workspace | null = null;
  private idle: IdleTimer | null = null;
  private unsubscribers: Array<() => void> = [];
  readonly recent: RecentWorkspaces;
  private readonly hooks: SessionHooks[] = [];
  private writeQueue: Promise<unknown> = Promise.resolve();
  /** The engine unload and events after a lock, so `lock()` can answer once they are done. */
  private lockSettled: Promise<void> = Promise.resolve();

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
    const info = ws.info();
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
    return this.replaceWith(Workspace.create(path, passphrase));
  }

  async open(path: string, passphrase: string): Promise<WorkspaceStatus> {
    const current = this.workspace;
    if (current !== null && current.path === resolve(path)) {
      // The same file is held by this process: check the passphrase before letting it go.
      Workspace.checkPassphrase(current.path, passphrase);
      await this.close();
      return this.adopt(Workspace.open(path, passphrase), 'opened');
    }
    return this.replaceWith(Workspace.open(path, passphrase));
  }

  private async replaceWith(workspace: Workspace): Promise<WorkspaceStatus> {
    try {
      await this.close();
    } catch (error) {
      workspace.close();
      throw error;
    }
    return this.adopt(workspace, 'opened');
  }

  /** Take over an already open workspace (the sample builder, tests). */
  async adopt(workspace: Workspace, reason: 'opened' | 'unlocked'): Promise<WorkspaceStatus> {
    this.workspace = workspace;
    this.recent.remember(workspace.path);
    this.unsubscribers = [
      workspace.onActivity(() => this.idle?.touch()),
      workspace.onLockChange((locked) => {
        if (locked) this.lockSettled = this.afterLock();
      }),
    ];
    this.startIdleTimer();
    for (const hook of this.hooks) await hook.opened?.(workspace);
    return this.notify(reason);
  }

  async lock(): Promise<WorkspaceStatus> {
    this.current().lock(); // onLockChange runs afterLock
    await this.lockSettled;
    return this.status();
  }

  async unlock(passphrase: string): Promise<WorkspaceStatus> {
    const ws = this.workspace;
    if (ws === null)
      throw new AppError('NO_WORKSPACE', 'No workspace is open. Open or create one on the Start screen.');
    ws.unlock(passphrase);
    this.startIdleTimer();
    for (const hook of this.hooks) await hook.opened?.(ws);
    return this.notify('unlocked');
  }

  async close(): Promise<WorkspaceStatus> {
    const ws = this.workspace;
    if (ws === null) return this.status();
    this.idle?.stop();
    this.idle = null;
    for (const off of this.unsubscribers) off();
    this.unsubscribers = [];
    for (const hook of this.hooks) await hook.closed?.();
    if (!ws.isLocked) ws.audit.append('workspace.close', {});
    ws.close();
    this.workspace = null;
    return this.notify('closed');
  }

  async changePassphrase(current: string, next: string): Promise<WorkspaceStatus> {
    this.current().changePassphrase(current, next);
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
        if (this.workspace !== null && !this.workspace.isLocked) this.workspace.lock();
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
   * Runs writes one at a time: an import holds one transaction open across async reads, so a
   * second write on the same connection must wait rather than join it.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.writeQueue.then(work, work);
    this.writeQueue = run.catch(() => undefined);
    return run;
  }

  /** After an import or a deletion: reload the engine, then tell the renderers. */
  async dataChanged(): Promise<void> {
    const ws = this.current();
    for (const hook of this.hooks) await hook.dataChanged?.(ws);
    this.notify('updated');
  }

  notify(reason: 'opened' | 'closed' | 'locked' | 'unlocked' | 'updated'): WorkspaceStatus {
    const status = this.status();
    for (const hook of this.hooks) hook.changed?.(status, reason);
    return status;
  }
}
