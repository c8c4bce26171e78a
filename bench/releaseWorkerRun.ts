// One process's measurement for releaseWorkerPeers.ts: a small release (a 10 x 5 table with two
// earlier tables linked, tests/helpers/linkedSmallRelease.ts) protected through the
// protectInReleaseOffThread of the tree named by argv[2] (this branch, or a checkout of main),
// printed as one JSON line: each job's latency after one warm-up job, the first job's latency,
// and the main thread's longest stall over one protection of a slower release of the same shape.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ReleaseInput, ReleaseResult } from '../src-main/disclosure/protectRelease.ts';
import { linkedSmallRelease } from '../tests/helpers/linkedSmallRelease.ts';
import { measureStalls } from './mainThreadStalls.ts';

type Protect = (input: ReleaseInput) => Promise<ReleaseResult>;

const tree = process.argv[2]!;
const jobs = Number(process.argv[3] ?? 5);
// Older checkouts export it from releaseOffThread.ts; newer ones from releaseThread.ts alone.
const older = join(tree, 'src-main/disclosure/releaseOffThread.ts');
const module = existsSync(older) ? older : join(tree, 'src-main/disclosure/releaseThread.ts');
const { protectInReleaseOffThread } = (await import(pathToFileURL(module).href)) as {
  protectInReleaseOffThread: Protect;
};

/** Explore's typical small table: a few small counts, LPs over both earlier tables. */
const typical = await linkedSmallRelease({ scale: 400 });
/** Many small counts: its LPs take the main thread hundreds of ms. */
const slow = await linkedSmallRelease({ scale: 60 });

async function timed(input: ReleaseInput): Promise<number> {
  const started = performance.now();
  await protectInReleaseOffThread(input);
  return performance.now() - started;
}

const firstMs = await timed(typical);
const latencies: number[] = [];
for (let i = 0; i < jobs; i++) latencies.push(await timed(typical));
const stall = await measureStalls(() => protectInReleaseOffThread(slow));
process.stdout.write(
  `${JSON.stringify({
    firstMs,
    latencies,
    slowMs: stall.workMs,
    stallOwnMs: stall.longestOwnMs,
    stallRunMs: stall.longestRunMs,
    stallWallMs: stall.longestMs,
  })}\n`,
);
// The old code has no warm worker; the new one's is idle and keeps no process alive.
