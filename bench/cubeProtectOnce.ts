// One cube with subtotals (district x offence group x sex, 500 victims a district) protected and
// audited once after a warm-up run, its CPU time printed: for comparing two checkouts in turn
// (the disclosure part of `npm run bench` runs many sizes beside their 2-D peers).
//   node --import tsx bench/cubeProtectOnce.ts [districts]
import { cubeWithSubtotals } from '../src-main/disclosure/index.ts';
import { districtOffenceSex } from './disclosureData.ts';
import { protectAndAudit } from './disclosureMethods.ts';

const districts = Number(process.argv[2] ?? 160);
const cube = [cubeWithSubtotals(districtOffenceSex(districts, districts * 500))];
await protectAndAudit('flows', cube, 'records', { threshold: 5 }); // the compiler's warm-up
const cpu = process.cpuUsage();
const timing = await protectAndAudit('flows', cube, 'records', { threshold: 5 });
const used = process.cpuUsage(cpu);
console.log(
  JSON.stringify({
    districts,
    cpuMs: Math.round((used.user + used.system) / 1000),
    protectMs: Math.round(timing.protectMs),
    auditMs: Math.round(timing.auditMs),
  }),
);
