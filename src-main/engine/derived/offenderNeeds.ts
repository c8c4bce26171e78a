// Offender needs from the record's need_* flags: how many (0, 1, 2, 3+) and which together.
// A combination is its needs' short labels (the matrix's own, so that the needs audit places
// them) joined with " + " in the codebook's order; the most common ones by persons keep their
// own category, the rest are "Other combinations".
// A record whose every need is unknown is Unknown in both.
import { NEEDS, NEEDS_COUNT_BANDS, NO_NEEDS, OTHER_COMBINATIONS } from '../../../shared/codebook.ts';
import { needShortLabel } from '../../../shared/needsCooccurrence.ts';
import type { CohortSnapshot, DimensionColumn } from '../snapshot.ts';
import { finishColumn } from './derivedColumn.ts';

/** How many combinations keep a category of their own. */
export const TOP_COMBINATIONS = 10;

/** The needs the snapshot holds, in the codebook's order. */
function heldNeeds(snapshot: CohortSnapshot): { label: string; column: DimensionColumn }[] {
  return NEEDS.flatMap(([name, label]) => {
    const column = snapshot.dimensions[name];
    return column ? [{ label: needShortLabel(label), column }] : [];
  });
}

export function combinationLabel(mask: number, labels: readonly string[]): string {
  if (mask === 0) return NO_NEEDS;
  return labels.filter((_, k) => mask & (1 << k)).join(' + ');
}

export function deriveOffenderNeeds(snapshot: CohortSnapshot, top = TOP_COMBINATIONS): DimensionColumn[] {
  const needs = heldNeeds(snapshot);
  if (needs.length === 0) return [];
  const n = snapshot.rowCount;
  // Flag columns show Yes, No, Unknown: code 0 is Yes, code 2 (when there) Unknown.
  const unknownCode = needs.map(({ column }) => column.labels.indexOf('Unknown'));
  const masks = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let mask = 0;
    let unknown = 0;
    needs.forEach(({ column }, k) => {
      const code = column.codes[i] as number;
      if (code === 0) mask |= 1 << k;
      else if (code === unknownCode[k]) unknown++;
    });
    masks[i] = unknown === needs.length ? -1 : mask;
  }

  const counts = new Uint16Array(n);
  const bands = NEEDS_COUNT_BANDS.length;
  for (let i = 0; i < n; i++) {
    const mask = masks[i] as number;
    if (mask < 0) counts[i] = bands + 1;
    else {
      let bits = 0;
      for (let m = mask; m !== 0; m &= m - 1) bits++;
      counts[i] = Math.min(bits, bands - 1);
    }
  }

  // Persons per combination: rows are in person order, so a stamp per combination counts each once.
  const size = 1 << needs.length;
  const persons = new Uint32Array(size);
  const records = new Uint32Array(size);
  const stamp = new Int32Array(size).fill(-2);
  const { personIds } = snapshot;
  for (let i = 0; i < n; i++) {
    const mask = masks[i] as number;
    if (mask <= 0) continue;
    records[mask]!++;
    const person = personIds[i] as number;
    if (person < 0) persons[mask]!++;
    else if (stamp[mask] !== person) {
      stamp[mask] = person;
      persons[mask]!++;
    }
  }
  const labels = needs.map((need) => need.label);
  const ranked = [...Array(size).keys()]
    .filter((mask) => mask > 0 && records[mask]! > 0)
    .sort(
      (a, b) =>
        persons[b]! - persons[a]! ||
        records[b]! - records[a]! ||
        combinationLabel(a, labels).localeCompare(combinationLabel(b, labels)),
    );
  const kept = ranked.slice(0, top);
  const categories = kept.map((mask) => combinationLabel(mask, labels));
  const codeOf = new Int32Array(size).fill(-1);
  kept.forEach((mask, k) => (codeOf[mask] = k));
  const other = categories.length;
  if (ranked.length > kept.length) categories.push(OTHER_COMBINATIONS);
  const none = categories.length;
  if (masks.includes(0)) categories.push(NO_NEEDS);
  // finishColumn's code for Unknown: one past the code for rows without a person.
  const unknown = categories.length + 1;
  const combinations = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    const mask = masks[i] as number;
    if (mask < 0) combinations[i] = unknown;
    else if (mask === 0) combinations[i] = none;
    else combinations[i] = codeOf[mask]! >= 0 ? (codeOf[mask] as number) : other;
  }

  return [
    finishColumn({ name: 'needs_count', kind: 'ordinal', open: false, labels: NEEDS_COUNT_BANDS, codes: counts }),
    finishColumn({ name: 'needs_combination', kind: 'category', open: true, labels: categories, codes: combinations }),
  ];
}
