// A workspace: one encrypted `.vsow` file, the system of record.
// This class owns the lifecycle (create, open, idle lock and unlock, re-key, close) and the
// process lock, and gives the other parts of the store a checked connection. It refuses every
// call while locked or closed, and tells listeners about activity (for the idle timer) and
// about locking (so that the engine drops its in-memory data too).
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { DisclosurePolicy } from '../../shared/disclosurePolicy.ts';
import { BUILT_IN_CODEBOOK, type Codebook, type CodebookColumn } from '../../shared/codebook.ts';
import { AppError, isAppError } from '../../shared/errors.ts';
import { AuditLog, type AuditEntry, type AuditListOptions, type AuditVerification } from './auditLog.ts';
import {
  assertOpenableShape,
  openCipherDatabase,
  setBusyTimeout,
  rekey,
  type CipherDatabase,
  type CipherSecret,
} from './cipherDatabase.ts';
import * as codebookStore from './codebookStore.ts';
import { recordFailedOpen, takeFailedOpens } from './failedOpens.ts';
import { inspectFileShape } from './fileShape.ts';
import * as batches from './importBatches.ts';
import { checkIntegrity, type IntegrityReport } from './integrity.ts';
import { hasMigrationsTable, migrate, schemaVersion } from './migrate.ts';
import { LATEST_SCHEMA_VERSION } from './migrations/index.ts';
import { removeUnpublishedImports } from './unpublishedImports.ts';
import { assertStrongPassphrase } from './passphrasePolicy.ts';
import { PersonIds, PersonKeyIndex, type PersonIdsForImport } from './persons.ts';
import { acquireProcessLock, type ProcessLock } from './processLock.ts';
import * as retention from './retention.ts';
import type { Steps } from './safePoints.ts';
import { sqliteCodeOf, toStoreError, translating } from './storeErrors.ts';
import * as copies from './workspaceCopies.ts';
import { removeLeftovers } from './copyLeftovers.ts';
import { readScreenState, writeScreenState } from './screenState.ts';
import { readWorkspaceInfo, type WorkspaceInfo } from './workspaceInfo.ts';
import type { WriteGate } from './writeGate.ts';
import {
  readDisclosurePolicy,
  readSettings,
  writeDisclosurePolicy,
  writeSettings,
  type WorkspaceSettings,
} from './workspaceSettings.ts';
import {
  copyKey,
  deriveKey,
  deriveKeySync,
  deriveKeyUnlessAborted,
  forgetKey,
  newSalt,
  readSalt,
  type DerivedKey,
} from './workspaceKey.ts';
import { deriveRestoreKeys, deriveRestoreKeysSync, forgetRestoreKeys, type RestoreKeys } from './restoreKeys.ts';

/** How long after an import its WAL is checkpointed: long enough for the screens to refresh first. */
const CHECKPOINT_DELAY_MS = 250;

export type { WorkspaceInfo } from './workspaceInfo.ts';

export const WORKSPACE_FORMAT = 'vso-workspace';

export interface CreateOptions {
  /** Build the schema only up to this version: for tests of migrations from older files. */
  schemaVersion?: number;
  codebook?: Codebook;
}

export interface WorkspaceAudit {
  append(action: string, detail?: Record<string, unknown>): AuditEntry;
  list(options?: AuditListOptions): AuditEntry[];
  /** How many entries the log holds. */
  count(): number;
  verify(): AuditVerification;
}

type Listener<T> = (value: T) => void;

export class Workspace {
  readonly path: string;
  readonly audit: WorkspaceAudit;
  private connection: CipherDatabase | null;
  private readonly processLock: ProcessLock;
  private persons: PersonIds | null = null;
  private checkpointTimer: NodeJS.Timeout | null = null;
  private cachedCodebook: Codebook | null = null;
  private readonly activityListeners = new Set<Listener<void>>();
  private readonly lockListeners = new Set<Listener<boolean>>();
  /** The derived key while unlocked, lent to store workers so they open their own connection. */
  private secret: DerivedKey | null;
  /** Set on the app's main connection: wait this long for a store worker's write, then fail. */
  private busyWaitMs: number | null = null;
  /** Set while a store worker's connection holds the one write role: this connection is read-only. */
  private writerLent = false;
  /** The app's write gate (guardWrites): this connection writes only while a write holds it. */
  private gate: { of: WriteGate; off: () => void } | null = null;
  /** How many of the workspace's own lifecycle entries (lock, unlock, close) are being written. */
  private ownWrites = 0;
  /** Whether the connection is writable now (`PRAGMA query_only` off). */
  private writable = true;
  /** Set while the connection is let go for a re-key on a connection of its own (changePassphraseWith). */
  private rekeying = false;

  private constructor(path: string, connection: CipherDatabase, processLock: ProcessLock, secret: DerivedKey) {
    this.path = path;
    this.connection = connection;
    this.processLock = processLock;
    this.secret = secret;
    const log = new AuditLog(() => this.db);
    this.audit = {
      append: (action, detail) => this.run(() => log.append(action, detail)),
      list: (options) => this.run(() => log.list(options)),
      count: () => this.run(() => log.count()),
      verify: () => this.run(() => log.verify()),
    };
  }

