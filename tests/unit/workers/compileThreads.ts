// Run as a process of its own (V8's flags belong to the process): prints the optimisation
// statuses of the probe in a worker started the plain way, then in one started the app's way.
import { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../../../src-main/workers/moduleWorker.ts';

const PROBE = new URL('./optimiseProbe.ts', import.meta.url);

function statusOf(worker: Worker): Promise<number[]> {
  return new Promise<number[]>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  }).finally(() => void worker.terminate());
}

const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
const plain = await statusOf(
  new Worker(`import(${tsx}).then((tsx) => { tsx.register(); return import(${JSON.stringify(PROBE.href)}); });`, {
    eval: true,
  }),
);
const ours = await statusOf(startModuleWorker(PROBE));
process.stdout.write(JSON.stringify({ plain, ours }));
