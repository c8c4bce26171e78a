// The joint 480 x 13 release alone, for a profiler: the records table protected first, then the
// persons table against it `runs` times, each run's wall and CPU time and hidden count printed.
//   node --import tsx bench/disclosureJointProfile.ts [areas] [runs] [profile.cpuprofile]
// With a file name, the persons runs (not the records table before them) are profiled into it.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { type EarlierTable, type ReleaseInput, protectInRelease } from '../src-main/disclosure/protectRelease.ts';
import { areaByOffenceBoth } from './disclosureJointData.ts';

const areas = Number(process.argv[2] ?? 480);
const runs = Number(process.argv[3] ?? 3);
const victims = areas === 480 ? 20_000 : areas * 42;
const { records, persons } = areaByOffenceBoth(areas, victims);
const domains = {
  lsoa: records.rows.keys.map((k) => k[0]!),
  offence_group: records.cols.keys.map((k) => k[0]!),
};
const inputFor = (raw: ReleaseInput['raw'], earlier: EarlierTable[]): ReleaseInput => ({
  earlier,
  raw,
  scope: {},
  measure: raw.measure ?? 'records',
  rule: { threshold: 5 },
  domains,
  leafValues: async () => {
    throw new Error('Two tables of the same cells leave no finest cell unpublished.');
  },
});
const first = await protectInRelease(inputFor(records, []));
const earlier: EarlierTable = {
  label: 'the records table',
  fields: ['lsoa', 'offence_group'],
  scope: {},
  measure: 'records',
  cells: first.cells.map((c) => ({ key: c.key, value: c.value, hidden: c.status !== 'published' })),
};
const profileTo = process.argv[4];
const session = new Session();
if (profileTo) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}
for (let run = 0; run < runs; run++) {
  const usage = process.cpuUsage();
  const started = performance.now();
  const result = await protectInRelease(inputFor(persons, [earlier]));
  const wall = performance.now() - started;
  const cpu = process.cpuUsage(usage).user / 1000;
  const hidden = result.cells.filter((c) => c.status !== 'published').length;
  process.stdout.write(
    `run ${run}: wall ${wall.toFixed(0)} ms, cpu ${cpu.toFixed(0)} ms, hidden ${hidden}, unlinked ${result.unlinked.length}\n`,
  );
}
if (profileTo) {
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(profileTo, JSON.stringify(profile));
}