  static create(path: string, passphrase: string, options: CreateOptions = {}): Workspace {
    const resolved = Workspace.checkNewPath(path, passphrase);
    return Workspace.createWith(resolved, deriveKeySync(passphrase, newSalt()), options);
  }

  /** As `create`, with the key derived off the main thread. */
  static async createAsync(path: string, passphrase: string, options: CreateOptions = {}): Promise<Workspace> {
    const resolved = Workspace.checkNewPath(path, passphrase);
    return Workspace.createWith(resolved, await deriveKey(passphrase, newSalt()), options);
  }

  private static checkNewPath(path: string, passphrase: string): string {
    const resolved = resolve(path);
    // The file's own name is the first thing an attacker would try.
    assertStrongPassphrase(passphrase, [basename(resolved).replace(/\.vsow$/i, '')]);
    if (inspectFileShape(resolved).kind !== 'missing') {
      throw new AppError(
        'FILE_EXISTS',
        `${basename(resolved)} already exists. Choose another file name, or open it instead.`,
      );
    }
    if (!existsSync(dirname(resolved))) {
      throw new AppError(
        'FILE_NOT_FOUND',
        `The folder ${dirname(resolved)} does not exist. Choose a folder that exists.`,
      );
    }
    return resolved;
  }

  private static createWith(resolved: string, secret: DerivedKey, options: CreateOptions): Workspace {
    const processLock = acquireProcessLock(resolved);
    let db: CipherDatabase | undefined;
    try {
      db = openCipherDatabase(resolved, secret, { create: true });
      const opened = db;
      migrate(opened, resolved, options.schemaVersion ?? LATEST_SCHEMA_VERSION);
      const codebook = options.codebook ?? BUILT_IN_CODEBOOK;
      opened.transaction(() => {
        const meta = opened.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
        meta.run('format', WORKSPACE_FORMAT);
        meta.run('created_at', new Date().toISOString());
        meta.run('codebook_version', String(codebook.version));
        opened.prepare(`INSERT INTO secrets (name, value) VALUES ('hmac_key', ?)`).run(randomBytes(32));
        codebookStore.seedCodebook(opened, codebook);
        new AuditLog(() => opened).append('workspace.create', {
          schemaVersion: schemaVersion(opened),
          codebookVersion: codebook.version,
        });
      })();
      // A new file carries its whole first state in the main file, not only in the WAL.
      opened.pragma('wal_checkpoint(TRUNCATE)');
      return new Workspace(resolved, opened, processLock, secret);
    } catch (error) {
      db?.close();
      if (db !== undefined) rmSync(resolved, { force: true });
      processLock.release();
      forgetKey(secret);
      throw error;
    }
  }

  static open(path: string, passphrase: string): Workspace {
    const resolved = resolve(path);
    // Missing or foreign files are refused before a lock file is made beside them.
    assertOpenableShape(inspectFileShape(resolved), resolved);
    const secret = deriveKeySync(passphrase, readSalt(resolved));
    return Workspace.openLocked(resolved, secret, acquireProcessLock(resolved), 'workspace.open');
  }

  /**
   * As `open`, with the key derived off the main thread (the app's way: its main thread must not
   * stall). A cancel during the derivation is answered at once, before the file is opened.
   */
  static async openAsync(path: string, passphrase: string, work: { signal?: AbortSignal } = {}): Promise<Workspace> {
    const resolved = resolve(path);
    assertOpenableShape(inspectFileShape(resolved), resolved);
    const secret = await deriveKeyUnlessAborted(passphrase, readSalt(resolved), work.signal);
    return Workspace.openLocked(resolved, secret, acquireProcessLock(resolved), 'workspace.open');
  }

  /**
   * A second connection to a workspace this process holds open, for a store worker: keyed with
   * the key the main thread lent, no process lock of its own (the main thread holds it), no
   * migration (the open did it), nothing audited for the connection itself. It is read-only
   * (`PRAGMA query_only`: SQLite refuses every write) unless it is given the write role, which
   * the main connection lends it for the time (`lendWriter`): one writer at a time.
   */
  static attach(path: string, secret: DerivedKey, role: { writer: boolean }): Workspace {
    const borrowed: ProcessLock = { lockPath: `${path}.lock`, held: true, release: () => undefined };
    const db = Workspace.connect(path, secret);
    const workspace = new Workspace(path, db, borrowed, secret);
    if (!role.writer) {
      readOnly(db, true);
      workspace.writable = false;
    }
    return workspace;
  }

  /** What restoring `backupPath` over `targetPath` would replace (checked, nothing written). */
  static planRestore(backupPath: string, targetPath: string, passphrase: string): copies.RestorePlan {
    const keys = deriveRestoreKeysSync(resolve(backupPath), resolve(targetPath), passphrase);
    try {
      return Workspace.planRestoreWith(backupPath, targetPath, keys);
    } finally {
      forgetRestoreKeys(keys);
    }
  }

