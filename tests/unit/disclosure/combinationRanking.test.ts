// The ranking rows of the combination of needs (disclosure/combinationRanking.ts) hold in truth:
// on generated offenders (three needs, ties and all), the engine ranks the combinations
// (engine/derived/offenderNeeds.ts) keeping 1 to 7 of them, and the true persons per pattern meet
// every row, whether each need's answers are told apart or merged into one class (then a
// pattern may give several combinations, and the rows are weakened). Told apart, the rows are all
// there: one per kept combination, one per pair of neighbours, one per combination left off.
import { describe, expect, it } from 'vitest';
import { NEEDS } from '../../../shared/codebook.ts';
import { needShortLabel } from '../../../shared/needsCooccurrence.ts';
import { rankingRows } from '../../../src-main/disclosure/combinationRanking.ts';
import type { Row } from '../../../src-main/disclosure/linearProgram.ts';
import { deriveOffenderNeeds } from '../../../src-main/engine/derived/offenderNeeds.ts';
import { packSnapshot } from '../../../src-main/engine/packSnapshot.ts';
import { seededRandom } from '../../helpers/seeded.ts';

const FROM = NEEDS.slice(0, 3).map(([field, label]) => ({ field, label: needShortLabel(label) }));

/** Each person's set of needs (bit k, need k), every record of theirs alike. */
function snapshot(masks: readonly number[]) {
  const records = masks.flatMap((mask, person) => [
    { person, mask },
    { person, mask },
  ]);
  return packSnapshot({
    cohort: 'offenders',
    rowCount: records.length,
    personIds: Int32Array.from(records, (r) => r.person),
    dimensions: FROM.map(({ field }, k) => ({
      name: field,
      kind: 'category' as const,
      open: true,
      labels: ['Yes', 'No'],
      codes: Uint8Array.from(records, (r) => ((r.mask >> k) & 1 ? 0 : 1)),
    })),
    dates: [],
    numbers: [],
    warnings: [],
  });
}

/** Whether the persons per pattern meet a row. */
function meets(row: Row, persons: Float64Array): boolean {
  let sum = 0;
  for (const [name, coefficient] of row.terms) sum += coefficient * persons[Number(name.slice(1))]!;
  return sum >= (row.lower ?? -Infinity) && sum <= (row.upper ?? Infinity);
}

describe('the ranking rows of the combinations', () => {
  for (let seed = 1; seed <= 30; seed++)
    it(`hold in truth, world ${seed}`, () => {
      const random = seededRandom(seed);
      const masks = Array.from({ length: 5 + Math.floor(random() * 25) }, () => Math.floor(random() * 8));
      const top = 1 + Math.floor(random() * 7);
      const column = deriveOffenderNeeds(snapshot(masks), top).find((c) => c.name === 'needs_combination')!;
      const ranking = { from: FROM, categories: column.labels };
      // Per need, told apart (a digit of two classes: Yes, No) or merged (one class, either).
      for (const merged of [0, 1, 2, 4, 5]) {
        const radix = FROM.map((_n, k): number => ((merged >> k) & 1 ? 1 : 2));
        const patternOf = (mask: number): number =>
          radix.reduce((p, r, k) => (r === 1 ? p : p * 2 + ((mask >> k) & 1)), 0);
        const count = radix.reduce((n, r) => n * r, 1);
        const masksOf = (p: number): number[] => [...Array(8).keys()].filter((mask) => patternOf(mask) === p);
        const persons = new Float64Array(count);
        for (const mask of masks) persons[patternOf(mask)]!++;
        const rows = rankingRows(ranking, count, masksOf);
        for (const row of rows) expect(meets(row, persons)).toBe(true);
        if (merged === 0) {
          const kept = column.labels.filter((c) => FROM.some((n) => c.includes(n.label))).length;
          expect(rows.length).toBe(kept + (kept - 1) + (7 - kept));
        }
      }
    });
});
