// `npm run bench`: every benchmark with its peers measured in the same run; prints one table
// of medians and ratios and writes bench-results/bench-<date>.json.
//   npm run bench                 store, import (1M rows), engine, repeat victimisation and journeys (1M and 10M records)
//   npm run bench -- --quick      smaller sizes, for a smoke run
//   npm run bench -- engine       only the named parts (store, import, engine, snapshot, explore,
//                                 disclosure, responsiveness, analyses, outcomes, journeys, needs, cancel)
//   BENCH_SIZES=1000000 npm run bench -- engine    the engine at the given sizes only
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import type { BenchRow } from './types.ts';

const args = process.argv.slice(2);

function engineSizes(): number[] {
  const listed = process.env.BENCH_SIZES?.split(',').map(Number) ?? [];
  return listed.length > 0 && listed.every((n) => Number.isSafeInteger(n) && n > 0) ? listed : [1_000_000, 10_000_000];
}
const quick = args.includes('--quick');
const parts = args.filter((a) => !a.startsWith('--'));
const wanted = (name: string): boolean => parts.length === 0 || parts.includes(name);

const sections: Array<{ part: string; rows: BenchRow[] }> = [];

async function section(part: string, run: () => Promise<BenchRow[]>): Promise<void> {
  if (!wanted(part)) return;
  process.stderr.write(`bench: ${part}…\n`);
  const started = Date.now();
  const rows = await run();
  sections.push({ part, rows });
  process.stderr.write(`bench: ${part} done in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
}

await section('store', async () => (await import('./store.bench.ts')).benchStore());
await section('import', async () =>
  (await import('./import.bench.ts')).benchImport({ rows: quick ? 100_000 : 1_000_000 }),
);
await section('engine', async () =>
  (await import('./engine.bench.ts')).benchEngine({ sizes: quick ? [200_000] : engineSizes() }),
);
await section('snapshot', async () =>
  (await import('./snapshotLoad.bench.ts')).benchSnapshotLoad({ records: quick ? 200_000 : 1_000_000 }),
);
await section('explore', async () => {
  // A browser-side module (DOM types): loaded by path so the Node type-check does not follow it.
  const path = './explore.bench.ts';
  const module = (await import(path)) as { benchExplore(o: { records: number }): Promise<BenchRow[]> };
  return module.benchExplore({ records: quick ? 100_000 : 1_000_000 });
});

await section('disclosure', async () => (await import('./disclosure.bench.ts')).benchDisclosure({ quick }));
await section('analyses', async () =>
  (await import('./analyses.bench.ts')).benchAnalyses({
    sizes: quick ? [200_000] : engineSizes(),
  }),
);
await section('outcomes', async () =>
  (await import('./outcomes.bench.ts')).benchOutcomes({ records: quick ? 200_000 : 1_000_000 }),
);
await section('journeys', async () =>
  (await import('./journeys.bench.ts')).benchJourneys({ sizes: quick ? [200_000] : engineSizes() }),
);
await section('needs', async () =>
  (await import('./needs.bench.ts')).benchNeeds({ records: quick ? 200_000 : 1_000_000 }),
);
// Cancel latency belongs with responsiveness: `-- responsiveness` runs it too, `-- cancel` alone.
await section(parts.includes('responsiveness') ? 'responsiveness' : 'cancel', async () =>
  (await import('./cancel.bench.ts')).benchCancel({ records: quick ? 100_000 : 1_000_000 }),
);
await section('responsiveness', async () =>
  (await import('./responsiveness.bench.ts')).benchResponsiveness({ records: quick ? 100_000 : 1_000_000 }),
);

function fmt(ms: number | undefined): string {
  if (ms === undefined) return '';
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
}

/** Computed here from the two medians, so every row reads the same way. */
function comparison(r: BenchRow): string {
  const capped = r.extra?.peerCappedMs;
  if (typeof capped === 'number') {
    return capped >= r.medianMs
      ? `ours > ${(capped / r.medianMs).toFixed(0)}x faster`
      : `peer stopped unfinished at ${fmt(capped)}`;
  }
  if (r.peerMedianMs === undefined || r.medianMs <= 0) return '';
  const ratio = r.peerMedianMs / r.medianMs;
  return ratio >= 1 ? `ours ${ratio.toFixed(2)}x faster` : `ours ${(1 / ratio).toFixed(2)}x slower`;
}

function value(r: BenchRow): string {
  const bytes = r.extra?.snapshotBytes;
  if (typeof bytes === 'number')
    return `${(bytes / 2 ** 20).toFixed(0)} MiB (${String(r.extra?.bytesPerRow ?? '')} B/record)`;
  if (r.unit === 'MiB') return `${r.medianMs.toFixed(0)} MiB`;
  return fmt(r.medianMs);
}

const lines = [['part', 'measure', 'median', 'peer', 'peer median', 'comparison'].join(' | ')];
for (const { part, rows } of sections) {
  for (const r of rows) {
    const capped = r.extra?.peerCappedMs;
    const peerTime = typeof capped === 'number' ? `> ${fmt(capped)}` : fmt(r.peerMedianMs);
    lines.push([part, r.name, value(r), r.peer ?? '', peerTime, comparison(r)].join(' | '));
  }
}
process.stdout.write(`${lines.join('\n')}\n`);

mkdirSync('bench-results', { recursive: true });
const file = `bench-results/bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
writeFileSync(
  file,
  JSON.stringify(
    {
      at: new Date().toISOString(),
      machine: { cpus: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
      quick,
      sections,
    },
    null,
    2,
  ),
);
process.stdout.write(`wrote ${file}\n`);