  /** As `planRestore`, with keys derived beforehand (`deriveRestoreKeys`: off the calling thread). */
  static planRestoreWith(backupPath: string, targetPath: string, keys: RestoreKeys): copies.RestorePlan {
    const plan = copies.planRestore(backupPath, targetPath, keys);
    if (plan.target !== null) acquireProcessLock(plan.targetPath).release(); // WORKSPACE_IN_USE when open
    return plan;
  }

  /**
   * Checks a backup, puts a copy of it at `targetPath`, and opens it. A workspace already there
   * is replaced only with `replace`, and is put back if the restored one does not open.
   */
  static async restoreFrom(
    backupPath: string,
    targetPath: string,
    passphrase: string,
    options: copies.RestoreOptions = {},
  ): Promise<Workspace> {
    const keys = deriveRestoreKeysSync(resolve(backupPath), resolve(targetPath), passphrase);
    try {
      return await Workspace.restoreWith(backupPath, targetPath, keys, options);
    } finally {
      forgetRestoreKeys(keys);
    }
  }

  /** As `restoreFrom`, with the keys derived off the calling thread (the app's and the CLI's way). */
  static async restoreFromAsync(
    backupPath: string,
    targetPath: string,
    passphrase: string,
    options: copies.RestoreOptions = {},
  ): Promise<Workspace> {
    const keys = await deriveRestoreKeys(resolve(backupPath), resolve(targetPath), passphrase);
    try {
      return await Workspace.restoreWith(backupPath, targetPath, keys, options);
    } finally {
      forgetRestoreKeys(keys);
    }
  }

  /** As `restoreFrom`, with keys derived beforehand; the caller forgets them. A cancel in `steps` stops the copy. */
  static async restoreWith(
    backupPath: string,
    targetPath: string,
    keys: RestoreKeys,
    options: copies.RestoreOptions = {},
    steps: Steps = {},
  ): Promise<Workspace> {
    // Checked before a lock file is made beside a target that is not a workspace.
    const plan = copies.planRestore(backupPath, targetPath, keys);
    copies.assertReplaceConfirmed(plan, options.replace === true);
    const processLock = acquireProcessLock(plan.targetPath);
    let staged: copies.StagedRestore;
    try {
      staged = await copies.stageRestore(plan, keys, steps);
    } catch (error) {
      processLock.release();
      throw error;
    }
    return Workspace.openRestored(staged, keys, options, processLock);
  }

  /** The backup checked and copied beside the target (see copies.stageRestore); the target is not touched. */
  static stageRestore(plan: copies.RestorePlan, keys: RestoreKeys, steps: Steps = {}): Promise<copies.StagedRestore> {
    return copies.stageRestore(plan, keys, steps);
  }

  /** Puts a staged restore in place and opens it, taking the target's lock (free once its workspace is closed). */
  static restoreStaged(
    staged: copies.StagedRestore,
    keys: RestoreKeys,
    options: copies.RestoreOptions = {},
  ): Workspace {
    let processLock: ProcessLock;
    try {
      processLock = acquireProcessLock(staged.plan.targetPath);
    } catch (error) {
      copies.discardStaged(staged);
      throw error;
    }
    return Workspace.openRestored(staged, keys, options, processLock);
  }

  private static openRestored(
    staged: copies.StagedRestore,
    keys: RestoreKeys,
    options: copies.RestoreOptions,
    processLock: ProcessLock,
  ): Workspace {
    const target = staged.plan.targetPath;
    let restored: copies.RestoredCopy;
    try {
      restored = copies.placeRestore(staged, keys, options);
    } catch (error) {
      processLock.release();
      throw error;
    }
    let workspace: Workspace;
    try {
      // The restored file is a copy of the backup: the backup's salt, so the backup's key.
      workspace = Workspace.openLocked(target, copyKey(keys.backup), processLock, 'workspace.open');
    } catch (error) {
      copies.putBack(restored);
      throw error;
    }
    copies.discardSafetyCopy(restored);
    workspace.audit.append('workspace.restore', {
      from: restored.plan.backupPath,
      records: restored.plan.backup.total,
      replacedRecords: restored.plan.target?.total ?? null,
    });
    return workspace;
  }

  private static openLocked(path: string, secret: DerivedKey, processLock: ProcessLock, action: string): Workspace {
    let db: CipherDatabase | undefined;
    try {
      db = Workspace.connect(path, secret);
      const opened = db;
      const migrated = translating(path, () => migrate(opened, path));
      // An import a killed process left unpublished: its rows go before anything reads.
      const abandoned = removeUnpublishedImports(opened);
      const workspace = new Workspace(path, opened, processLock, secret);
      workspace.recordOpen(action, migrated.from !== migrated.to ? { migratedFrom: migrated.from } : {});
      if (abandoned > 0) workspace.audit.append('workspace.unpublished_imports_removed', { batches: abandoned });
      const removed = removeLeftovers(opened, path);
      if (removed.length > 0)
        workspace.audit.append('workspace.leftovers_removed', { files: removed.map((f) => basename(f)) });
      return workspace;
    } catch (error) {
      db?.close();
      processLock.release();
      forgetKey(secret);
      throw error;
    }
  }

  /**
   * Throws WRONG_PASSPHRASE (counted as a failed open) unless `passphrase` opens the file; for
   * a file this process already holds, which cannot be opened a second time.
   */
  static checkPassphrase(path: string, passphrase: string): void {
    Workspace.connect(resolve(path), passphrase).close();
  }

