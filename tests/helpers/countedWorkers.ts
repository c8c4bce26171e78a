// The module-worker starter with the starts of one worker counted, for a `vi.mock` factory
// (hoisted above imports, so it loads this through `import()`): how many real workers of a kind
// a piece of work started.
import type * as ModuleWorker from '../../src-main/workers/moduleWorker.ts';

export function countingStarts(
  actual: typeof ModuleWorker,
  entry: RegExp,
  counter: { started: number },
): typeof ModuleWorker {
  return {
    ...actual,
    startModuleWorker: (...args: Parameters<typeof actual.startModuleWorker>) => {
      if (entry.test(args[0].pathname)) counter.started++;
      return actual.startModuleWorker(...args);
    },
  };
}
