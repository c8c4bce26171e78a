// The disclosure worker's entry: protects or audits the tables it is given (workerData) off the
// main thread, so that a large table's suppression leaves the app answering, and posts its
// progress and then its result. Cancelling terminates the worker.
import { parentPort, workerData } from 'node:worker_threads';
import { AppError, isAppError } from '../../shared/errors.ts';
import { auditLinkedTables } from './auditTable.ts';
import { protectLinkedTables } from './protectTable.ts';
import { publishStats } from './publishStats.ts';
import type { DisclosureJob, FromDisclosureWorker } from './protectWorkerProtocol.ts';

if (parentPort === null) throw new Error('protectWorker.ts runs only as a worker thread');
const port = parentPort;
const post = (message: FromDisclosureWorker): void => port.postMessage(message);

async function run(job: DisclosureJob): Promise<void> {
  const onProgress = (done: number, total: number): void => post({ type: 'progress', done, total });
  try {
    const value =
      job.kind === 'protect'
        ? await protectLinkedTables(job.raws, job.rule, { onProgress })
        : job.kind === 'audit'
          ? await auditLinkedTables(job.raws, job.published, job.rule, { onProgress })
          : await publishStats(job.stats, job.raw, job.published, job.rule);
    post({ type: 'done', value });
  } catch (error) {
    const payload = isAppError(error)
      ? error.toPayload()
      : new AppError(
          'INTERNAL',
          'Disclosure control failed inside its worker.',
          error instanceof Error ? error.message : String(error),
        ).toPayload();
    post({ type: 'error', error: payload });
  }
}

await run(workerData as DisclosureJob);
