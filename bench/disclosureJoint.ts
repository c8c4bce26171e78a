// Records and persons of the same cells protected together: victims (records) by LSOA x offence
// group (60 x 13 with margins; 40 x 13 quick), exported first, then the same table counting distinct victims,
// protected against it (the joint attacker: a cell's persons are at most its records). Beside
// it, the persons table protected apart from the records, as releases of more than 500 cells
// were before: faster, but the pair could be subtracted.
import { type EarlierTable, type ReleaseInput, protectInRelease } from '../src-main/disclosure/protectRelease.ts';
import { areaByOffenceBoth } from './disclosureJointData.ts';
import type { BenchRow } from './types.ts';

const RULE = { threshold: 5 };

function inputFor(raw: ReleaseInput['raw'], earlier: EarlierTable[], domains: ReleaseInput['domains']): ReleaseInput {
  return {
    earlier,
    raw,
    scope: {},
    measure: raw.measure ?? 'records',
    rule: RULE,
    domains,
    leafValues: async () => {
      throw new Error('Two tables of the same cells leave no finest cell unpublished.');
    },
  };
}

export async function benchDisclosureJoint(opts: { quick: boolean }): Promise<BenchRow[]> {
  // 480 x 13 (the realistic LSOA table) does not finish in minutes yet: the row measures the
  // largest size that does, above the old 500-cell cap.
  const areas = opts.quick ? 40 : 60;
  const name = `records then persons, LSOA x offence group, ${areas} x 13, ${areas * 42} victims`;
  process.stderr.write(`bench: disclosure: ${name}\n`);
  const { records, persons } = areaByOffenceBoth(areas, areas * 42);
  const domains = {
    lsoa: records.rows.keys.map((k) => k[0]!),
    offence_group: records.cols.keys.map((k) => k[0]!),
  };
  const first = await protectInRelease(inputFor(records, [], domains));
  const earlier: EarlierTable = {
    label: 'the records table',
    fields: ['lsoa', 'offence_group'],
    scope: {},
    measure: 'records',
    cells: first.cells.map((c) => ({ key: c.key, value: c.value, hidden: c.status !== 'published' })),
  };
  const cpu = process.cpuUsage();
  let started = performance.now();
  const together = await protectInRelease(inputFor(persons, [earlier], domains));
  const togetherMs = performance.now() - started;
  const cpuMs = process.cpuUsage(cpu).user / 1000;
  started = performance.now();
  const apart = await protectInRelease(inputFor(persons, [], domains));
  const apartMs = performance.now() - started;
  const hidden = (r: typeof together) => r.cells.filter((c) => c.status !== 'published').length;
  return [
    {
      name: `protect in release: ${name}`,
      medianMs: togetherMs,
      peer: 'persons protected apart from the records (before, above 500 cells)',
      peerMedianMs: apartMs,
      unit: 'ms',
      extra: {
        runs: 1,
        cpuMs: Math.round(cpuMs),
        cells: together.cells.length,
        hiddenTogether: hidden(together),
        hiddenApart: hidden(apart),
        unlinked: together.unlinked.length,
      },
    },
  ];
}
