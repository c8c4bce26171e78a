// One table protected and audited once, its CPU time and hidden count printed: for comparing two
// checkouts in turn (the disclosure part of `npm run bench` runs many sizes beside peers).
//   node --import tsx bench/protectOnce.ts [kind] [areas]
// kind: cube (district x offence group x sex with every subtotal, 500 victims a district; the
// default, 160 districts), sparse-cube (LSOA x sex x age band with every subtotal, about two
// victims a cell; 500 LSOAs) or persons (LSOA x offence group counting persons, 40 a LSOA;
// 5,000 LSOAs). The small cube runs once first, for the compiler: its run is short enough for the
// warm-up to matter; the others take seconds.
import { cubeWithSubtotals } from '../src-main/disclosure/index.ts';
import { keyedTable, placeCells } from '../src-main/disclosure/queryTable.ts';
import type { KeyedTable, Measure } from '../src-main/disclosure/tableModel.ts';
import { areaByOffencePersons, areaSexAge, districtOffenceSex } from './disclosureData.ts';
import { protectAndAudit } from './disclosureMethods.ts';

const kind = process.argv[2] ?? 'cube';
const KINDS: Record<string, { areas: number; tables: (areas: number) => KeyedTable[]; measure: Measure }> = {
  cube: { areas: 160, tables: (n) => [cubeWithSubtotals(districtOffenceSex(n, n * 500))], measure: 'records' },
  'sparse-cube': { areas: 500, tables: (n) => [cubeWithSubtotals(areaSexAge(n, n * 52))], measure: 'records' },
  persons: {
    areas: 5000,
    tables: (n) => {
      const raw = areaByOffencePersons(n, n * 40);
      return [keyedTable(raw, placeCells(raw))];
    },
    measure: 'persons',
  },
};
const chosen = KINDS[kind];
if (chosen === undefined) throw new Error(`Unknown kind ${kind}: one of ${Object.keys(KINDS).join(', ')}.`);
const areas = Number(process.argv[3] ?? chosen.areas);
const tables = chosen.tables(areas);
const rule = { threshold: 5 };
if (kind === 'cube') await protectAndAudit('flows', tables, chosen.measure, rule);
const cpu = process.cpuUsage();
const timing = await protectAndAudit('flows', tables, chosen.measure, rule);
const used = process.cpuUsage(cpu);
console.log(
  JSON.stringify({
    kind,
    areas,
    cpuMs: Math.round((used.user + used.system) / 1000),
    protectMs: Math.round(timing.protectMs),
    auditMs: Math.round(timing.auditMs),
    suppressed: timing.suppressed,
    ok: timing.ok,
  }),
);
