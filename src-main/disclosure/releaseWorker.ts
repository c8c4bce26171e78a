// The release worker's entry: protects one table across its release (protectRelease.ts) off the
// main thread, so that records and persons of thousands of cells checked together leave the app
// answering. The true counts of finest cells come from the engine, which lives on the main
// thread: the worker asks for them by message and waits for the answer.
import { parentPort, workerData } from 'node:worker_threads';
import { protectInRelease } from './protectRelease.ts';
import type { FromReleaseWorker, ReleaseJob, ToReleaseWorker } from './releaseWorkerProtocol.ts';
import { answerJob } from './workerJob.ts';

if (parentPort === null) throw new Error('releaseWorker.ts runs only as a worker thread');
const port = parentPort;
const post = (message: FromReleaseWorker): void => port.postMessage(message);

const waiting = new Map<number, (values: number[]) => void>();
let asked = 0;
port.on('message', (message: ToReleaseWorker) => {
  waiting.get(message.id)?.(message.values);
  waiting.delete(message.id);
});

function run(job: ReleaseJob): Promise<void> {
  return answerJob(post, 'Protecting the table across its release failed inside its worker.', (onProgress) =>
    protectInRelease(
      {
        ...job.input,
        leafValues: (leaves, measure) =>
          new Promise((resolve) => {
            const id = ++asked;
            waiting.set(id, resolve);
            post({ type: 'leafValues', id, leaves: [...leaves], measure });
          }),
      },
      { onProgress },
    ),
  );
}

await run(workerData as ReleaseJob);
