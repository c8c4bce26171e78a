// Starting a worker thread on a module entry, for every part that runs work off the main
// thread: a built `.js` entry directly, a TypeScript entry (development, tests) once tsx has
// registered its hooks inside the worker, or that entry's build when one is named for it.
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { keepV8WorkOnEachThread } from './v8Threads.ts';

/**
 * tsx's API, resolved once: under tsx, `import.meta.resolve` blocks this thread until tsx's
 * loader thread answers, which on a loaded machine took 90 ms at every worker start.
 */
let tsxApi: string | undefined;

/**
 * Where the source runs under a test runner, its workers may start from a build of that same
 * source: `VSO_BUILT_WORKERS` names the folder (the test setup builds it first). tsx compiles
 * a worker's modules again in every worker, about three times a built worker's start, and the
 * tests start thousands. A built entry (production) is never redirected.
 */
export function builtInstead(entry: URL): URL {
  const folder = process.env['VSO_BUILT_WORKERS'];
  if (folder === undefined || folder === '' || !entry.pathname.endsWith('.ts')) return entry;
  // Only the app's own entries have a build: a test's worker of the same name stays itself.
  if (!entry.href.startsWith(new URL('../', import.meta.url).href)) return entry;
  const built = join(folder, `${basename(entry.pathname, '.ts')}.js`);
  return existsSync(built) ? pathToFileURL(built) : entry;
}

/** Starts a worker on a module entry; a `.ts` entry is imported once tsx has registered its hooks. */
export function startModuleWorker(start: URL, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  keepV8WorkOnEachThread();
  const entry = builtInstead(start);
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, options);
  // Node checks a worker entry's extension before any loader runs, so a TypeScript entry is
  // imported from a one-line script after tsx's hooks are registered in the worker.
  tsxApi ??= import.meta.resolve('tsx/esm/api');
  const tsx = JSON.stringify(tsxApi);
  const source = `import(${tsx}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(source, { ...options, eval: true });
}

/**
 * The first of `names` (relative to `base`, a module's URL) that exists: a worker's built `.js`
 * sits beside the entry or the chunk that starts it, and its TypeScript source is used under tsx.
 */
export function findWorkerEntry(base: string, names: readonly string[]): URL | undefined {
  return names.map((name) => new URL(name, base)).find((url) => existsSync(fileURLToPath(url)));
}
