// The release workers an app under test starts, watched: the types of the messages each posted
// (seen before the app's own listener sees them) and was sent, its thread id, and its exit. A
// test file installs it with
//   vi.mock('<path to>/src-main/workers/moduleWorker.ts', async (original) =>
//     (await import('<path to>/tests/helpers/watchedReleaseWorkers.ts')).watchedModuleWorker(await original()));
import type { Worker } from 'node:worker_threads';
import type * as ModuleWorker from '../../src-main/workers/moduleWorker.ts';

export interface WatchedWorker {
  threadId: number;
  /** What the worker posted: 'leafValues', 'progress', 'done', 'error'. */
  posted: string[];
  /** What this thread sent it: 'job', 'leafValues'. */
  sent: string[];
  exited: Promise<number>;
}

export const releaseWorkers = {
  started: [] as WatchedWorker[],
  /** Called as a release worker asks this thread for the engine's counts. */
  onAsk: null as (() => void) | null,
  /**
   * Forgets the workers watched so far, and ends the warm one (it is reused job after job), so
   * that the next job's worker is watched from its start.
   */
  async reset(): Promise<void> {
    this.started.length = 0;
    this.onAsk = null;
    // Imported here: a static import would wait on the mocked module that imports this one.
    const { endReleaseWorker } = await import('../../src-main/disclosure/releaseThread.ts');
    await endReleaseWorker();
  },
};

/** The module-worker module with its starter wrapped so that every release worker is watched. */
export function watchedModuleWorker(actual: typeof ModuleWorker): typeof ModuleWorker {
  return {
    ...actual,
    startModuleWorker: (...args: Parameters<typeof actual.startModuleWorker>): Worker => {
      const worker = actual.startModuleWorker(...args);
      if (/\/releaseWorker\.(ts|js)$/.test(args[0].pathname)) {
        const watched: WatchedWorker = {
          threadId: worker.threadId,
          posted: [],
          sent: [],
          exited: new Promise<number>((resolve) => worker.once('exit', resolve)),
        };
        worker.on('message', (message: { type: string }) => {
          watched.posted.push(message.type);
          if (message.type === 'leafValues') releaseWorkers.onAsk?.();
        });
        const post = worker.postMessage.bind(worker);
        worker.postMessage = (message: { type: string }, transfer?: Parameters<Worker['postMessage']>[1]) => {
          watched.sent.push(message.type);
          post(message, transfer);
        };
        releaseWorkers.started.push(watched);
      }
      return worker;
    },
  };
}