  /** As `checkPassphrase`, with the key derived off the calling thread. */
  static async checkPassphraseAsync(path: string, passphrase: string): Promise<void> {
    const resolved = resolve(path);
    const secret = await deriveKey(passphrase, readSalt(resolved));
    try {
      Workspace.connect(resolved, secret).close();
    } finally {
      forgetKey(secret);
    }
  }

  /** Opens and keys a connection and checks that the file is a workspace; counts wrong passphrases. */
  private static connect(path: string, secret: CipherSecret): CipherDatabase {
    let db: CipherDatabase;
    try {
      db = openCipherDatabase(path, secret);
    } catch (error) {
      if (isAppError(error) && error.code === 'WRONG_PASSPHRASE') recordFailedOpen(path);
      throw error;
    }
    const format = translating(path, () =>
      hasMigrationsTable(db)
        ? (db.prepare(`SELECT value FROM meta WHERE key = 'format'`).get() as { value: string } | undefined)
        : undefined,
    );
    if (format?.value !== WORKSPACE_FORMAT) {
      db.close();
      throw new AppError('NOT_A_WORKSPACE', `${basename(path)} is an encrypted database, but not a VSO workspace.`);
    }
    return db;
  }

  private recordOpen(action: string, detail: Record<string, unknown>): void {
    const failed = takeFailedOpens(this.path);
    if (failed !== undefined) this.audit.append('workspace.open_failed', { ...failed });
    this.audit.append(action, { schemaVersion: schemaVersion(this.db), ...detail });
  }

  /** The raw connection (for the importer and the engine's loader); throws while locked or closed. */
  get db(): CipherDatabase {
    if (this.connection === null) {
      this.refuseWhileRekeying();
      if (this.processLock.held) {
        throw new AppError('WORKSPACE_LOCKED', `${basename(this.path)} is locked. Enter the passphrase to unlock it.`);
      }
      throw new AppError('NO_WORKSPACE', `${basename(this.path)} is closed. Open it again to continue.`);
    }
    return this.connection;
  }

  get isLocked(): boolean {
    return this.connection === null && this.processLock.held && !this.rekeying;
  }

  get isOpen(): boolean {
    return this.processLock.held;
  }

  /** Every call goes through here: refused while locked, counted as activity, SQLite errors typed. */
  private run<T>(work: () => T, activity = true): T {
    this.usable();
    if (activity) for (const listener of this.activityListeners) listener();
    try {
      // On the app's main connection a busy lock is a store worker's write (an import).
      return translating(this.path, work, this.busyWaitMs === null ? 'another' : 'appWrite');
    } catch (error) {
      // Read-only as the main connection (not a store worker's reader): the write skipped the gate.
      const skippedGate = !this.writable && (this.gate !== null || this.writerLent);
      if (skippedGate && sqliteCodeOf(error) === 'SQLITE_READONLY') throw unqueuedWrite(this.path, error);
      throw error;
    }
  }

  /**
   * Makes the app's writes go through `gate`: from now on this connection is read-only
   * (`PRAGMA query_only`) except while a write holds the gate, so a write that skipped the
   * gate fails at once, whether or not an import is running, and never races a store worker's.
   */
  guardWrites(gate: WriteGate): void {
    this.gate?.off();
    this.gate = { of: gate, off: gate.onChange(() => this.applyWriteRole()) };
    this.applyWriteRole();
    this.leaveCheckpointsToOwner();
  }

  /**
   * Under a write gate the owner (the app's session) copies the WAL into the file in a store
   * worker, so this connection never does it at a commit: after a store worker's import, the
   * first small write here would otherwise copy a million rows' pages, freezing the main thread
   * for seconds. Its close still checkpoints what is left.
   */
  private leaveCheckpointsToOwner(): void {
    if (this.gate !== null) this.connection?.pragma('wal_autocheckpoint = 0');
  }

  /** Writable unless the write role is lent, or the gate guards it and nothing holds it. */
  private applyWriteRole(): void {
    const db = this.connection;
    if (db === null) return;
    const writable = !this.writerLent && (this.gate === null || this.gate.of.held || this.ownWrites > 0);
    if (writable === this.writable) return;
    readOnly(db, !writable);
    this.writable = writable;
  }

  /** The workspace's own lifecycle writes (its lock, unlock and close entries) need no gate. */
  private asOwnWrite<T>(work: () => T): T {
    this.ownWrites += 1;
    this.applyWriteRole();
    try {
      return work();
    } finally {
      this.ownWrites -= 1;
      this.applyWriteRole();
    }
  }

  private ownEntry(action: string): void {
    this.asOwnWrite(() => this.audit.append(action, {}));
  }

  /** Audits the close the session is about to make (the connection is still open). */
  recordClose(): void {
    this.ownEntry('workspace.close');
  }

