// The needs audit (needsPatternAudit.ts) in a worker thread: its programs run over a thousand
// patterns of persons or more, one per hidden small count and per step, and the main process
// keeps answering (cancel, the idle lock) meanwhile. A matrix with no hidden small count has
// nothing to prove and starts no worker.
import { AppError } from '../../shared/errors.ts';
import { findWorkerEntry } from '../workers/moduleWorker.ts';
import type { WorkOptions } from './attackerBounds.ts';
import type { PatternAuditInput, PatternAuditResult } from './needsPatternAudit.ts';
import { runWorkerJob } from './workerJob.ts';

export function needsAuditWorkerUrl(base: string = import.meta.url): URL {
  const url = findWorkerEntry(base, ['./needsAuditWorker.js', '../needsAuditWorker.js', './needsAuditWorker.ts']);
  if (url) return url;
  throw new AppError(
    'INTERNAL',
    'The needs audit worker (needsAuditWorker.js or .ts) is missing next to the app; reinstall the app.',
  );
}

function hasSmallHidden(input: PatternAuditInput): boolean {
  return input.tables.some((t) => t.cells.some((c) => c.shown === null && c.value > 0 && c.value < input.threshold));
}

export async function auditNeedsPatternsOffThread(
  input: PatternAuditInput,
  options: WorkOptions = {},
  entry?: URL,
): Promise<PatternAuditResult> {
  if (!hasSmallHidden(input)) return { hidden: [], refused: [], withheld: [], lostEarlier: [] };
  return runWorkerJob<PatternAuditResult>(
    {
      entry: entry ?? needsAuditWorkerUrl(),
      workerData: input,
      name: 'needs audit worker',
      cancelledMessage: 'Checking needs together against the release was cancelled.',
    },
    options,
  );
}
