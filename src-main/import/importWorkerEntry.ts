// Finds the import worker: the built `importWorker.js` in production (Vite emits
// it as its own entry, `dist/main/importWorker.js`, beside the entry or the chunk that starts
// it) and the TypeScript source under tsx in development and tests.
import { AppError } from '../../shared/errors.ts';
import { findWorkerEntry } from '../workers/moduleWorker.ts';

export function importWorkerUrl(base: string = import.meta.url): URL {
  const url = findWorkerEntry(base, ['./importWorker.js', '../importWorker.js', './importWorker.ts']);
  if (url) return url;
  throw new AppError(
    'INTERNAL',
    'The import worker (importWorker.js or .ts) is missing next to the importer; reinstall the app.',
  );
}
