// The messages between the main thread and a store worker, typed end to end. A store worker
// opens its own connection to the open workspace (with the key the main thread lends it) and
// does one piece of SQLite work there: an import's writes, a batch's deletion, a re-key, the engine's
// snapshot read, the workspace's facts, the audit chain's check, or the WAL's checkpoint after a
// data change. Its
// reply carries the result or the typed error (code kept), never a bare exception.
import type { ErrorPayload } from '../../../shared/errors.ts';
import type { PopulationTables } from '../../engine/populations.ts';
import type { CohortSnapshot } from '../../engine/snapshot.ts';
import type { ImportOptions, ImportResult } from '../../import/runImport.ts';
import type { ImportProgress } from '../../import/progress.ts';
import type { AuditVerification } from '../../store/auditLog.ts';
import type { BatchDeletion } from '../../store/importBatches.ts';
import type { WorkspaceInfo } from '../../store/workspaceInfo.ts';
import type { CheckpointResult } from '../../store/walCheckpoint.ts';
import type { DerivedKey } from '../../store/workspaceKey.ts';

/** Import options that cross a thread: no callbacks, no signal (cancel is a flag and a message). */
export type ImportRequestOptions = Omit<
  ImportOptions,
  'signal' | 'cancelRaised' | 'onProgress' | 'workerEntry' | 'onRemoval' | 'removalStopped'
> & {
  /** The import worker's module as a URL string (a benchmark of the built app). */
  workerEntry?: string;
};

/** Every snapshot the engine holds, read from the store, and the population tables of rates. */
export interface SnapshotSet {
  snapshots: CohortSnapshot[];
  populations: PopulationTables;
  /** The workspace's facts read on the same connection: one worker for the open, not two. */
  info: WorkspaceInfo;
}

export type StoreRequest =
  | { kind: 'import'; options: ImportRequestOptions }
  | { kind: 'removal' }
  /** Undo an import: only if the batch still holds the records the analyst confirmed. */
  | { kind: 'deleteBatch'; batchId: number; confirmRecords: number }
  /**
   * The passphrase changed: every page rewritten under `next`. The main connection is closed for
   * its time (a re-key must be the file's only connection) and lends its key as it goes.
   */
  | { kind: 'rekey'; next: DerivedKey }
  | { kind: 'snapshots' }
  | { kind: 'auditVerify' }
  | { kind: 'info' }
  | { kind: 'checkpoint' };

/** The requests that write: the app's next write waits for (or stops) each. */
export function writesToStore(request: StoreRequest): boolean {
  return (
    request.kind === 'import' ||
    request.kind === 'removal' ||
    request.kind === 'deleteBatch' ||
    request.kind === 'rekey'
  );
}

/** What each request answers. */
export interface StoreAnswers {
  import: ImportResult;
  /** What a stopped removal left, resumed: true once all is removed, false if stopped again. */
  removal: boolean;
  /** One transaction: the batch's rows, its orphan persons and labels, and the audit entry. */
  deleteBatch: BatchDeletion;
  /** The file is under the new key once this is answered. */
  rekey: null;
  snapshots: SnapshotSet;
  /** Every entry of the audit log's hash chain checked: a whole-table read. */
  auditVerify: AuditVerification;
  /** The Start screen's facts: row counts are whole-table scans, slow on a million records. */
  info: WorkspaceInfo;
  /** The WAL copied into the file after a data change (an import leaves a million rows there). */
  checkpoint: CheckpointResult;
}

export type StoreAnswer<R extends StoreRequest> = StoreAnswers[R['kind']];

/** What a worker is given to run: where the workspace is, the lent key, and the one request. */
export interface StoreWorkerData {
  path: string;
  secret: DerivedKey;
  request: StoreRequest;
  /** A CancelFlag's buffer: raised with the cancel message, read between an import's statements; its commit is claimed there. */
  cancel: SharedArrayBuffer;
  /** An import's or a removal's progress within a phase, shared with the main thread (progressBoard.ts). */
  progress?: SharedArrayBuffer;
  /** An ImportStepBoard's buffer: the step an import has begun, and a step to wait at (tests, benchmark). */
  steps?: SharedArrayBuffer;
}

/** A worker is started ahead (its modules loaded) and given its one request when one comes. */
/** `stop`: a removal of unpublished rows (a late-cancelled import's) stops at its next chunk (a lock, close or write). */
export type ToStoreWorker = { type: 'run'; data: StoreWorkerData } | { type: 'cancel' } | { type: 'stop' };

export type FromStoreWorker =
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'done'; ok: true; value: StoreAnswers[StoreRequest['kind']] }
  | { type: 'done'; ok: false; error: ErrorPayload };
