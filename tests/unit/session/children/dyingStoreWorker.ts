// A store worker (startStoreWork's entry) that dies in the middle of a write: it opens the
// workspace with the lent key as the real one does, begins a transaction, writes a row, tells
// the test it is about to die, and ends its thread without committing or closing anything.
import { parentPort } from 'node:worker_threads';
import type { ToStoreWorker } from '../../../../src-main/app/workspace/storeWorkerProtocol.ts';
import { Workspace } from '../../../../src-main/store/workspace.ts';
import { keyFromClone } from '../../../../src-main/store/workspaceKey.ts';

const message = await new Promise<ToStoreWorker>((resolve) => parentPort?.once('message', resolve));
if (message.type !== 'run') throw new Error('expected the request first');
const data = message.data;
const workspace = Workspace.attach(data.path, keyFromClone(data.secret), { writer: true });
workspace.db.exec('BEGIN IMMEDIATE');
workspace.db.prepare(`INSERT INTO meta (key, value) VALUES ('half_written', 'yes')`).run();
parentPort?.postMessage({
  type: 'progress',
  progress: { phase: 'reading', done: 1, total: 1, rate: 0, etaSeconds: null },
});
process.exit(7);
