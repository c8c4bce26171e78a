// The import orchestrator: file hash (refusing an extract already imported unless asked),
// mapping (given, from a profile, or automatic), then the row pipeline (validation, recoding,
// pseudonymisation: rowPipeline.ts, in the import worker for large files) feeding this thread,
// which only writes. The rows commit in one transaction under an unpublished batch that every
// reader skips, then a small second transaction publishes them (the batch's status, its new
// labels, the profile, the audit entry): an import is seen whole or not at all, and its long
// COMMIT comes before the point of no return, so cancelling (AbortSignal, CancelFlag) or any
// failure rolls back or removes the unpublished rows (unpublishedImports.ts). Every row read is
// either written or kept in `rejected_rows` with its reasons; nothing is dropped without a record.
import { basename } from 'node:path';
import type { Cohort } from '../../shared/codebook.ts';
import { AppError, isAppError } from '../../shared/errors.ts';
import { setAsideIndexesIfEmpty, setAsidePersonKeysIfFew } from '../store/bulkLoadIndexes.ts';
import { enterBulkWrite } from '../store/bulkWriteSettings.ts';
import { completeBatch, findBatchByHash, nextRecordId, openBatch } from '../store/importBatchWrites.ts';
import { defaultUserName } from './batchRecords.ts';
import { CohortWriter, RejectedWriter } from './cohortWriter.ts';
import { beginImmediate, commit, rollbackIfOpen } from '../store/sqlConnection.ts';
import { hashExtract } from './fileHash.ts';
import type { ImportTarget, SqlDatabase } from './importTarget.ts';
import {
  assertCohort,
  buildPlan,
  choicesStillOpen,
  resolveMapping,
  valueWarnings,
  type MappingChoices,
} from './importSetup.ts';
import type { Mapping } from './mapping.ts';
import type { SourceOptions } from './openSource.ts';
import { profileFrom, saveProfile } from './profile.ts';
import type { ImportStep } from './importSteps.ts';
import { ProgressReporter, removalProgress, type ImportProgress } from './progress.ts';
import { ensureSourceBandColumn, SOURCE_BAND_COLUMN } from './sourceBands.ts';
import { LineHashWriter } from '../store/lineHashes.ts';
import { dropColumnOfRemovedImport, removeUnpublishedStepwise } from '../store/unpublishedImports.ts';

import { openRowStream, type KeyedBatch, type PipelineThread, type RowStream } from './rowStream.ts';
import type { PipelineBatch } from './rowPipeline.ts';

export interface ImportOptions extends SourceOptions, MappingChoices {
  cohort: Cohort;
  path: string;
  /** An explicit mapping (the wizard's); otherwise the profile's, otherwise automatic. */
  mapping?: Mapping;
  /** Apply this saved profile. */
  profile?: string;
  /** Save the mapping used (and the values seen) as this profile, in the same transaction. */
  saveProfileAs?: string;
  /** The same file (same SHA-256) was imported before: refuse (default) or import again. */
  onDuplicateFile?: 'refuse' | 'import';
  signal?: AbortSignal;
  /**
   * A cancel raised by another thread (a CancelFlag), read between statements: a thread busy
   * writing batches that are already queued never returns to its event loop to hear a message.
   */
  cancelRaised?: () => boolean;
  /**
   * Asked just before the COMMIT: false when a cancel already won (its reply may have gone, so
   * the import must roll back); true makes any later cancel wait for the committed result.
   */
  claimCommit?: () => boolean;
  onProgress?: (progress: ImportProgress) => void;
  /** Called as each step begins, on the importing thread (tests drive a cancel into a step with it). */
  onStep?: (step: ImportStep) => void;
  /**
   * Called once a cancel or failure has been answered and the rows that had committed
   * unpublished begin to be removed (the store worker's step board marks it).
   */
  onRemoval?: () => void;
  /** Asked between the removal's chunks: true leaves the rest for the next import or open. */
  removalStopped?: () => boolean;
  /** Records or persons removed per transaction after a late cancel (tests make it small). */
  rowsPerRemovalChunk?: number;
  /** "Today" for the future-date rule (tests); defaults to now. */
  now?: Date;
  /** Where rows are read and validated: the import worker for large files by default. */
  thread?: PipelineThread;
  /** The import worker's module, when not the one beside this module (a benchmark of the built app). */
  workerEntry?: URL;
}

