// Finds the import worker: the built `importWorker.js` in production (Vite emits
// it as its own entry, `dist/main/importWorker.js`, beside the entry or the chunk that starts
// it) and the TypeScript source under tsx in development and tests. Mirrors the engine's
// `workerEntryUrl` and its way of starting a TypeScript worker.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
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
