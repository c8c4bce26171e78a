// Cubes with subtotals in proportion: district x offence group x sex with every subtotal (160 x
// 13 x 2 and 480 x 13 x 2; 40 x 13 x 2 quick), each beside the 2-D table of the same number of
// cells and victims (LSOA x offence group, 320 x 13 and 960 x 13, with margins), the two run in
// turn so both meet the same load. The figure to read is the proportion: the cube's time over the
// 2-D table's, CPU and wall, and per published number (a cube publishes more subtotals).
import { cubeWithSubtotals } from '../src-main/disclosure/index.ts';
import { keyedTable, placeCells } from '../src-main/disclosure/queryTable.ts';
import type { KeyedTable } from '../src-main/disclosure/tableModel.ts';
import { areaByOffence, districtOffenceSex } from './disclosureData.ts';
import { type Timing, protectAndAudit } from './disclosureMethods.ts';
import type { BenchRow } from './types.ts';

const RULE = { threshold: 5 };
/** Victims per district: about 19 per cell of the cube, as in a county's year of recorded crime. */
const VICTIMS_PER_DISTRICT = 500;

interface CubeCase {
  districts: number;
  runs: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const wall = (t: Timing) => t.protectMs + t.auditMs;
const numbers = (tables: readonly KeyedTable[]) => tables.reduce((sum, t) => sum + t.cells.length, 0);
const ratio = (a: number, b: number) => (a / b).toFixed(2);

/** The cube and the 2-D table with as many cells (two areas per district, one per sex) and victims. */
function tablesFor(districts: number): { cube: KeyedTable[]; flat: KeyedTable[] } {
  const victims = districts * VICTIMS_PER_DISTRICT;
  const raw = areaByOffence(districts * 2, victims);
  return {
    cube: [cubeWithSubtotals(districtOffenceSex(districts, victims))],
    flat: [keyedTable(raw, placeCells(raw))],
  };
}

async function benchCase({ districts, runs }: CubeCase): Promise<BenchRow> {
  const { cube, flat } = tablesFor(districts);
  const name = `${districts} x 13 x 2 with all subtotals, ${(districts * VICTIMS_PER_DISTRICT).toLocaleString('en-GB')} victims`;
  process.stderr.write(`bench: disclosure: cube ${name}\n`);
  const cubeTimes: Timing[] = [];
  const flatTimes: Timing[] = [];
  for (let i = 0; i < runs; i++) {
    cubeTimes.push(await protectAndAudit('flows', cube, 'records', RULE));
    flatTimes.push(await protectAndAudit('flows', flat, 'records', RULE));
  }
  const cubeWall = median(cubeTimes.map(wall));
  const flatWall = median(flatTimes.map(wall));
  const cubeCpu = median(cubeTimes.map((t) => t.cpuMs));
  const flatCpu = median(flatTimes.map((t) => t.cpuMs));
  const share = numbers(cube) / numbers(flat);
  return {
    name: `protect + audit: cube ${name}`,
    medianMs: cubeWall,
    peer: `2-D table of as many cells (${districts * 2} x 13)`,
    peerMedianMs: flatWall,
    unit: 'ms',
    extra: {
      runs,
      cpuMedianMs: Math.round(cubeCpu),
      peerCpuMedianMs: Math.round(flatCpu),
      protectMedianMs: Math.round(median(cubeTimes.map((t) => t.protectMs))),
      auditMedianMs: Math.round(median(cubeTimes.map((t) => t.auditMs))),
      cubeVs2DWall: ratio(cubeWall, flatWall),
      cubeVs2DCpu: ratio(cubeCpu, flatCpu),
      numbers: numbers(cube),
      peerNumbers: numbers(flat),
      perNumberVs2DCpu: ratio(cubeCpu, flatCpu * share),
      suppressed: cubeTimes[0]!.suppressed,
      peerSuppressed: flatTimes[0]!.suppressed,
      protected: String(cubeTimes.every((t) => t.ok) && flatTimes.every((t) => t.ok)),
    },
  };
}

export async function benchDisclosureCube(opts: { quick: boolean }): Promise<BenchRow[]> {
  const cases: CubeCase[] = opts.quick
    ? [{ districts: 40, runs: 3 }]
    : [
        { districts: 160, runs: 5 },
        { districts: 480, runs: 3 },
      ];
  const rows: BenchRow[] = [];
  for (const c of cases) rows.push(await benchCase(c));
  return rows;
}