export interface ImportResult {
  batchId: number;
  rowsRead: number;
  accepted: number;
  rejected: number;
  /** Rejected rows by rule (a row counts once under each rule it broke). */
  reasons: Record<string, number>;
  /** Lines repeating an earlier line exactly (rejected or kept, per `duplicateRows`). */
  duplicates: number;
  /** Of those, the ones kept as distinct records. */
  duplicatesKept: number;
  /** Of the repeated lines, those the workspace already held (an earlier, overlapping file). */
  alreadyInWorkspace: number;
  /** Cells with no recoding kept as Unknown (`unmapped: 'unknown'`). */
  unmappedKept: number;
  warnings: string[];
  /** Values no rule recodes, per codebook column, with counts. */
  unknownValues: Record<string, Array<{ value: string; count: number }>>;
  mapping: Mapping;
}

/**
 * The source band column a late-cancelled import made, dropped once its rows are gone (its
 * `codebook.add_column` entry stays in the chain, followed by this one). A stopped or killed
 * removal leaves it: empty, an open category column like any other.
 */
function dropSourceBandColumn(target: ImportTarget, cohort: Cohort): void {
  beginImmediate(target.db);
  try {
    if (dropColumnOfRemovedImport(target.db, cohort, SOURCE_BAND_COLUMN))
      target.audit.append('codebook.remove_column', { name: SOURCE_BAND_COLUMN, reason: 'import cancelled' });
    commit(target.db);
  } finally {
    rollbackIfOpen(target.db);
    target.forgetCodebook?.();
  }
}

/** The answer to a cancelled import of `path`: nothing of it was written. */
export function importCancelled(path: string): AppError {
  return new AppError('CANCELLED', `The import of ${basename(path)} was cancelled; nothing was imported.`);
}

function cancelRequested(options: ImportOptions): boolean {
  return options.signal?.aborted === true || options.cancelRaised?.() === true;
}

/** A batch's new persons are given ids this many at a time, so a cancel is heard between parts. */
const PERSONS_PER_PART = 256;

export async function runImport(target: ImportTarget, options: ImportOptions): Promise<ImportResult> {
  const { cohort, path, signal } = options;
  assertCohort(cohort);
  const fileName = basename(path);
  const progress = new ProgressReporter(options.onProgress);
  if (target.db.inTransaction)
    throw new AppError(
      'WORKSPACE_IN_USE',
      'Another change to the workspace is in progress; try the import again when it has finished.',
    );

  progress.report('hashing', 0, 0, 1, true);
  // The file is hashed (on this thread, which is mostly waiting) while the worker opens it and
  // starts reading rows: the duplicate-file check waits for the hash, the rows do not.
  const opening = openRowStream(path, options, options.thread, options.workerEntry);
  opening.catch(() => undefined);
  const hashing = hashExtract(path, signal, () => importCancelled(path));
  hashing.catch(() => undefined);
  let stream: RowStream | undefined;
  try {
    stream = await opening;
    return await importRows(target, options, stream, hashing, progress);
  } catch (error) {
    if (cancelRequested(options) && !(isAppError(error) && error.code === 'CANCELLED')) throw importCancelled(path);
    if (isAppError(error)) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new AppError('IMPORT_FAILED', `The import of ${fileName} failed and nothing was imported: ${message}`);
  } finally {
    const closing = (stream ?? (await opening.catch(() => undefined)))?.close();
    // A cancel is answered once the transaction is rolled back, without waiting for the
    // reader threads to wind down: they hold no part of the workspace.
    if (cancelRequested(options)) closing?.catch(() => undefined);
    else await closing;
  }
}

