// The disclosure worker's entry: protects or audits the tables it is given (workerData) off the
// main thread, so that a large table's suppression leaves the app answering, and posts its
// progress and then its result. Cancelling terminates the worker.
import { parentPort, workerData } from 'node:worker_threads';
import { auditLinkedTables } from './auditTable.ts';
import { protectLinkedTables } from './protectTable.ts';
import { publishStats } from './publishStats.ts';
import type { DisclosureJob, FromDisclosureWorker } from './protectWorkerProtocol.ts';
import { answerJob } from './workerJob.ts';

if (parentPort === null) throw new Error('protectWorker.ts runs only as a worker thread');
const port = parentPort;
const post = (message: FromDisclosureWorker): void => port.postMessage(message);

function run(job: DisclosureJob): Promise<void> {
  return answerJob(post, 'Disclosure control failed inside its worker.', (onProgress) =>
    job.kind === 'protect'
      ? protectLinkedTables(job.raws, job.rule, { onProgress })
      : job.kind === 'audit'
        ? auditLinkedTables(job.raws, job.published, job.rule, { onProgress })
        : publishStats(job.stats, job.raw, job.published, job.rule),
  );
}

await run(workerData as DisclosureJob);
