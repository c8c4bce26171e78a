// The release workers an app under test starts, watched: the types of the messages each posted
// (seen before the app's own listener sees them), and its exit. A test file installs it with
//   vi.mock('<path to>/src-main/workers/moduleWorker.ts', async (original) =>
//     (await import('<path to>/tests/helpers/watchedReleaseWorkers.ts')).watchedModuleWorker(await original()));
import type { Worker } from 'node:worker_threads';
import type * as ModuleWorker from '../../src-main/workers/moduleWorker.ts';

export const releaseWorkers = {
  started: [] as Array<{ posted: string[]; exited: Promise<number> }>,
  /** Called as a release worker asks this thread for the engine's counts. */
  onAsk: null as (() => void) | null,
  reset(): void {
    this.started.length = 0;
    this.onAsk = null;
  },
};

/** The module-worker module with its starter wrapped so that every release worker is watched. */
export function watchedModuleWorker(actual: typeof ModuleWorker): typeof ModuleWorker {
  return {
    ...actual,
    startModuleWorker: (...args: Parameters<typeof actual.startModuleWorker>): Worker => {
      const worker = actual.startModuleWorker(...args);
      if (/\/releaseWorker\.(ts|js)$/.test(args[0].pathname)) {
        const posted: string[] = [];
        const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
        worker.on('message', (message: { type: string }) => {
          posted.push(message.type);
          if (message.type === 'leafValues') releaseWorkers.onAsk?.();
        });
        releaseWorkers.started.push({ posted, exited });
      }
      return worker;
    },
  };
}
