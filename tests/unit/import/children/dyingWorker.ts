// An import worker module (runImport's `workerEntry`) in which one role dies, named by the
// module URL's query (`?dies=reader` or `?dies=pipeline`): the reader once it has opened the file
// and the plan's start has come, the pipeline when its start comes. The other role is the real one.
// With `&portFirst=1` the dying pipeline first closes its port to the reader, so that the reader
// ends cleanly *before* the pipeline's own exit: the order in which a loaded machine may deliver
// the two exits, made certain.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { describeSource } from '../../../../src-main/import/importWorkerProtocol.ts';
import { openSource } from '../../../../src-main/import/openSource.ts';

const open = workerData as { role: 'reader' | 'pipeline'; path: string; reader?: MessagePort };
if (parentPort === null) throw new Error('dyingWorker.ts runs only as a worker thread');
const port = parentPort;
const query = new URL(import.meta.url).searchParams;

if (open.role === query.get('dies')) {
  if (open.role === 'reader') {
    const source = await openSource(open.path);
    port.postMessage({ type: 'opened', source: describeSource(source) });
  }
  // Ends the thread (not the process), as a crash of the worker would, at the start of the run.
  port.once('message', () => {
    if (query.get('portFirst') === null) process.exit(3);
    open.reader?.close();
    setTimeout(() => process.exit(3), 300);
  });
} else {
  await import('../../../../src-main/import/importWorker.ts');
}
