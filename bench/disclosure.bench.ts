// Secondary suppression and its audit on the tables analysts build: victims by LSOA x offence
// group (480 x 13, and 5,000 x 13), a district x offence group x sex cube with every subtotal,
// and persons tables (LSOA x offence group counting distinct victims: their totals are not sums).
// Each row: the median of protect + audit by the app's method (network flows on 2-D tables; a
// cube's two-way slices by flows, then one exact LP audit of the whole cube; HiGHS LPs
// otherwise), and beside it the method it replaced: on 2-D tables one GLPK LP per cell, run once
// in a worker and stopped at a time cap ("> N s" when it does not finish); on the cube the LPs
// over the whole cube, run in turn with the app's method so both meet the same load.
import { startModuleWorker } from '../src-main/workers/moduleWorker.ts';
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
  /** The method beside the app's: run in turn with it (wholeCube), or once in a worker (GLPK, the default). */
  before?: 'wholeCube';
}

/** The 2-D row a cube's time is set against: numbers protected per second, as in a table of cells and margins. */
const PROPORTION_BASE = 'LSOA x offence group, 480 x 13, 20,000 victims';

function cases(quick: boolean): Case[] {
  const keyed = (raw: RawTable) => [keyedTable(raw, placeCells(raw))];
  const table = (areas: number, victims: number) => keyed(areaByOffence(areas, victims));
  return [
    { name: PROPORTION_BASE, tables: table(480, 20_000), runs: 5, capMs: 60_000 },
    {
      name: 'district x offence group x sex with all subtotals, 40 x 13 x 2, 20,000 victims',
      tables: [cubeWithSubtotals(districtOffenceSex(40, 20_000))],
      runs: 3,
      capMs: 60_000,
      before: 'wholeCube',
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
          {
            name: 'LSOA x offence group counting persons, 5,000 x 13, 200,000 victims',
            tables: keyed(areaByOffencePersons(5000, 200_000)),
            measure: 'persons' as const,
            runs: 3,
            capMs: 60_000,
          },
        ]),
  ];
}

const total = (t: Timing) => t.protectMs + t.auditMs;

/** The whole-cube LPs, run in turn with the app's method: their median time and pattern. */
function wholeCubeExtra(before: Timing[], ours: Timing[]): Record<string, number | string> {
  const suppressed = ours[0]!.suppressed;
  return {
    peerProtectMedianMs: Math.round(median(before.map((t) => t.protectMs))),
    peerAuditMedianMs: Math.round(median(before.map((t) => t.auditMs))),
    peerCpuMs: Math.round(median(before.map((t) => t.cpuMs))),
    peerSuppressed: before[0]!.suppressed,
    peerProtected: String(before.every((t) => t.ok)),
    suppressedRatio: (suppressed / before[0]!.suppressed).toFixed(2),
  };
}

/**
 * A cube "in proportion" to the 2-D row: its time per published number (cells and margins) over
 * the 2-D row's; 1 or less means no slower per number than the 2-D table.
 */
function proportionExtra(cases: readonly Case[], rows: readonly BenchRow[]): void {
  const numbers = (c: Case) => c.tables.reduce((sum, t) => sum + t.cells.length, 0);
  const baseCase = cases.find((c) => c.name === PROPORTION_BASE);
  const baseRow = rows.find((r) => r.name.endsWith(PROPORTION_BASE));
  if (!baseCase || !baseRow) return;
  cases.forEach((c, i) => {
    const row = rows[i]!;
    if (c.before !== 'wholeCube' || !row.extra) return;
    const share = numbers(c) / numbers(baseCase);
    const inProportionMs = baseRow.medianMs * share;
    row.extra.numbers = numbers(c);
    row.extra.inProportionMs = Math.round(inProportionMs);
    row.extra.perNumberVs2D = (row.medianMs / inProportionMs).toFixed(2);
    // CPU time too: wall times swing with the machine's other load.
    const cpu = (r: BenchRow) => Number(r.extra?.cpuMedianMs);
    row.extra.perNumberVs2DCpu = (cpu(row) / (cpu(baseRow) * share)).toFixed(2);
  });
}

export async function benchDisclosure(opts: { quick: boolean }): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const all = cases(opts.quick);
  for (const c of all) {
    process.stderr.write(`bench: disclosure: ${c.name}\n`);
    const timings: Timing[] = [];
    const before: Timing[] = [];
    const measure = c.measure ?? 'records';
    for (let i = 0; i < c.runs; i++) {
      timings.push(await protectAndAudit('flows', c.tables, measure, RULE));
      if (c.before) before.push(await protectAndAudit(c.before, c.tables, measure, RULE));
    }
    const legacy = c.before ? null : await legacyTiming(c.tables, measure, c.capMs);
    const ours = median(timings.map(total));
    rows.push({
      name: `protect + audit: ${c.name}`,
      medianMs: ours,
      ...(c.before
        ? { peer: 'LPs over the whole cube (before)', peerMedianMs: median(before.map(total)) }
        : {
            peer: 'one GLPK LP per cell (before)',
            ...(legacy ? { peerMedianMs: total(legacy) } : {}),
          }),
      unit: 'ms',
      extra: {
        runs: c.runs,
        protectMedianMs: Math.round(median(timings.map((t) => t.protectMs))),
        auditMedianMs: Math.round(median(timings.map((t) => t.auditMs))),
        cpuMedianMs: Math.round(median(timings.map((t) => t.cpuMs))),
        modelMedianMs: Math.round(median(timings.map((t) => t.modelMs))),
        suppressed: timings[0]!.suppressed,
        protected: String(timings.every((t) => t.ok)),
        ...(c.before
          ? wholeCubeExtra(before, timings)
          : legacy
            ? { peerSuppressed: legacy.suppressed, peerCpuMs: Math.round(legacy.cpuMs) }
            : { peerCappedMs: c.capMs }),
      },
    });
  }
  proportionExtra(all, rows);
  rows.push(...(await (await import('./disclosureJoint.ts')).benchDisclosureJoint(opts)));
  rows.push(...(await (await import('./disclosureCube.ts')).benchDisclosureCube(opts)));
  return rows;
}