  /**
   * Lends the workspace's one write role to a store worker's connection (an import): until the
   * returned function gives it back, this connection is read-only (`PRAGMA query_only`), so it
   * can neither race the worker's writes nor wait for their lock. Under a write gate only a
   * write holding the gate may lend it: the app's other writes then wait their turn in the gate.
   */
  lendWriter(): () => void {
    const db = this.usable();
    if (this.gate !== null && !this.gate.of.heldHere)
      throw new AppError(
        'INTERNAL',
        `An import into ${basename(this.path)} was started outside the app's queue of writes, so it was refused; nothing was changed. Try again; if it happens again, report it.`,
      );
    if (this.writerLent) throw writerBusy(this.path);
    this.writerLent = true;
    this.applyWriteRole();
    let given = false;
    return () => {
      if (given) return;
      given = true;
      // Locked or closed meanwhile: the next connection takes its role from the gate.
      if (this.connection !== db) return;
      this.writerLent = false;
      this.applyWriteRole();
    };
  }

  /**
   * Makes this connection give up after `ms` when another connection (a store worker's import)
   * holds the write lock, instead of freezing its thread for SQLite's default wait; kept across
   * unlocks. Writes the app queues never meet the lock, so only a forgotten path fails.
   */
  limitBusyWait(ms: number): void {
    this.busyWaitMs = ms;
    setBusyTimeout(this.db, ms);
  }

  /** The connection, or the WORKSPACE_LOCKED / NO_WORKSPACE error. */
  private usable(): CipherDatabase {
    return this.db;
  }

  onActivity(listener: () => void): () => void {
    this.activityListeners.add(listener);
    return () => this.activityListeners.delete(listener);
  }

  /** `true` when the workspace locks, `false` when it unlocks. */
  onLockChange(listener: (locked: boolean) => void): () => void {
    this.lockListeners.add(listener);
    return () => this.lockListeners.delete(listener);
  }

  /** Closes the connection (SQLCipher forgets the key) but keeps the file reserved to this process. */
  lock(): void {
    if (this.connection === null) return;
    this.ownEntry('workspace.lock');
    this.dropConnection();
    for (const listener of this.lockListeners) listener(true);
  }

  unlock(passphrase: string): void {
    if (!this.processLock.held) this.usable(); // throws NO_WORKSPACE
    this.refuseWhileRekeying();
    if (this.connection !== null) return;
    this.unlockWith(deriveKeySync(passphrase, readSalt(this.path)));
  }

  /** As `unlock`, with the key derived off the main thread. */
  async unlockAsync(passphrase: string): Promise<void> {
    if (!this.processLock.held) this.usable(); // throws NO_WORKSPACE
    this.refuseWhileRekeying();
    if (this.connection !== null) return;
    const secret = await deriveKey(passphrase, readSalt(this.path));
    // Closed, unlocked or let go for a re-key by another call while the key was derived.
    if (!this.processLock.held || this.connection !== null || this.rekeying) {
      forgetKey(secret);
      if (!this.processLock.held) this.usable();
      this.refuseWhileRekeying();
      return;
    }
    this.unlockWith(secret);
  }

  private unlockWith(secret: DerivedKey): void {
    try {
      this.connection = Workspace.connect(this.path, secret);
      if (this.busyWaitMs !== null) setBusyTimeout(this.connection, this.busyWaitMs);
    } catch (error) {
      forgetKey(secret);
      throw error;
    }
    this.secret = secret;
    this.writable = true;
    this.applyWriteRole();
    this.leaveCheckpointsToOwner();
    this.asOwnWrite(() => this.recordOpen('workspace.unlock', {}));
    for (const listener of this.lockListeners) listener(false);
  }

  /** A copy of the derived key for a store worker's own connection (the worker forgets it when done). */
  lendKey(): DerivedKey {
    this.usable();
    if (this.secret === null)
      throw new AppError('WORKSPACE_LOCKED', `${basename(this.path)} is locked. Enter the passphrase to unlock it.`);
    return copyKey(this.secret);
  }

  close(): void {
    this.gate?.off();
    this.gate = null;
    this.dropConnection();
    this.processLock.release();
  }

  /**
   * A passive checkpoint on a later turn of the event loop: an import commits without the
   * automatic one, so the analyst sees its result a second sooner, and the copy of its pages
   * from the WAL into the file happens here (or at close, which checkpoints anyway).
   */
  checkpointSoon(): void {
    if (this.checkpointTimer !== null) return;
    this.checkpointTimer = setTimeout(() => {
      this.checkpointTimer = null;
      if (this.connection === null || this.connection.inTransaction) return;
      try {
        this.connection.pragma('wal_checkpoint(PASSIVE)');
      } catch {
        // A busy or closing connection: SQLite's own checkpoint at the next commit or close will do it.
      }
    }, CHECKPOINT_DELAY_MS);
    this.checkpointTimer.unref();
  }

  private dropConnection(): void {
    this.writerLent = false;
    this.writable = true;
    if (this.checkpointTimer !== null) clearTimeout(this.checkpointTimer);
    this.checkpointTimer = null;
    this.connection?.close();
    this.connection = null;
    if (this.secret !== null) forgetKey(this.secret);
    this.secret = null;
    this.persons = null;
    this.cachedCodebook = null;
  }

