// A worker that spins synchronously, never returning to its event loop, until the CancelFlag
// whose buffer it was given is raised; then it says so, and how many turns it took.
import { parentPort, workerData } from 'node:worker_threads';
import { CancelFlag } from '../../../src-main/workers/cancelFlag.ts';

const port = parentPort;
if (port === null) throw new Error('spinUntilRaised.ts runs only as a worker thread');
const flag = new CancelFlag(workerData as SharedArrayBuffer);
port.postMessage({ type: 'spinning' });
let turns = 0;
while (!flag.raised) turns++;
port.postMessage({ type: 'stopped', turns });
