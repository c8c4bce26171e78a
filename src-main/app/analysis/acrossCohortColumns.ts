// The columns of a table across the cohorts (the overlap, the journeys): its own fixed fields,
// and every column of the cohorts its filters may name, with the categories of all cohorts
// together. What the release needs to link such a table with the others of its kind.
import { COHORTS } from '../../../shared/codebook.ts';
import type { DatasetColumns } from '../../../shared/contract/engine.ts';
import { datasetLabel } from '../../../shared/figure.ts';
import { JOURNEY_FIELD_LABELS, JOURNEY_FIELDS, JOURNEY_ROLES, JOURNEY_TARGETS } from '../../../shared/journeys.ts';
import type { Engine } from '../../engine/engine.ts';
import { OVERLAP_ROWS } from '../../engine/overlap.ts';

export function isAcrossCohorts(name: string): name is 'overlap' | 'journeys' {
  return name === 'overlap' || name === 'journeys';
}

export function acrossCohortColumns(
  engine: Engine,
  name: 'overlap' | 'journeys',
  labelOf: (field: string) => string,
): DatasetColumns {
  const columns = new Map<string, DatasetColumns['columns'][number]>();
  const fixed: Array<[string, readonly string[]]> =
    name === 'journeys'
      ? [
          [JOURNEY_FIELDS.first, JOURNEY_ROLES],
          [JOURNEY_FIELDS.then, JOURNEY_TARGETS],
        ]
      : [['combination', OVERLAP_ROWS.map((r) => r.label)]];
  for (const [field, categories] of fixed)
    columns.set(field, {
      name: field,
      label: JOURNEY_FIELD_LABELS[field] ?? labelOf(field),
      kind: 'category',
      categories: [...categories],
    });
  let records = 0;
  for (const cohort of COHORTS) {
    const snapshot = engine.snapshot(cohort);
    if (!snapshot) continue;
    records += snapshot.rowCount;
    for (const d of Object.values(snapshot.dimensions)) {
      const seen = columns.get(d.name);
      const categories = [...(seen?.categories ?? [])];
      for (const label of d.labels) if (!categories.includes(label)) categories.push(label);
      columns.set(d.name, { name: d.name, label: labelOf(d.name), kind: d.kind, categories });
    }
    for (const field of [...Object.keys(snapshot.dates), ...Object.keys(snapshot.numbers)])
      if (!columns.has(field))
        columns.set(field, {
          name: field,
          label: labelOf(field),
          kind: snapshot.dates[field] ? 'date' : 'number',
          categories: [],
        });
  }
  return { name, label: datasetLabel(name), records, hasPersons: true, columns: [...columns.values()] };
}