  /**
   * Re-keys the workspace under a new passphrase with a new salt. Both keys are derived on
   * Node's thread pool; the rewrite of the pages is SQLite's and stays on this connection.
   */
  async changePassphrase(oldPassphrase: string, newPassphrase: string): Promise<void> {
    this.usable();
    assertStrongPassphrase(newPassphrase);
    // The old passphrase must be right even though the connection is already keyed.
    await this.assertPassphraseOpens(oldPassphrase);
    const next = await deriveKey(newPassphrase, newSalt());
    try {
      this.run(() => rekey(this.db, next));
    } catch (error) {
      forgetKey(next);
      throw error;
    }
    if (this.secret !== null) forgetKey(this.secret);
    this.secret = next;
    this.audit.append('workspace.passwd', {});
  }

  /**
   * As `changePassphrase`, with the rewrite of every page done by `rekeyElsewhere` on a
   * connection of its own (the app's store worker), given copies of the current and the new key.
   * A re-key must be the file's only connection, so this one is let go for its time (reads meet
   * WORKSPACE_BUSY, not a frozen thread) and opened again under the key the file is then under:
   * the new one once the re-key replied, the old one if it failed (and the other if that key
   * does not open it: a re-key that died part-way is rolled back by the next open). The audit
   * entry follows on this connection, as before.
   */
  async changePassphraseWith(
    oldPassphrase: string,
    newPassphrase: string,
    rekeyElsewhere: (keys: { current: DerivedKey; next: DerivedKey }) => Promise<void>,
  ): Promise<void> {
    this.usable();
    assertStrongPassphrase(newPassphrase);
    await this.assertPassphraseOpens(oldPassphrase);
    const next = await deriveKey(newPassphrase, newSalt());
    const current = this.secret;
    if (this.connection === null || current === null) {
      // Locked or closed while the keys were derived.
      forgetKey(next);
      this.usable();
      throw new AppError('WORKSPACE_LOCKED', `${basename(this.path)} is locked. Enter the passphrase to unlock it.`);
    }
    const lent = { current: copyKey(current), next: copyKey(next) };
    this.letGoForRekey();
    let failure: { error: unknown } | null = null;
    try {
      await rekeyElsewhere(lent);
    } catch (error) {
      failure = { error };
    } finally {
      forgetKey(lent.current);
      forgetKey(lent.next);
      this.rekeying = false;
      const [expected, other] = failure === null ? [next, current] : [current, next];
      const opened = this.reconnect(expected) ? expected : this.reconnect(other) ? other : null;
      this.secret = opened;
      for (const key of [current, next]) if (key !== opened) forgetKey(key);
    }
    // The key the file opens under says what happened: a rewrite whose worker died after its
    // commit did change the passphrase, and one that reported success but left the old key did not.
    if (this.secret === next) {
      this.audit.append('workspace.passwd', {});
      return;
    }
    if (this.secret === null) {
      // Neither key opens it now: locked, as far as everyone listening is concerned.
      for (const listener of this.lockListeners) listener(true);
      throw new AppError(
        'WORKSPACE_LOCKED',
        `${basename(this.path)} could not be opened again after its passphrase change. Unlock it with the new passphrase, or with the current one if the new one is refused.`,
      );
    }
    if (failure !== null) throw failure.error;
    throw new AppError(
      'INTERNAL',
      `The passphrase of ${basename(this.path)} was not changed: the file still opens with the current one. Try again.`,
    );
  }

  /**
   * While a re-key rewrites the file its connection is let go, which reads as locked; an unlock
   * then would open a second connection under the rewrite's feet (and the re-key would fail).
   */
  private refuseWhileRekeying(): void {
    if (this.rekeying) {
      throw new AppError(
        'WORKSPACE_BUSY',
        `${basename(this.path)} is busy: its passphrase is being changed. Try again in a moment.`,
      );
    }
  }

  /** The connection closed for a re-key elsewhere; the key, the process lock and the write role's state kept. */
  private letGoForRekey(): void {
    if (this.checkpointTimer !== null) clearTimeout(this.checkpointTimer);
    this.checkpointTimer = null;
    this.rekeying = true;
    this.connection?.close();
    this.connection = null;
    this.persons = null;
    this.cachedCodebook = null;
  }

  /** Connects again after a re-key elsewhere, as an unlock does but without its audit entry; false if `secret` does not open it. */
  private reconnect(secret: DerivedKey): boolean {
    try {
      this.connection = Workspace.connect(this.path, secret);
    } catch {
      return false;
    }
    if (this.busyWaitMs !== null) setBusyTimeout(this.connection, this.busyWaitMs);
    this.writable = true;
    this.applyWriteRole();
    this.leaveCheckpointsToOwner();
    return true;
  }

  /** Re-keys this connection to `next` (see cipherDatabase.rekey): it must be the file's only one. */
  rekeyTo(next: DerivedKey): void {
    this.run(() => rekey(this.db, next));
  }

  /** Throws WRONG_PASSPHRASE unless `passphrase` opens the file; the key derived off the calling thread. */
  private async assertPassphraseOpens(passphrase: string): Promise<void> {
    const secret = await deriveKey(passphrase, readSalt(this.path));
    try {
      openCipherDatabase(this.path, secret, { readonly: true }).close();
    } finally {
      forgetKey(secret);
    }
  }

