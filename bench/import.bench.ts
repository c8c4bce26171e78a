// Import benchmark (DESIGN.md section 7): a messy victims extract of `rows` rows imported
// into a new encrypted workspace (mapping, validation, pseudonymisation, one transaction),
// with DuckDB's read_csv of the same file, materialised in memory, as the peer. Reports
// rows per second and the peak resident memory of the import.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { generateFixture } from '../fixtures/generator/generate.ts';
import { runImport } from '../src-main/import/runImport.ts';
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

export async function benchImport(opts: { rows: number; runs?: number; peerRuns?: number }): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'vso-bench-import-'));
  try {
    const csv = join(dir, 'victims-messy.csv');
    await generateFixture({ cohort: 'victims', rows: opts.rows, seed: 2026, dialect: 'messy', out: csv });
    const fileMB = statSync(csv).size / 1e6;

    // Ours and DuckDB's runs alternate, so that a drift in the machine's speed (large on these
    // VMs) falls on both alike; each of ours imports into a new workspace, deleted after it.
    const times: number[] = [];
    const peerTimes: number[] = [];
    let peakRss = 0;
    let accepted = 0;
    let rejected = 0;
    const baseRss = process.memoryUsage.rss();
    for (let run = 0; run < (opts.runs ?? 3); run++) {
      const path = join(dir, `bench-${run}.vsow`);
      const workspace = Workspace.create(path, PASSPHRASE);
      try {
        const started = performance.now();
        const { value, peakRss: peak } = await withPeakRss(() =>
          runImport(workspace, { cohort: 'victims', path: csv }),
        );
        times.push(performance.now() - started);
        peakRss = Math.max(peakRss, peak);
        accepted = value.accepted;
        rejected = value.rejected;
      } finally {
        workspace.close();
        for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
      }
      peerTimes.push(await duckdbReadCsv(csv));
    }
    for (let run = peerTimes.length; run < (opts.peerRuns ?? 3); run++) peerTimes.push(await duckdbReadCsv(csv));

    const medianMs = median(times);
    const peerMedianMs = median(peerTimes);
    return [
      {
        name: `import ${opts.rows.toLocaleString('en-GB')} row messy CSV (map, validate, pseudonymise, encrypted, one transaction)`,
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
          peakRssMB: Math.round(peakRss / 1e6),
          rssGrowthMB: Math.round((peakRss - baseRss) / 1e6),
          runsMs: times.map(Math.round).join(', '),
          peerRunsMs: peerTimes.map(Math.round).join(', '),
        },
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
