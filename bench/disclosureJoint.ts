// Records and persons of the same cells protected together: victims (records) by LSOA x offence
// group (480 x 13 with margins, about 20,000 victims; 40 x 13 quick), exported first, then the
// same table counting distinct victims, protected against it (the joint attacker: a cell's
// persons are at most its records). Beside it, the same protection as it was before its flows
// were built once per pattern (bench/disclosureLegacy/), run once in a worker and stopped at a
// time cap; and, for the cells it hides, the persons table protected apart from the records.
import { startModuleWorker } from '../src-main/workers/moduleWorker.ts';
import { type ReleaseInput, protectInRelease } from '../src-main/disclosure/protectRelease.ts';
import { jointReleaseInputs } from './disclosureJointData.ts';
import type { BenchRow } from './types.ts';

const THRESHOLD = 5;
const LEGACY_CAP_MS = 180_000;

interface LegacyTiming {
  ms: number;
  cpuMs: number;
  hidden: number;
}

/** The protection as it was, in a worker terminated at the cap: its timing, or null when it ran out. */
function legacyTiming(input: ReleaseInput): Promise<LegacyTiming | null> {
  const { leafValues: _unused, ...job } = input;
  const worker = startModuleWorker(new URL('./disclosureJointLegacyWorker.ts', import.meta.url), { workerData: job });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void worker.terminate();
      resolve(null);
    }, LEGACY_CAP_MS);
    worker.once('message', (timing: LegacyTiming) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(timing);
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export async function benchDisclosureJoint(opts: { quick: boolean }): Promise<BenchRow[]> {
  const areas = opts.quick ? 40 : 480;
  const victims = opts.quick ? areas * 42 : 20_000;
  const runs = opts.quick ? 1 : 3;
  const name = `records then persons, LSOA x offence group, ${areas} x 13, ${victims.toLocaleString('en-GB')} victims`;
  process.stderr.write(`bench: disclosure: ${name}\n`);
  const { records, persons, inputFor, recordsPublished } = jointReleaseInputs(areas, victims, THRESHOLD);
  const earlier = recordsPublished(await protectInRelease(inputFor(records, [])));
  const hidden = (r: Awaited<ReturnType<typeof protectInRelease>>) =>
    r.cells.filter((c) => c.status !== 'published').length;
  const wall: number[] = [];
  const cpu: number[] = [];
  let together: Awaited<ReturnType<typeof protectInRelease>> | null = null;
  for (let run = 0; run < runs; run++) {
    const usage = process.cpuUsage();
    const started = performance.now();
    together = await protectInRelease(inputFor(persons, [earlier]));
    wall.push(performance.now() - started);
    cpu.push(process.cpuUsage(usage).user / 1000);
  }
  const apart = await protectInRelease(inputFor(persons, []));
  const legacy = await legacyTiming(inputFor(persons, [earlier]));
  return [
    {
      name: `protect in release: ${name}`,
      medianMs: median(wall),
      peer: 'the joint protection before (flows rebuilt per count)',
      ...(legacy ? { peerMedianMs: legacy.ms } : {}),
      unit: 'ms',
      extra: {
        runs,
        cpuMedianMs: Math.round(median(cpu)),
        cells: together!.cells.length,
        hiddenTogether: hidden(together!),
        hiddenApart: hidden(apart),
        unlinked: together!.unlinked.length,
        ...(legacy
          ? { peerCpuMs: Math.round(legacy.cpuMs), peerHidden: legacy.hidden }
          : { peerCappedMs: LEGACY_CAP_MS }),
      },
    },
  ];
}