  info(): WorkspaceInfo {
    // A status display polling info() must not keep the workspace from locking: no activity.
    return this.run(() => readWorkspaceInfo(this.db, this.path), false);
  }

  codebook(): Codebook {
    return this.run(() => {
      if (this.cachedCodebook === null) {
        const row = this.db.prepare(`SELECT value FROM meta WHERE key = 'codebook_version'`).get() as
          { value: string } | undefined;
        this.cachedCodebook = codebookStore.readCodebook(this.db, Number(row?.value ?? BUILT_IN_CODEBOOK.version));
      }
      return this.cachedCodebook;
    });
  }

  categoryCodes(column: string): Map<string, number> {
    return this.run(() => codebookStore.categoryCodes(this.db, column));
  }

  /** The code of `label` in `column`, added (and audited) if new. */
  addCategory(column: string, label: string): number {
    return this.addCategories(column, [label]).get(label.trim()) as number;
  }

  /**
   * Codes of all `labels`, adding the new ones in one transaction. An analyst's addition to a
   * closed list is a codebook change and is audited; an open column (months, LSOAs, offence
   * subgroups) gains categories as data arrives, which its import batch already records, so
   * those are not audited one by one (an import can add hundreds).
   */
  addCategories(column: string, labels: readonly string[]): Map<string, number> {
    return this.run(() =>
      this.db.transaction(() => {
        const { codes, added } = codebookStore.addCategories(this.db, column, labels);
        this.categoriesAdded(column, added);
        return codes;
      })(),
    );
  }

  /** An import's new categories, with the codes it gave them, in one go (audited like addCategories). */
  addCategoriesWithCodes(column: string, entries: ReadonlyArray<readonly [label: string, code: number]>): void {
    this.run(() =>
      this.db.transaction(() =>
        this.categoriesAdded(column, codebookStore.addCategoriesWithCodes(this.db, column, entries)),
      )(),
    );
  }

  private categoriesAdded(column: string, added: readonly string[]): void {
    if (added.length === 0) return;
    this.cachedCodebook = null;
    const open = this.codebook().columns.find((c) => c.name === column)?.open ?? false;
    if (!open) this.audit.append('codebook.add_categories', { column, labels: [...added] });
  }

  /** The codebook is read again on next use (an import's rollback may have undone a column). */
  forgetCodebook(): void {
    this.cachedCodebook = null;
  }

  addCustomColumn(input: codebookStore.CustomColumnInput): CodebookColumn {
    return this.run(() =>
      this.db.transaction(() => {
        const column = codebookStore.addCustomColumn(this.db, input);
        this.cachedCodebook = null;
        this.audit.append('codebook.add_column', {
          name: column.name,
          label: column.label,
          kind: column.kind,
          cohorts: [...column.cohorts],
          categories: [...column.categories],
        });
        return column;
      })(),
    );
  }

  /** The dense id of a pseudonymous person key, inserted if new. */
  personId(personKey: string): number {
    return this.run(() => {
      this.persons ??= new PersonIds(this.db);
      return this.persons.idOf(personKey);
    });
  }

  /** Person ids in bulk for one import; create it inside the import's write transaction. */
  personIdsForImport(): PersonIdsForImport {
    const index = this.run(() => new PersonKeyIndex(this.db));
    return {
      idsOf: (personKeys) => this.run(() => index.idsOf(personKeys)),
      idsOfNew: (personKeys) => this.run(() => index.idsOfNew(personKeys)),
      held: index.held,
      idsBeforeKeys: (count) => index.idsBeforeKeys(count),
      keysAfterIds: (personKeys, between) => this.run(() => index.keysAfterIds(personKeys, between)),
    };
  }

  /** The workspace's own HMAC key for person keys (32 random bytes made with the workspace). */
  hmacSecret(): Buffer {
    return this.run(() => {
      const row = this.db.prepare(`SELECT value FROM secrets WHERE name = 'hmac_key'`).get() as
        { value: Buffer } | undefined;
      if (row === undefined)
        throw new AppError('DAMAGED_WORKSPACE', `${basename(this.path)} has lost its pseudonymisation key.`);
      return Buffer.from(row.value);
    });
  }

  settings(): WorkspaceSettings {
    return this.run(() => readSettings(this.db), false);
  }

  updateSettings(change: Partial<WorkspaceSettings>): WorkspaceSettings {
    return this.run(() =>
      this.db.transaction(() => {
        const settings = writeSettings(this.db, change);
        this.audit.append('settings.change', { ...change });
        return settings;
      })(),
    );
  }

  /** A screen's view as last left (unvalidated JSON, null when none); not user activity. */
  screenState(screen: string): unknown {
    return this.run(() => readScreenState(this.db, screen), false);
  }

  setScreenState(screen: string, state: unknown): void {
    this.run(() => writeScreenState(this.db, screen, state), false);
  }

  disclosurePolicy(): DisclosurePolicy {
    return this.run(() => readDisclosurePolicy(this.db), false);
  }