/** The next batch, or the cancel as soon as it comes (a batch takes a while to read on a busy machine). */
function unlessCancelled<T>(next: Promise<T>, signal: AbortSignal | undefined, error: () => AppError): Promise<T> {
  if (signal === undefined) return next;
  if (signal.aborted) return Promise.reject(error());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(error());
    signal.addEventListener('abort', onAbort, { once: true });
    next.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** The same extract imported before (same SHA-256) is refused unless the analyst asked for it. */
function refuseDuplicateFile(db: SqlDatabase, hash: string, fileName: string, options: ImportOptions): void {
  const prior = findBatchByHash(db, hash);
  if (prior && options.onDuplicateFile !== 'import') {
    throw new AppError(
      'DUPLICATE_FILE',
      `${fileName} was already imported (batch ${prior.id}, ${prior.cohort}, as ${prior.fileName}). Import it again only if you mean to: the rows would be counted twice.`,
      String(prior.id),
    );
  }
}

/** The rows in one transaction under their unpublished batch, then the batch published with its labels and audit entry. */
async function importRows(
  target: ImportTarget,
  options: ImportOptions,
  stream: RowStream,
  hashing: Promise<string>,
  progress: ProgressReporter,
): Promise<ImportResult> {
  const { cohort, path, signal } = options;
  const fileName = basename(path);
  const now = options.now ?? new Date();
  const stopIfCancelled = (): void => {
    if (cancelRequested(options)) throw importCancelled(path);
  };
  const step = (name: ImportStep): void => {
    options.onStep?.(name);
    stopIfCancelled();
  };
  const db = target.db;
  const bytesTotal = stream.source.bytesTotal;

  // An earlier import whose rows committed but whose removal was stopped (a lock, a close, a
  // write) or failed goes first, its progress shown: readers skip ids from the lowest unpublished
  // batch up, and this import would find its unpublished persons by key and link rows to them.
  const removed = await removeUnpublishedStepwise(db, undefined, {
    stopped: () => cancelRequested(options),
    progress: (done, total) => {
      if (total > 0) options.onProgress?.(removalProgress(done, total));
    },
  });
  if (!removed) throw importCancelled(path);
  const leaveBulkWrite = enterBulkWrite(db);
  beginImmediate(db);
  // The batch whose rows have committed unpublished: removed if the import ends otherwise.
  let unpublished: number | undefined;
  let madeColumn = false;
  try {
    // The source band column is made inside the rows' transaction: an import that fails or is
    // cancelled before they commit leaves the codebook and the cohort table as they were; one
    // cancelled later drops it once its rows are removed.
    if (options.sourceBands === 'column' && target.addCustomColumn)
      madeColumn = ensureSourceBandColumn(
        { codebook: () => target.codebook(), addCustomColumn: target.addCustomColumn.bind(target) },
        cohort,
      );
    const { mapping, profile, warnings } = resolveMapping(target, cohort, stream.source.headers, options);
    const plan = buildPlan(target, cohort, mapping, { ...options, now });
    const persons = target.personIdsForImport();
    // A workspace with no persons yet: every person is new, so ids need no keys, and the keys
    // are made after the file is read, beside the index builds (PersonKeyIndex.idsBeforeKeys).
    const late = persons.held === 0 ? stream.runWithLateKeys(plan) : undefined;
    const rows = late?.batches ?? stream.runWithKeys(plan);
    // The first batch is asked for now, so the worker reads while the hash is finished.
    const first = rows.next();
    first.catch(() => undefined);
    const hash = await hashing;
    refuseDuplicateFile(db, hash, fileName, options);
    const indexes = setAsideIndexesIfEmpty(db, cohort);
    const personKeyIndex = setAsidePersonKeysIfFew(db, bytesTotal);
    const batchId = openBatch(db, {
      cohort,
      fileName,
      hash,
      profileName: options.profile ?? options.saveProfileAs ?? null,
      userName: target.userName?.() ?? defaultUserName(),
      startedAt: now,
    });
    const firstRow = nextRecordId(db, cohort);
    const writer = new CohortWriter(db, cohort, plan.tableColumns, batchId, stopIfCancelled);
    const rejectedWriter = new RejectedWriter(db, batchId, stopIfCancelled);
    const lineHashWriter = new LineHashWriter(db, batchId);
    // The persons.id of each of the import's person indexes: looked up by key, or, with ids
    // before keys, the index itself from the first id on.
    const personIds: number[] = [];
    const firstPersonId = late ? persons.idsBeforeKeys(0) : 0;
    const newCategories = new Map<string, Array<[string, number]>>();
    const write = (batch: PipelineBatch | KeyedBatch): void => {
      try {
        if ('newPersonKeys' in batch)
          for (let from = 0; from < batch.newPersonKeys.length; from += PERSONS_PER_PART) {
            stopIfCancelled();
            const part = batch.newPersonKeys.slice(from, from + PERSONS_PER_PART);
            for (const id of persons.idsOfNew(part)) personIds.push(id);
          }
        else persons.idsBeforeKeys(batch.newPersonCount);
        writer.write(batch.rows, late ? firstPersonId : personIds);
        rejectedWriter.write(batch.rejected);
        lineHashWriter.write(batch.lineHashes);
      } catch (error) {
        if (isAppError(error)) throw error;
        const message = error instanceof Error ? error.message : String(error);
        throw new AppError(
          'IMPORT_FAILED',
          `${fileName}, row ${batch.lastLine}: the row could not be stored (${message}); nothing was imported.`,
        );
      }
      for (const [column, label, code] of batch.newCategories) {
        let entries = newCategories.get(column);
        if (!entries) newCategories.set(column, (entries = []));
        entries.push([label, code]);
      }
    };

    step('reading');
    let rowsRead = 0;
    let next = await first;
    for (; !next.done; next = await unlessCancelled(rows.next(), signal, () => importCancelled(path))) {
      stopIfCancelled();
      write(next.value);
      rowsRead += next.value.rowsRead;
      progress.report('reading', rowsRead, next.value.bytesRead, bytesTotal);
    }
    const summary = next.value;
    stopIfCancelled();
    if (summary.rowsRead === 0) {
      throw new AppError('INVALID_FILE', `${fileName} has a header row but no data rows: nothing to import.`);
    }
    const open = choicesStillOpen(summary, options, fileName);
    if (open) throw open;
    progress.report('committing', summary.rowsRead, bytesTotal, bytesTotal, true);

    // Each step starts with a cancel check, and each statement within one with another.
    step('indexes');
    indexes.restore(stopIfCancelled);
    step('personKeys');
    if (late) {
      const keys = await unlessCancelled(late.personKeys(), signal, () => importCancelled(path));
      persons.keysAfterIds(keys, stopIfCancelled);
    }
    step('keyIndex');
    personKeyIndex.restore();
    // The rows commit unpublished, before the point of no return: a cancel during this COMMIT
    // (seconds at a million rows, the WAL's frames checksummed again) is answered at once.
    step('storing');
    commit(db);
    unpublished = batchId;
    step('finishing');
    beginImmediate(db);
    for (const [column, entries] of newCategories) target.addCategoriesWithCodes(column, entries);
    warnings.push(...valueWarnings(summary, profile));
    if (options.saveProfileAs)
      saveProfile(db, profileFrom(options.saveProfileAs, mapping, stream.source.headers, summary.seenValues), now);
    const counts = { rowsRead: summary.rowsRead, accepted: writer.written, rejected: rejectedWriter.written };
    completeBatch(db, batchId, cohort, { ...counts, firstRow }, new Date());
    target.audit.append('import', {
      batchId,
      cohort,
      file: fileName,
      sha256: hash,
      profile: options.profile ?? options.saveProfileAs ?? null,
      ...counts,
      duplicates: summary.duplicates,
      alreadyInWorkspace: summary.alreadyInWorkspace,
    });
    stopIfCancelled();
    // The point of no return: from here a cancel is answered with the committed import.
    if (options.claimCommit?.() === false) throw importCancelled(path);
    options.onStep?.('commit');
    commit(db);
    progress.report('done', summary.rowsRead, bytesTotal, bytesTotal, true);
    return {
      batchId,
      ...counts,
      reasons: summary.reasons,
      duplicates: summary.duplicates,
      duplicatesKept: summary.duplicatesKept,
      alreadyInWorkspace: summary.alreadyInWorkspace,
      unmappedKept: summary.unmappedKept,
      warnings,
      unknownValues: summary.unknownValues,
      mapping,
    };
  } catch (error) {
    // Cancelled: the readers stop first, or on two cores they hold one while the rollback runs.
    if (cancelRequested(options)) void stream.close().catch(() => undefined);
    if (rollbackIfOpen(db)) {
      // A column or categories added in the transaction are gone: the codebook is read again.
      target.forgetCodebook?.();
    }
    // The answer may have gone already (a store worker's cancel is answered when raised); the
    // removal is work of its own, a chunk at a time, which a lock, close or write may stop.
    // Readers skip the rows meanwhile; what is left, the next import or open removes.
    if (unpublished !== undefined)
      try {
        options.onRemoval?.();
        const removed = await removeUnpublishedStepwise(db, unpublished, {
          ...(options.rowsPerRemovalChunk === undefined ? {} : { rowsPerChunk: options.rowsPerRemovalChunk }),
          ...(options.removalStopped === undefined ? {} : { stopped: options.removalStopped }),
          progress: (done, total) => options.onProgress?.(removalProgress(done, total)),
        });
        if (removed && madeColumn) dropSourceBandColumn(target, cohort);
      } catch {
        rollbackIfOpen(db);
      }
    throw error;
  } finally {
    leaveBulkWrite();
    target.checkpointSoon?.();
  }
}
