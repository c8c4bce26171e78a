// A table filtered on a field and on one computed from it (the LSOA and its district), both read
// as sets of classes, counts a person where one record of theirs meets both filters. The sets
// alone often settle it: a person of LSOAs L1 and L3 and districts D1 and D2, where only L2 of the
// kept LSOAs lies in D2, has no record of a kept LSOA in D2 however their records pair. Where the
// sets leave it to the records, the model holds no such person: a restriction, so still sound.

/** Per pair of set digits (source × derived): 1 counted, 0 not, −1 their records decide. */
export type OneRecordVerdicts = Int8Array;

/** The classes of a set digit: the bits of its mask. */
function classesOf(bits: number): number[] {
  const out: number[] = [];
  for (let c = 0; bits >> c !== 0; c++) if ((bits >> c) & 1) out.push(c);
  return out;
}

/**
 * `gives`: per source class, the derived classes one record may pair it with; `keptSource` and
 * `keptDerived`: the classes the cell keeps of each. A person is surely counted where some class
 * of theirs kept of one field pairs, among their classes of the other, only with kept ones (the
 * record that gives it meets both), surely not where no kept class of theirs pairs with a kept one.
 * `masks`: per digit of a field, its classes as bits, where its digits are not every non-empty
 * set (digit d, the bits of d + 1).
 */
export function oneRecordVerdicts(
  gives: ReadonlyMap<number, ReadonlySet<number>>,
  radixSource: number,
  radixDerived: number,
  keptSource: ReadonlySet<number>,
  keptDerived: ReadonlySet<number>,
  masks: { source?: readonly number[]; derived?: readonly number[] } = {},
): OneRecordVerdicts {
  const pairs = (s: number, d: number): boolean => gives.get(s)?.has(d) ?? false;
  const out = new Int8Array(radixSource * radixDerived);
  for (let ds = 0; ds < radixSource; ds++) {
    const sources = classesOf(masks.source?.[ds] ?? ds + 1);
    for (let dd = 0; dd < radixDerived; dd++) {
      const derived = classesOf(masks.derived?.[dd] ?? dd + 1);
      const keptS = sources.filter((s) => keptSource.has(s));
      const keptD = derived.filter((d) => keptDerived.has(d));
      const meets = keptS.some((s) => keptD.some((d) => pairs(s, d)));
      const surely =
        keptD.some((d) => {
          const partners = sources.filter((s) => pairs(s, d));
          return partners.length > 0 && partners.every((s) => keptSource.has(s));
        }) ||
        keptS.some((s) => {
          const partners = derived.filter((d) => pairs(s, d));
          return partners.length > 0 && partners.every((d) => keptDerived.has(d));
        });
      out[ds * radixDerived + dd] = !meets ? 0 : surely ? 1 : -1;
    }
  }
  return out;
}
