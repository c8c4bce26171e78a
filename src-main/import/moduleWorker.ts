// Finds and starts the import worker: the built `importWorker.js` in production (Vite emits
// it as its own entry, `dist/main/importWorker.js`, beside the entry or the chunk that starts
// it) and the TypeScript source under tsx in development and tests. Mirrors the engine's
// `workerEntryUrl` and its way of starting a TypeScript worker.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { AppError } from '../../shared/errors.ts';

const CANDIDATES = ['./importWorker.js', '../importWorker.js', './importWorker.ts'];

export function importWorkerUrl(base: string = import.meta.url): URL {
  for (const name of CANDIDATES) {
    const url = new URL(name, base);
    if (existsSync(fileURLToPath(url))) return url;
  }
  throw new AppError(
    'INTERNAL',
    'The import worker (importWorker.js or .ts) is missing next to the importer; reinstall the app.',
  );
}

/** Starts a worker on a module entry; a `.ts` entry is imported once tsx has registered its hooks. */
export function startModuleWorker(entry: URL, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, options);
  // Node checks a worker entry's extension before any loader runs, so a TypeScript entry is
  // imported from a one-line script after tsx's hooks are registered in the worker.
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const source = `import(${tsx}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(source, { ...options, eval: true });
}
