// The release worker's entry: protects tables across their release (protectRelease.ts) off the
// main thread, one job after another, so that no linear program of a release, small or large,
// holds the app. The true counts of finest cells come from the engine, which lives on the main
// thread: the worker asks for them by message and waits for the answer.
import { parentPort } from 'node:worker_threads';
import { protectInRelease, type ReleaseResult } from './protectRelease.ts';
import type { FromReleaseWorker, ReleaseJobInput, ToReleaseWorker } from './releaseWorkerProtocol.ts';
import { answerJob } from './workerJob.ts';

if (parentPort === null) throw new Error('releaseWorker.ts runs only as a worker thread');
const port = parentPort;
const post = (message: FromReleaseWorker): void => port.postMessage(message);

const waiting = new Map<number, (values: number[]) => void>();
let asked = 0;

function run(job: number, input: ReleaseJobInput): Promise<void> {
  return answerJob<ReleaseResult>(
    (reply) => post({ ...reply, job }),
    'Protecting the table across its release failed inside its worker.',
    (onProgress) =>
      protectInRelease(
        {
          ...input,
          leafValues: (leaves, measure) =>
            new Promise((resolve) => {
              const id = ++asked;
              waiting.set(id, resolve);
              post({ type: 'leafValues', job, id, leaves: [...leaves], measure });
            }),
        },
        { onProgress },
      ),
  );
}

port.on('message', (message: ToReleaseWorker) => {
  if (message.type === 'job') {
    void run(message.job, message.input);
    return;
  }
  waiting.get(message.id)?.(message.values);
  waiting.delete(message.id);
});
