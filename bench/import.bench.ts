// Import benchmark: a messy victims extract of `rows` rows imported
// into a new encrypted workspace (mapping, validation, pseudonymisation, one transaction),
// with DuckDB's read_csv of the same file, materialised in memory, as the peer. Reports
// rows per second and the peak resident memory of the import, with the import's workers built
// as the app ships them, and under tsx as in development.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { build } from 'vite';
import config, { mainEntries } from '../electron.config.ts';
import { generateFixture } from '../src-main/sample/generator/generate.ts';
import { runImport, type ImportOptions } from '../src-main/import/runImport.ts';
import { Workspace } from '../src-main/store/workspace.ts';
import type { BenchRow } from './types.ts';

const PASSPHRASE = 'benchmark passphrase, long enough 42';

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Samples the resident set size while `work` runs; returns its result and the peak. */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ value: T; peakRss: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 25);
  try {
    const value = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { value, peakRss: peak };
  } finally {
    clearInterval(timer);
  }
}

async function duckdbReadCsv(path: string): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const started = performance.now();
    await connection.run(`CREATE TABLE extract AS SELECT * FROM read_csv('${path.replace(/'/g, "''")}')`);
    const elapsed = performance.now() - started;
    const reader = await connection.runAndReadAll('SELECT count(*) AS n FROM extract');
    const n = Number(reader.getRows()[0]?.[0]);
    if (!(n > 0)) throw new Error('DuckDB read no rows');
    return elapsed;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/**
 * The import worker built as the app and the CLI ship it (Vite, the main build's settings), under
 * node_modules/.cache, where its packages resolve as they do for dist/. Under tsx, each of an
 * import's two workers compiles its TypeScript as it starts, a cost the built app never pays; the
 * benchmark measures both.
 */
async function builtImportWorker(): Promise<URL> {
  const outDir = fileURLToPath(new URL('../node_modules/.cache/vso-bench-import/', import.meta.url));
  const base = config.main.build ?? {};
  await build({
    ...config.main,
    logLevel: 'silent',
    build: {
      ...base,
      outDir,
      sourcemap: false,
      rollupOptions: { ...base.rollupOptions, input: { importWorker: mainEntries.importWorker } },
    },
  });
  return pathToFileURL(join(outDir, 'importWorker.js'));
}

interface Variant {
  name: string;
  workerEntry?: URL;
  times: number[];
  peakRss: number;
}

export async function benchImport(opts: { rows: number; runs?: number; peerRuns?: number }): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'vso-bench-import-'));
  try {
    const csv = join(dir, 'victims-messy.csv');
    await generateFixture({ cohort: 'victims', rows: opts.rows, seed: 2026, dialect: 'messy', out: csv });
    const fileMB = statSync(csv).size / 1e6;
    const variants: Variant[] = [
      { name: 'workers built as shipped', workerEntry: await builtImportWorker(), times: [], peakRss: 0 },
      { name: 'workers under tsx, as in development', times: [], peakRss: 0 },
    ];

    // Ours and DuckDB's runs alternate, so that a drift in the machine's speed (large on these
    // VMs) falls on both alike; each of ours imports into a new workspace, deleted after it.
    const peerTimes: number[] = [];
    let accepted = 0;
    let rejected = 0;
    const baseRss = process.memoryUsage.rss();
    for (let run = 0; run < (opts.runs ?? 3); run++) {
      for (const variant of variants) {
        const path = join(dir, `bench-${run}.vsow`);
        const workspace = Workspace.create(path, PASSPHRASE);
        try {
          const options: ImportOptions = { cohort: 'victims', path: csv };
          if (variant.workerEntry) options.workerEntry = variant.workerEntry;
          const started = performance.now();
          const { value, peakRss } = await withPeakRss(() => runImport(workspace, options));
          variant.times.push(performance.now() - started);
          variant.peakRss = Math.max(variant.peakRss, peakRss);
          accepted = value.accepted;
          rejected = value.rejected;
        } finally {
          workspace.close();
          for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
        }
      }
      peerTimes.push(await duckdbReadCsv(csv));
    }
    for (let run = peerTimes.length; run < (opts.peerRuns ?? 3); run++) peerTimes.push(await duckdbReadCsv(csv));

    const peerMedianMs = median(peerTimes);
    return variants.map((variant) => {
      const medianMs = median(variant.times);
      return {
        name: `import ${opts.rows.toLocaleString('en-GB')} row messy CSV (map, validate, pseudonymise, encrypted, one transaction; ${variant.name})`,
        medianMs: Math.round(medianMs),
        peer: 'DuckDB read_csv into an in-memory table',
        peerMedianMs: Math.round(peerMedianMs),
        ratio: Math.round((medianMs / peerMedianMs) * 10) / 10,
        unit: 'ms',
        extra: {
          rows: opts.rows,
          rowsPerSecond: Math.round(opts.rows / (medianMs / 1000)),
          accepted,
          rejected,
          fileMB: Math.round(fileMB),
          peakRssMB: Math.round(variant.peakRss / 1e6),
          rssGrowthMB: Math.round((variant.peakRss - baseRss) / 1e6),
          runsMs: variant.times.map(Math.round).join(', '),
          peerRunsMs: peerTimes.map(Math.round).join(', '),
        },
      };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
