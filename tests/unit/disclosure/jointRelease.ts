// A real records-then-persons release of the same cells (LSOA x offence group, with margins):
// the records table protected first, the persons table against it, and the joint model of both.
import { DisclosureRuleSchema } from '../../../shared/query.ts';
import { modelViews } from '../../../src-main/disclosure/jointModel.ts';
import {
  type EarlierTable,
  type ReleaseInput,
  linkedParts,
  protectInRelease,
} from '../../../src-main/disclosure/protectRelease.ts';
import { areaByOffenceBoth } from '../../../bench/disclosureJointData.ts';

export async function jointRelease(areas: number, level: number) {
  const { records, persons } = areaByOffenceBoth(areas, areas * 42);
  const domains = {
    lsoa: records.rows.keys.map((k) => k[0]!),
    offence_group: records.cols.keys.map((k) => k[0]!),
  };
  const inputFor = (raw: ReleaseInput['raw'], earlier: EarlierTable[]): ReleaseInput => ({
    earlier,
    raw,
    scope: {},
    measure: raw.measure ?? 'records',
    rule: { threshold: level },
    domains,
    leafValues: () => Promise.reject(new Error('Two tables of the same cells leave no finest cell unpublished.')),
  });
  const first = await protectInRelease(inputFor(records, []));
  const earlier: EarlierTable = {
    label: 'the records table',
    fields: ['lsoa', 'offence_group'],
    scope: {},
    measure: 'records',
    cells: first.cells.map((c) => ({ key: c.key, value: c.value, hidden: c.status !== 'published' })),
  };
  const input = inputFor(persons, [earlier]);
  const second = await protectInRelease(input);
  const { parts, attack } = await linkedParts(input, DisclosureRuleSchema.parse({ threshold: level }));
  const model = parts.model;
  const views = await modelViews(model);
  const suppressed = new Set(parts.earlierHidden);
  second.cells.forEach((cell, i) => {
    if (cell.status !== 'published') suppressed.add(parts.currentNodes[i]!);
  });
  // The persons counts that are small.
  const small = parts.currentNodes.filter((n) => {
    const value = model.nodes[n]!.value ?? 0;
    return value > 0 && value < level;
  });
  // Every persons count hidden (and what the records table hid): the pattern the release first audits.
  const allNewHidden = new Set([...parts.currentNodes.filter((n) => !parts.shown.has(n)), ...parts.earlierHidden]);
  return { model, views, attack: attack!, parts, suppressed, small, allNewHidden, input };
}
