// A small release's protection, this checkout beside a peer checkout (another commit), alternated
// process by process in one run so that a shared machine's load falls on both alike: the
// latency of a typical 10 x 5 table with two earlier tables linked (each job after one warm-up)
// and the main thread's longest stall over a slower release of the same shape.
//   npx tsx bench/releaseWorkerPeers.ts <rounds> <peer checkout> [jobs per process=5]
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const rounds = Number(process.argv[2] ?? 4);
const peer = process.argv[3];
if (peer === undefined)
  throw new Error('Name the peer checkout to compare with, e.g. a worktree of the previous commit.');
const jobs = process.argv[4] ?? '5';
const here = fileURLToPath(new URL('..', import.meta.url));
const runner = fileURLToPath(new URL('./releaseWorkerRun.ts', import.meta.url));

interface Run {
  firstMs: number;
  latencies: number[];
  slowMs: number;
  stallOwnMs: number;
  stallRunMs: number;
  stallWallMs: number;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const runs: Record<'branch' | 'peer', Run[]> = { branch: [], peer: [] };
for (let round = 0; round < rounds; round++) {
  // Alternate which goes first, so neither always meets the same moment of the machine's load.
  const order: Array<'branch' | 'peer'> = round % 2 === 0 ? ['branch', 'peer'] : ['peer', 'branch'];
  for (const which of order) {
    const tree = which === 'branch' ? here : peer;
    const out = execFileSync(process.execPath, ['--import', 'tsx', runner, tree, jobs], {
      cwd: here,
      encoding: 'utf8',
    });
    runs[which].push(JSON.parse(out.trim().split('\n').at(-1)!) as Run);
    process.stderr.write(`round ${round + 1} ${which}: ${out.trim()}\n`);
  }
}

const summary = (list: Run[]) => ({
  latencyMs: median(list.flatMap((r) => r.latencies)),
  firstMs: median(list.map((r) => r.firstMs)),
  slowMs: median(list.map((r) => r.slowMs)),
  stallOwnMs: median(list.map((r) => r.stallOwnMs)),
  stallRunMs: median(list.map((r) => r.stallRunMs)),
  worstStallOwnMs: Math.max(...list.map((r) => r.stallOwnMs)),
});
const branch = summary(runs.branch);
const other = summary(runs.peer);
const fmt = (n: number): string => n.toFixed(1);
console.log(`medians over ${rounds} rounds (branch | peer ${peer} | ratio branch/peer)`);
for (const key of Object.keys(branch) as Array<keyof typeof branch>)
  console.log(
    `${key.padEnd(16)} ${fmt(branch[key]).padStart(9)} | ${fmt(other[key]).padStart(9)} | ${(branch[key] / other[key]).toFixed(2)}`,
  );
