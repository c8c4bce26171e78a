// The import wizard's dry run: the whole file through the same mapping, validation, recoding,
// pseudonymisation and duplicate checks as runImport (the same setup and row pipeline), with
// nothing written: what would be accepted and rejected, and why, before the analyst commits.
import { basename } from 'node:path';
import type { Cohort } from '../../shared/codebook.ts';
import { AppError, isAppError } from '../../shared/errors.ts';
import { findBatchByHash } from '../store/importBatchWrites.ts';
import { hashExtract } from './fileHash.ts';
import type { ImportTarget } from './importTarget.ts';
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
import { ProgressReporter, type ImportProgress } from './progress.ts';
import type { RepeatedLine } from './rowPipeline.ts';
import type { DateOrderEvidence, Reason, ValueDestinations } from './validate.ts';
import { openRowStream, type PipelineThread, type RowStream } from './rowStream.ts';

/** Rejected rows shown in full (the rest are counted). */
export const SAMPLE_REJECTED = 50;

export interface AnalyseOptions extends SourceOptions, MappingChoices {
  cohort: Cohort;
  path: string;
  mapping?: Mapping;
  profile?: string;
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
  now?: Date;
  thread?: PipelineThread;
}

export interface RejectedSample {
  line: number;
  reasons: Reason[];
  /** The row's mapped values, direct identifiers left out. */
  values: Record<string, string>;
}

export interface ImportAnalysis {
  rowsRead: number;
  wouldAccept: number;
  wouldReject: number;
  /** Rejected rows by rule (a row counts once under each rule it broke). */
  reasons: Record<string, number>;
  /** Lines repeating an earlier line exactly, and of those the ones that would be kept. */
  duplicates: number;
  duplicatesKept: number;
  /** Of the repeated lines, those the workspace already holds (an earlier, overlapping file). */
  alreadyInWorkspace: number;
  /** The first repeated lines, with their copies. */
  repeatedLines: RepeatedLine[];
  /** Each mapped source column's distinct values, their counts and where they go. */
  valueDestinations: ValueDestinations[];
  /** Distinct dates by the day/month orders they fit; `dateOrderQuestion` when the analyst must choose. */
  dateOrder: DateOrderEvidence;
  dateOrderQuestion: boolean;
  /** What would stop the import as it is asked for (unmapped values under `fail`, an open date order), if anything. */
  blocker: string | null;
  /** Values no rule recodes, per codebook column, most frequent first (as ImportResult has them). */
  unknownValues: Record<string, Array<{ value: string; count: number }>>;
  /** The first SAMPLE_REJECTED rejected rows. */
  sampleRejected: RejectedSample[];
  /** The batch that already imported this very file (same SHA-256), if any. */
  duplicateFileOf: number | null;
  warnings: string[];
  mapping: Mapping;
}

function cancelled(path: string): AppError {
  return new AppError('CANCELLED', `The check of ${basename(path)} was cancelled.`);
}

export async function analyseImport(target: ImportTarget, options: AnalyseOptions): Promise<ImportAnalysis> {
  const { cohort, path, signal } = options;
  assertCohort(cohort);
  const progress = new ProgressReporter(options.onProgress);
  progress.report('hashing', 0, 0, 1, true);
  const opening = openRowStream(path, options, options.thread);
  opening.catch(() => undefined);
  let stream: RowStream | undefined;
  try {
    const hash = await hashExtract(path, signal, () => cancelled(path));
    stream = await opening;
    const prior = findBatchByHash(target.db, hash);
    const { mapping, profile, warnings } = resolveMapping(target, cohort, stream.source.headers, options);
    const plan = buildPlan(target, cohort, mapping, { ...options, now: options.now ?? new Date(), tallyValues: true });
    const bytesTotal = stream.source.bytesTotal;
    const sampleRejected: RejectedSample[] = [];
    let rowsRead = 0;
    const rows = stream.run(plan);
    let next = await rows.next();
    for (; !next.done; next = await rows.next()) {
      if (signal?.aborted) throw cancelled(path);
      for (const row of next.value.rejected) {
        if (sampleRejected.length >= SAMPLE_REJECTED) break;
        sampleRejected.push({
          line: row.line,
          reasons: JSON.parse(row.reasons) as Reason[],
          values: JSON.parse(row.raw) as Record<string, string>,
        });
      }
      rowsRead += next.value.rowsRead;
      progress.report('reading', rowsRead, next.value.bytesRead, bytesTotal);
    }
    const summary = next.value;
    if (signal?.aborted) throw cancelled(path);
    if (prior) {
      warnings.unshift(
        `${basename(path)} was already imported (batch ${prior.id}, ${prior.cohort}, as ${prior.fileName}): importing it again would count its rows twice.`,
      );
    }
    if (summary.rowsRead === 0)
      warnings.push(`${basename(path)} has a header row but no data rows: nothing to import.`);
    warnings.push(...valueWarnings(summary, profile));
    progress.report('done', summary.rowsRead, bytesTotal, bytesTotal, true);
    const blocker = choicesStillOpen(summary, options, basename(path));
    return {
      rowsRead: summary.rowsRead,
      wouldAccept: summary.accepted,
      wouldReject: summary.rejected,
      reasons: summary.reasons,
      duplicates: summary.duplicates,
      duplicatesKept: summary.duplicatesKept,
      alreadyInWorkspace: summary.alreadyInWorkspace,
      repeatedLines: summary.repeatedLines,
      valueDestinations: summary.valueDestinations,
      dateOrder: summary.dateOrder,
      dateOrderQuestion: (options.dateOrder ?? 'auto') === 'auto' && summary.dateOrder.monthFirstOnly > 0,
      blocker: blocker ? blocker.message : null,
      unknownValues: summary.unknownValues,
      sampleRejected,
      duplicateFileOf: prior ? prior.id : null,
      warnings,
      mapping,
    };
  } catch (error) {
    if (signal?.aborted && !(isAppError(error) && error.code === 'CANCELLED')) throw cancelled(path);
    if (isAppError(error)) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new AppError('IMPORT_FAILED', `${basename(path)} could not be checked: ${message}`);
  } finally {
    await (stream ?? (await opening.catch(() => undefined)))?.close();
  }
}
