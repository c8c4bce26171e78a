// The engine's snapshot load from an encrypted workspace (the real schema, 16 dimensions and a
// date): time and peak memory of `loadSnapshot`, each run in a fresh process so one run's heap
// does not count against the next, the packed read beside the row-by-row reader as its peer.
// Peak memory is the process's maximum resident set less what it held just before the load.
//   npm run bench -- snapshot            (1M records; --quick: 200,000)
//   npx tsx bench/snapshotLoad.bench.ts --child packed|rows FILE
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './types.ts';

const self = fileURLToPath(import.meta.url);
const RUNS = 5;

interface LoadRun {
  ms: number;
  peakMiB: number;
  rows: number;
}

async function child(mode: string, file: string): Promise<void> {
  const { BUILT_IN_CODEBOOK } = await import('../shared/codebook.ts');
  const { loadSnapshot } = await import('../src-main/engine/loadSnapshot.ts');
  const { openEncrypted } = await import('./engineLoad.ts');
  const db = openEncrypted(file);
  db.prepare('SELECT count(*) FROM categories').get(); // the key is checked before the clock starts
  const before = process.memoryUsage().rss;
  const started = performance.now();
  const snapshot = loadSnapshot(db, BUILT_IN_CODEBOOK, 'victims', { packed: mode === 'packed' });
  const ms = performance.now() - started;
  const peakMiB = (process.resourceUsage().maxRSS * 1024 - before) / 2 ** 20;
  db.close();
  const run: LoadRun = { ms, peakMiB, rows: snapshot.rowCount };
  process.stdout.write(JSON.stringify(run));
}

function measure(mode: 'packed' | 'rows', file: string): LoadRun {
  const out = execFileSync(process.execPath, [...process.execArgv, self, '--child', mode, file], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out) as LoadRun;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

export async function benchSnapshotLoad(opts: { records: number }): Promise<BenchRow[]> {
  const { generateBenchData } = await import('./engineData.ts');
  const { writeEncryptedWorkspace } = await import('./engineLoad.ts');
  const dir = join(tmpdir(), `vso-snapshot-bench-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  try {
    const file = join(dir, 'load.vsow');
    writeEncryptedWorkspace(generateBenchData(opts.records), file);
    const packed: LoadRun[] = [];
    const rows: LoadRun[] = [];
    // Alternately, so a busy spell of the machine falls on both.
    for (let run = 0; run < RUNS; run++) {
      packed.push(measure('packed', file));
      rows.push(measure('rows', file));
    }
    const size = `${opts.records / 1_000_000}M records`;
    const extra = { runs: RUNS, rows: packed[0]?.rows ?? 0 };
    return [
      {
        name: `snapshot load from encrypted workspace, ${size}`,
        medianMs: median(packed.map((r) => r.ms)),
        peer: 'row-by-row reader',
        peerMedianMs: median(rows.map((r) => r.ms)),
        extra,
      },
      {
        name: `snapshot load peak memory, ${size}`,
        medianMs: median(packed.map((r) => r.peakMiB)),
        unit: 'MiB',
        extra: { ...extra, rowByRowMiB: Math.round(median(rows.map((r) => r.peakMiB))) },
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const [flag, mode, file] = process.argv.slice(2);
if (flag === '--child' && mode && file) await child(mode, file);
