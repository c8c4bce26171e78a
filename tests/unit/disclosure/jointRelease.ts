// A real records-then-persons release of the same cells (LSOA x offence group, with margins):
// the records table protected first, the persons table against it, and the joint model of both.
import { DisclosureRuleSchema } from '../../../shared/query.ts';
import { modelViews } from '../../../src-main/disclosure/jointModel.ts';
import { linkedParts, protectInRelease } from '../../../src-main/disclosure/protectRelease.ts';
import { jointReleaseInputs } from '../../../bench/disclosureJointData.ts';

export async function jointRelease(areas: number, level: number) {
  const { records, persons, inputFor, recordsPublished } = jointReleaseInputs(areas, areas * 42, level);
  const earlier = recordsPublished(await protectInRelease(inputFor(records, [])));
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
