// A store worker: one piece of SQLite work on a connection of its own, so the main thread only
// routes. It is started ahead of need (its modules loaded) and waits for its one request. It opens the workspace with the key the main thread lent (no key derivation here),
// does the request, replies once and closes the connection, which forgets the key. An import
// runs in one transaction here: a cancel rolls it back unless the commit was claimed first
// (CancelFlag: the main thread may have answered the cancel already), and the reply says which. The cancel is a flag in shared memory, read between statements (a message alone
// waits until the batches already queued are written), and a message for the waits. A worker
// that dies leaves the file as SQLite's transaction left it (an open transaction is never
// committed), and the main thread turns its death into a typed error.
import { parentPort } from 'node:worker_threads';
import { COHORTS } from '../../../shared/codebook.ts';
import { AppError, isAppError } from '../../../shared/errors.ts';
import { listContextDatasets, loadContextSnapshot } from '../../engine/loadContextSnapshot.ts';
import { loadSnapshot } from '../../engine/loadSnapshot.ts';
import { loadPopulations } from '../../engine/populations.ts';
import type { ImportStep } from '../../import/importSteps.ts';
import { runImport } from '../../import/runImport.ts';
import { removalProgress } from '../../import/progress.ts';
import { removeUnpublishedStepwise } from '../../store/unpublishedImports.ts';
import { checkpointWal } from '../../store/walCheckpoint.ts';
import { Workspace } from '../../store/workspace.ts';
import { forgetKey, keyFromClone } from '../../store/workspaceKey.ts';
import { CancelFlag } from '../../workers/cancelFlag.ts';
import { deleteIfConfirmed } from '../import/confirmedDeletion.ts';
import { ImportStepBoard } from '../import/importStepBoard.ts';
import { progressWriter } from './progressBoard.ts';
import type {
  FromStoreWorker,
  SnapshotSet,
  StoreAnswers,
  StoreRequest,
  StoreWorkerData,
  ToStoreWorker,
} from './storeWorkerProtocol.ts';
import { writesToStore } from './storeWorkerProtocol.ts';

const port = parentPort;
if (port === null) throw new Error('storeWorker.ts runs only as a worker thread.');
const cancel = new AbortController();
/** A lock, close or write asked the removal after a late cancel to stop at its next chunk. */
let removalStopped = false;
let started = false;
port.on('message', (message: ToStoreWorker) => {
  if (message.type === 'cancel') cancel.abort();
  else if (message.type === 'stop') removalStopped = true;
  else if (!started) {
    started = true;
    void main(message.data);
  }
});

function post(message: FromStoreWorker): void {
  port?.postMessage(message);
}

function readSnapshots(workspace: Workspace): SnapshotSet {
  const codebook = workspace.codebook();
  const db = workspace.db;
  const snapshots = COHORTS.map((cohort) => loadSnapshot(db, codebook, cohort));
  for (const dataset of listContextDatasets(db)) snapshots.push(loadContextSnapshot(db, dataset));
  return { snapshots, populations: loadPopulations(db), info: workspace.info() };
}

async function serve(workspace: Workspace, data: StoreWorkerData): Promise<StoreAnswers[StoreRequest['kind']]> {
  const { request, progress: board } = data;
  switch (request.kind) {
    case 'import': {
      const { workerEntry, ...options } = request.options;
      const flag = new CancelFlag(data.cancel);
      const steps = data.steps === undefined ? undefined : new ImportStepBoard(data.steps);
      // A message only when the phase changes; the numbers in between go through shared memory.
      const write = board === undefined ? () => true : progressWriter(board);
      // After a late cancel the board marks the removal's start, then its first chunk removed.
      let removal: 'none' | 'begun' | 'part-way' = 'none';
      return runImport(workspace, {
        ...options,
        ...(workerEntry === undefined ? {} : { workerEntry: new URL(workerEntry) }),
        signal: cancel.signal,
        cancelRaised: () => flag.raised,
        // The main thread may have answered a cancel already: the flag says who came first.
        claimCommit: () => flag.claimCommit(),
        removalStopped: () => removalStopped,
        ...(steps === undefined
          ? {}
          : {
              onStep: (step: ImportStep) => steps.enter(step),
              onRemoval: () => {
                removal = 'begun';
                steps.enter('removing');
              },
            }),
        onProgress: (progress) => {
          if (write(progress)) post({ type: 'progress', progress });
          // Entered after the board holds these numbers: held here, the main thread reads them.
          if (
            steps !== undefined &&
            removal === 'begun' &&
            progress.phase === 'removing' &&
            progress.done > 0 &&
            progress.done < progress.total
          ) {
            removal = 'part-way';
            steps.enter('removingRest');
          }
        },
      });
    }
    case 'removal': {
      // What a lock, close or write stopped, resumed: the same chunks, stopped the same way.
      const flag = new CancelFlag(data.cancel);
      const write = board === undefined ? () => true : progressWriter(board);
      return removeUnpublishedStepwise(workspace.db, undefined, {
        stopped: () => removalStopped || flag.raised,
        progress: (done, total) => {
          const progress = removalProgress(done, total);
          if (write(progress)) post({ type: 'progress', progress });
        },
      });
    }
    case 'deleteBatch': {
      // Heard between its statements; the commit claimed against the cancel at the end.
      const flag = new CancelFlag(data.cancel);
      return deleteIfConfirmed(workspace, request.batchId, request.confirmRecords, {
        cancelled: () => flag.raised,
        claimCommit: () => flag.claimCommit(),
      });
    }
    case 'rekey': {
      const next = keyFromClone(request.next);
      try {
        workspace.rekeyTo(next);
      } finally {
        forgetKey(next);
      }
      return null;
    }
    case 'snapshots':
      return readSnapshots(workspace);
    case 'auditVerify':
      return workspace.audit.verify();
    case 'info':
      return workspace.info();
    case 'checkpoint':
      return checkpointWal(workspace.db);
  }
}

async function main(data: StoreWorkerData): Promise<void> {
  const secret = keyFromClone(data.secret);
  let workspace: Workspace | undefined;
  let reply: FromStoreWorker;
  try {
    // Only an import, a removal, a deletion or a re-key writes; every other request reads on a connection SQLite keeps read-only.
    workspace = Workspace.attach(data.path, secret, { writer: writesToStore(data.request) });
    reply = {
      type: 'done',
      ok: true,
      value: await serve(workspace, data),
    };
  } catch (error) {
    const typed = isAppError(error)
      ? error
      : new AppError('INTERNAL', 'The store worker failed.', error instanceof Error ? error.message : String(error));
    reply = { type: 'done', ok: false, error: typed.toPayload() };
  }
  // Closed before the reply: once the main thread hears it, this connection and its key are gone.
  workspace?.close();
  forgetKey(secret);
  post(reply);
}
