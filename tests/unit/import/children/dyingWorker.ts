// An import worker module (runImport's `workerEntry`) in which one role dies, named by the
// module URL's query (`?dies=reader` or `?dies=pipeline`): the reader once it has opened the file
// and the plan's start has come, the pipeline when its start comes. The other role is the real one.
import { parentPort, workerData } from 'node:worker_threads';
import { describeSource } from '../../../../src-main/import/importWorkerProtocol.ts';
import { openSource } from '../../../../src-main/import/openSource.ts';

const open = workerData as { role: 'reader' | 'pipeline'; path: string };
if (parentPort === null) throw new Error('dyingWorker.ts runs only as a worker thread');
const port = parentPort;

if (open.role === new URL(import.meta.url).searchParams.get('dies')) {
  if (open.role === 'reader') {
    const source = await openSource(open.path);
    port.postMessage({ type: 'opened', source: describeSource(source) });
  }
  // Ends the thread (not the process), as a crash of the worker would, at the start of the run.
  port.once('message', () => process.exit(3));
} else {
  await import('../../../../src-main/import/importWorker.ts');
}
