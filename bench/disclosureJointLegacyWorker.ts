// Runs the records-then-persons protection as it was before (bench/disclosureLegacy/) in a
// worker, so the benchmark can stop it at a time cap: its wall and CPU time.
import { parentPort, workerData } from 'node:worker_threads';
import type { ReleaseInput } from '../src-main/disclosure/protectRelease.ts';
import { protectInRelease } from './disclosureLegacy/protectRelease.ts';

const job = workerData as Omit<ReleaseInput, 'leafValues'>;
const cpu = process.cpuUsage();
const started = performance.now();
const result = await protectInRelease({
  ...job,
  leafValues: async () => {
    throw new Error('Two tables of the same cells leave no finest cell unpublished.');
  },
});
parentPort?.postMessage({
  ms: performance.now() - started,
  cpuMs: process.cpuUsage(cpu).user / 1000,
  hidden: result.cells.filter((c) => c.status !== 'published').length,
});
