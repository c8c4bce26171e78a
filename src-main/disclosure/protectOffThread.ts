// Protection and audit of large tables in a worker thread (protectWorker.ts), with progress and
// cancellation: the main process keeps answering (cancel, the idle lock) while a table of
// thousands of cells is suppressed. Small tables are protected in place, where starting a
// worker would cost more than the work.
import { AppError } from '../../shared/errors.ts';
import { findWorkerEntry } from '../workers/moduleWorker.ts';
import type { WorkOptions } from './attackerBounds.ts';
import { type AuditReport, auditLinkedTables } from './auditTable.ts';
import { type DisclosureRuleInput, type ProtectedResult, protectLinkedTables } from './protectTable.ts';
import type { DisclosureJob, DisclosureJobResult } from './protectWorkerProtocol.ts';
import type { ProtectedTable, RawTable } from './queryTable.ts';
import { publishStats } from './publishStats.ts';
import { runWorkerJob } from './workerJob.ts';
import type { Stats } from '../../shared/query.ts';
import type { RawStats } from '../engine/crosstabStats.ts';

/** Tables with at least this many numbers go to the worker. */
export const WORKER_MIN_CELLS = 1000;

/** The worker entry: the built `protectWorker.js` beside the entry or its chunk, or the TypeScript source. */
export function protectWorkerUrl(base: string = import.meta.url): URL {
  const url = findWorkerEntry(base, ['./protectWorker.js', '../protectWorker.js', './protectWorker.ts']);
  if (url) return url;
  throw new AppError(
    'INTERNAL',
    'The disclosure worker (protectWorker.js or .ts) is missing next to the app; reinstall the app.',
  );
}

function cellsOf(raws: readonly RawTable[]): number {
  return raws.reduce((sum, raw) => sum + raw.counts.length * (raw.counts[0]?.length ?? 0), 0);
}

/** Runs one job in a fresh worker; an abort terminates it at once. */
export function runInWorker<J extends DisclosureJob>(
  job: J,
  options: WorkOptions = {},
  entry: URL = protectWorkerUrl(),
): Promise<DisclosureJobResult<J>> {
  return runWorkerJob<DisclosureJobResult<J>>(
    { entry, workerData: job, name: 'disclosure worker', cancelledMessage: 'The disclosure check was cancelled.' },
    options,
  );
}

/** protectLinkedTables, in a worker when the tables are large. */
export async function protectLinkedTablesOffThread(
  raws: readonly RawTable[],
  rule: DisclosureRuleInput,
  options: WorkOptions = {},
): Promise<ProtectedResult[]> {
  if (cellsOf(raws) < WORKER_MIN_CELLS) return protectLinkedTables(raws, rule, options);
  return runInWorker({ kind: 'protect', raws: [...raws], rule }, options);
}

/** protectTable, in a worker when the table is large. */
export async function protectTableOffThread(
  raw: RawTable,
  rule: DisclosureRuleInput,
  options: WorkOptions = {},
): Promise<ProtectedResult> {
  const [result] = await protectLinkedTablesOffThread([raw], rule, options);
  return result!;
}

/** auditLinkedTables, in a worker when the tables are large. */
export async function auditLinkedTablesOffThread(
  raws: readonly RawTable[],
  published: readonly ProtectedTable[],
  rule: DisclosureRuleInput,
  options: WorkOptions = {},
): Promise<AuditReport> {
  if (cellsOf(raws) < WORKER_MIN_CELLS) return auditLinkedTables(raws, published, rule, options);
  return runInWorker({ kind: 'audit', raws: [...raws], published: [...published], rule }, options);
}

/**
 * publishStats, in a worker when the table is large: its audit and its search over completions
 * take seconds on a table of hundreds of suppressed cells.
 */
export async function publishStatsOffThread(
  stats: RawStats,
  raw: RawTable,
  published: ProtectedTable,
  rule: DisclosureRuleInput,
  options: WorkOptions = {},
): Promise<Stats> {
  if (cellsOf([raw]) < WORKER_MIN_CELLS) return publishStats(stats, raw, published, rule);
  return runInWorker({ kind: 'stats', stats, raw, published, rule }, options);
}
