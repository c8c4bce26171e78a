// Secondary suppression and its audit on the tables analysts build: victims by LSOA x offence
// group (480 x 13, and 5,000 x 13), a district x offence group x sex cube with every subtotal,
// and a persons table (LSOA x offence group counting distinct victims: its totals are not sums).
// Each row: the median of protect + audit by the app's method (network flows on 2-D tables,
// HiGHS LPs otherwise), and beside it the method it replaced (one GLPK LP per cell), run once
// in a worker and stopped at a time cap ("> N s" when it does not finish).
import { startModuleWorker } from '../src-main/import/moduleWorker.ts';
import { cubeWithSubtotals } from '../src-main/disclosure/index.ts';
import { type RawTable, keyedTable, placeCells } from '../src-main/disclosure/queryTable.ts';
import type { KeyedTable, Measure } from '../src-main/disclosure/tableModel.ts';
import { areaByOffence, areaByOffencePersons, districtOffenceSex } from './disclosureData.ts';
import { type Timing, protectAndAudit } from './disclosureMethods.ts';
import type { BenchRow } from './types.ts';

const RULE = { threshold: 5 };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The old method in a worker, terminated at the cap: its time, or null when it ran out. */
function legacyTiming(tables: KeyedTable[], measure: Measure, capMs: number): Promise<Timing | null> {
  const worker = startModuleWorker(new URL('./disclosureLegacyWorker.ts', import.meta.url), {
    workerData: { tables, measure, rule: RULE },
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void worker.terminate();
      resolve(null);
    }, capMs);
    worker.once('message', (timing: Timing) => {
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

interface Case {
  name: string;
  tables: KeyedTable[];
  measure?: Measure;
  runs: number;
  capMs: number;
}

function cases(quick: boolean): Case[] {
  const keyed = (raw: RawTable) => [keyedTable(raw, placeCells(raw))];
  const table = (areas: number, victims: number) => keyed(areaByOffence(areas, victims));
  return [
    { name: 'LSOA x offence group, 480 x 13, 20,000 victims', tables: table(480, 20_000), runs: 5, capMs: 60_000 },
    {
      name: 'district x offence group x sex with all subtotals, 40 x 13 x 2, 20,000 victims',
      tables: [cubeWithSubtotals(districtOffenceSex(40, 20_000))],
      runs: 3,
      capMs: 60_000,
    },
    {
      name: 'LSOA x offence group counting persons, 480 x 13, 20,000 victims',
      tables: keyed(areaByOffencePersons(480, 20_000)),
      measure: 'persons',
      runs: 3,
      capMs: 60_000,
    },
    ...(quick
      ? []
      : [
          {
            name: 'LSOA x offence group, 5,000 x 13, 200,000 victims',
            tables: table(5000, 200_000),
            runs: 3,
            capMs: 60_000,
          },
        ]),
  ];
}

export async function benchDisclosure(opts: { quick: boolean }): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const c of cases(opts.quick)) {
    process.stderr.write(`bench: disclosure: ${c.name}\n`);
    const timings: Timing[] = [];
    const measure = c.measure ?? 'records';
    for (let i = 0; i < c.runs; i++) timings.push(await protectAndAudit('flows', c.tables, measure, RULE));
    const legacy = await legacyTiming(c.tables, measure, c.capMs);
    const ours = median(timings.map((t) => t.protectMs + t.auditMs));
    rows.push({
      name: `protect + audit: ${c.name}`,
      medianMs: ours,
      peer: 'one GLPK LP per cell (before)',
      ...(legacy ? { peerMedianMs: legacy.protectMs + legacy.auditMs } : {}),
      unit: 'ms',
      extra: {
        runs: c.runs,
        protectMedianMs: Math.round(median(timings.map((t) => t.protectMs))),
        auditMedianMs: Math.round(median(timings.map((t) => t.auditMs))),
        cpuMedianMs: Math.round(median(timings.map((t) => t.cpuMs))),
        modelMedianMs: Math.round(median(timings.map((t) => t.modelMs))),
        suppressed: timings[0]!.suppressed,
        protected: String(timings.every((t) => t.ok)),
        ...(legacy
          ? { peerSuppressed: legacy.suppressed, peerCpuMs: Math.round(legacy.cpuMs) }
          : { peerCappedMs: c.capMs }),
      },
    });
  }
  rows.push(...(await (await import('./disclosureJoint.ts')).benchDisclosureJoint(opts)));
  return rows;
}
