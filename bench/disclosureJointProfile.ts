// The joint 480 x 13 release alone, for a profiler: the records table protected first, then the
// persons table against it `runs` times, each run's wall and CPU time and hidden count printed.
//   node --import tsx bench/disclosureJointProfile.ts [areas] [runs] [profile.cpuprofile]
// With a file name, the persons runs after the first (warm ones, not the records table before
// them) are profiled into it. Each run prints a hash of every cell's status: a change that must
// keep the protection identical compares it with main's.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { protectInRelease } from '../src-main/disclosure/protectRelease.ts';
import { jointReleaseInputs } from './disclosureJointData.ts';

const areas = Number(process.argv[2] ?? 480);
const runs = Number(process.argv[3] ?? 3);
const victims = areas === 480 ? 20_000 : areas * 42;
const { records, persons, inputFor, recordsPublished } = jointReleaseInputs(areas, victims);
const earlier = recordsPublished(await protectInRelease(inputFor(records, [])));
const profileTo = process.argv[4];
const session = new Session();
for (let run = 0; run < runs; run++) {
  if (profileTo && run === Math.min(1, runs - 1)) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  const usage = process.cpuUsage();
  const started = performance.now();
  const result = await protectInRelease(inputFor(persons, [earlier]));
  const wall = performance.now() - started;
  const cpu = process.cpuUsage(usage).user / 1000;
  const hidden = result.cells.filter((c) => c.status !== 'published').length;
  const statuses = createHash('sha256')
    .update(result.cells.map((c) => c.status).join(','))
    .digest('hex')
    .slice(0, 12);
  process.stdout.write(
    `run ${run}: wall ${wall.toFixed(0)} ms, cpu ${cpu.toFixed(0)} ms, hidden ${hidden}, status ${statuses}, unlinked ${result.unlinked.length}\n`,
  );
}
if (profileTo) {
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(profileTo, JSON.stringify(profile));
}
