// The one build configuration: Vite builds the main process (the Electron shell, the
// CLI, the engine worker), the sandboxed preload (CommonJS, as sandboxed preloads must be)
// and the React renderer. `scripts/build.ts` runs the three in turn.
import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import type { InlineConfig } from 'vite';
import pkg from './package.json' with { type: 'json' };

const root = import.meta.dirname;
const dependencies = Object.keys(pkg.dependencies);
const external = [
  'electron',
  ...builtinModules,
  ...builtinModules.map((m) => `node:${m}`),
  ...dependencies,
  ...dependencies.map((d) => new RegExp(`^${d}/`)),
];

/** Where the main process is built: the CLI, the shell and every worker. */
export const MAIN_OUT_DIR = resolve(root, 'dist/main');

/** Main-process entries: each becomes `dist/main/<name>.js`. */
export const mainEntries = {
  shell: resolve(root, 'src-main/shell/main.ts'),
  cli: resolve(root, 'src-main/cli/run.ts'),
  // The import worker reads and validates large extracts on a second core (src-main/import/importWorkerEntry.ts finds it).
  importWorker: resolve(root, 'src-main/import/importWorker.ts'),
  engineWorker: resolve(root, 'src-main/engine/engineWorker.ts'),
  // Secondary suppression of large tables runs off the main thread (src-main/disclosure/protectOffThread.ts).
  protectWorker: resolve(root, 'src-main/disclosure/protectWorker.ts'),
  // An import's writes and the engine's snapshot read run on a connection of their own (src-main/app/workspace/storeThread.ts).
  storeWorker: resolve(root, 'src-main/app/workspace/storeWorker.ts'),
  // A report pack's PNG, PDF and XLSX are drawn off the main thread (src-main/app/publication/renderThread.ts).
  renderWorker: resolve(root, 'src-main/export/renderWorker.ts'),
  // Protection across a release (records and persons together) too (src-main/disclosure/releaseThread.ts).
  releaseWorker: resolve(root, 'src-main/disclosure/releaseWorker.ts'),
  // The needs matrix's audit over persons per answer pattern too (src-main/disclosure/needsAuditOffThread.ts).
  needsAuditWorker: resolve(root, 'src-main/disclosure/needsAuditWorker.ts'),
} as const;

export const main: InlineConfig = {
  configFile: false,
  root,
  logLevel: 'warn',
  build: {
    ssr: true,
    target: 'node20',
    outDir: MAIN_OUT_DIR,
    emptyOutDir: true,
    sourcemap: true,
    minify: false,
    rollupOptions: {
      input: mainEntries,
      external,
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
};

export const preload: InlineConfig = {
  configFile: false,
  root,
  logLevel: 'warn',
  build: {
    ssr: true,
    target: 'node20',
    outDir: resolve(root, 'dist/preload'),
    emptyOutDir: true,
    minify: false,
    rollupOptions: {
      input: { preload: resolve(root, 'src-main/shell/preload.ts') },
      external: ['electron'],
      output: { format: 'cjs', entryFileNames: '[name].cjs' },
    },
  },
};

export const renderer: InlineConfig = {
  configFile: false,
  root: resolve(root, 'src-renderer'),
  base: './',
  logLevel: 'warn',
  plugins: [react()],
  publicDir: resolve(root, 'src-renderer/public'),
  build: {
    outDir: resolve(root, 'dist/renderer'),
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
    chunkSizeWarningLimit: 6000,
  },
};

export default { main, preload, renderer };