  /**
   * Changes the disclosure policy after checking the passphrase again (whoever left the
   * workspace open must not be able to weaken it); audited with the policy before and after,
   * and a refused attempt is audited too.
   */
  async setDisclosurePolicy(passphrase: string, policy: DisclosurePolicy): Promise<DisclosurePolicy> {
    const before = this.disclosurePolicy();
    try {
      await this.assertPassphraseOpens(passphrase);
    } catch (error) {
      if (isAppError(error) && error.code === 'WRONG_PASSPHRASE')
        this.audit.append('disclosure.policy_refused', { reason: 'wrong passphrase', asked: { ...policy } });
      throw error;
    }
    return this.run(() =>
      this.db.transaction(() => {
        const after = writeDisclosurePolicy(this.db, policy);
        this.audit.append('disclosure.policy_change', { before: { ...before }, after: { ...after } });
        return after;
      })(),
    );
  }

  listBatches(): batches.ImportBatch[] {
    return this.run(() => batches.listBatches(this.db));
  }

  batchSummary(batchId: number): batches.BatchSummary {
    return this.run(() => batches.batchSummary(this.db, batchId));
  }

  deleteBatch(batchId: number, guard?: batches.DeletionGuard): batches.BatchDeletion {
    return this.run(() => this.labelsMayGo(batches.deleteBatch(this.db, this.auditLog(), batchId, guard)));
  }

  retentionPreview(years: number, today: string): retention.RetentionPreview {
    return this.run(() => retention.retentionPreview(this.db, years, today));
  }

  /** The purge (see retention.purgeRetention): a cancel in `steps` rolls it back. */
  async purgeRetention(years: number, today: string, steps: Steps = {}): Promise<retention.RetentionPurge> {
    this.usable();
    try {
      return this.labelsMayGo(await retention.purgeRetention(this.db, this.auditLog(), years, today, steps));
    } catch (error) {
      throw toStoreError(error, this.path);
    }
  }

  /** After a deletion that may have removed labels: the codebook is read again. */
  private labelsMayGo<T>(result: T): T {
    this.cachedCodebook = null;
    return result;
  }

  /** A backup (see copies.backupTo), copied a chunk at a time: a cancel in `steps` stops it and removes it. */
  backupTo(outPath: string, steps: Steps = {}): Promise<copies.CopyResult> {
    return this.runCopy((source) => copies.backupTo(this.db, this.auditLog(), source, outPath, steps));
  }

  /** A copy for a colleague under its own passphrase (see copies.exportForHandOver); the key derived here. */
  exportForHandOver(outPath: string, newPassphrase: string, steps: Steps = {}): Promise<copies.HandOverResult> {
    this.usable();
    assertStrongPassphrase(newPassphrase);
    return this.handOverWith(outPath, deriveKeySync(newPassphrase, newSalt()), steps);
  }

  /** As `exportForHandOver`, with the new passphrase's key derived off the calling thread (the app's way). */
  async exportForHandOverAsync(
    outPath: string,
    newPassphrase: string,
    steps: Steps = {},
  ): Promise<copies.HandOverResult> {
    this.usable();
    assertStrongPassphrase(newPassphrase);
    return this.handOverWith(outPath, await deriveKey(newPassphrase, newSalt()), steps);
  }

  private async handOverWith(outPath: string, newKey: DerivedKey, steps: Steps): Promise<copies.HandOverResult> {
    try {
      return await this.runCopy((source) =>
        copies.exportForHandOver(this.db, this.auditLog(), source, outPath, newKey, steps),
      );
    } finally {
      forgetKey(newKey);
    }
  }

  /** Runs a copy of this workspace on a connection of its own, with a lent key zeroed afterwards. */
  private async runCopy<T>(copy: (source: copies.CopySource) => Promise<T>): Promise<T> {
    this.usable();
    for (const listener of this.activityListeners) listener();
    const key = this.lendKey();
    try {
      return await copy({ path: this.path, key });
    } catch (error) {
      throw toStoreError(error, this.path);
    } finally {
      forgetKey(key);
    }
  }

  /** The check (see integrity.checkIntegrity), a table at a time: a cancel in `steps` stops it. */
  async checkIntegrity(steps: Steps = {}): Promise<IntegrityReport> {
    this.usable();
    return checkIntegrity(this.db, this.auditLog(), () => this.codebook(), steps);
  }

  private auditLog(): AuditLog {
    return new AuditLog(() => this.db);
  }
}

/** SQLite refuses every write on a connection marked query-only; reads and checkpoints still run. */
function readOnly(db: CipherDatabase, on: boolean): void {
  db.pragma(`query_only = ${on ? 'ON' : 'OFF'}`);
}

/** A write on a guarded connection that did not hold the gate: a fault of the app, not the analyst's. */
function unqueuedWrite(path: string, cause: unknown): AppError {
  return new AppError(
    'INTERNAL',
    `A change to ${basename(path)} skipped the app's queue of writes, so it was refused and nothing was changed. Try again; if it happens again, report it.`,
    cause instanceof Error ? cause.message : undefined,
  );
}

function writerBusy(path: string, cause?: unknown): AppError {
  return new AppError(
    'WORKSPACE_BUSY',
    `${basename(path)} is busy: an import is writing to it. Wait for it to finish, then try again.`,
    cause instanceof Error ? cause.message : undefined,
  );
}
