// What the category list of the combination of needs tells an intruder: the engine keeps the
// most common combinations by persons, in rank order, and pools the rest in "Other combinations"
// (engine/derived/offenderNeeds.ts). So each kept combination has at least the persons of the
// next, the last kept at least those of every pooled one, and each kept one someone; with none
// pooled, a combination not listed has no one. Ties are broken by records, then label: only the
// persons' order is read, which the truth always meets. Left out, the audit's model held worlds
// an intruder rules out, and judged free a pair the ranking narrows.
import { OTHER_COMBINATIONS } from '../../shared/codebook.ts';
import { combinationLabel } from '../engine/derived/offenderNeeds.ts';
import type { Row, Terms } from './linearProgram.ts';
import { type NeedsDerivation, derivationHolds } from './needsDerived.ts';

/** The combination field as published, over the persons the audit counts. */
export interface CombinationRanking {
  /** Every need the engine reads for it, in its order, with its short label. */
  from: NeedsDerivation['from'];
  /** Its categories in the engine's order: the kept combinations by rank, then the pooled and the rest. */
  categories: readonly string[];
}

/**
 * The ranking as rows over the audit's patterns. `masksOf(p)` gives the sets of needs flagged Yes
 * a person of pattern p may have (one where their answers settle it; -1 all unknown, 0 none), or
 * null for a pattern the model holds no one of. Where a pattern may give several, each row is
 * weakened soundly: a kept combination's persons are at most its possible patterns, another's
 * at least its certain ones.
 */
export function rankingRows(
  ranking: CombinationRanking,
  patternCount: number,
  masksOf: (p: number) => readonly number[] | null,
): Row[] {
  if (!derivationHolds({ rule: 'combination', from: ranking.from }, ranking.categories)) return [];
  const labels = ranking.from.map((need) => need.label);
  const maskOf = new Map<string, number>();
  for (let m = 1; m < 1 << labels.length; m++) maskOf.set(combinationLabel(m, labels), m);
  const kept = ranking.categories.flatMap((c) => (maskOf.has(c) ? [maskOf.get(c)!] : []));
  const keptSet = new Set(kept);
  const maybe = new Map<number, number[]>(kept.map((m) => [m, []]));
  const sure = new Map<number, number[]>();
  for (let p = 0; p < patternCount; p++) {
    const masks = masksOf(p);
    if (masks === null) continue;
    for (const m of masks) if (keptSet.has(m)) maybe.get(m)!.push(p);
    const only = masks.length === 1 ? masks[0]! : 0;
    if (only > 0) {
      const list = sure.get(only);
      if (list) list.push(p);
      else sure.set(only, [p]);
    }
  }
  const terms = (plus: readonly number[], minus: readonly number[] = []): Terms => {
    const out = new Map<string, number>();
    for (const p of plus) out.set(`x${p}`, (out.get(`x${p}`) ?? 0) + 1);
    for (const p of minus) out.set(`x${p}`, (out.get(`x${p}`) ?? 0) - 1);
    return out;
  };
  const rows: Row[] = [];
  for (const m of kept) if (maybe.get(m)!.length > 0) rows.push({ terms: terms(maybe.get(m)!), lower: 1 });
  kept.slice(1).forEach((m, i) => {
    const below = sure.get(m);
    if (below) rows.push({ terms: terms(maybe.get(kept[i]!)!, below), lower: 0 });
  });
  const pooledShown = ranking.categories.includes(OTHER_COMBINATIONS);
  const last = kept[kept.length - 1];
  for (const [m, below] of sure) {
    if (keptSet.has(m)) continue;
    if (!pooledShown) rows.push({ terms: terms(below), upper: 0 });
    else if (last !== undefined) rows.push({ terms: terms(maybe.get(last)!, below), lower: 0 });
  }
  return rows;
}
