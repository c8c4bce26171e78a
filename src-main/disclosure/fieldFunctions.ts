// Filter fields the needs audit crosses that are computed from another crossed field: the
// financial year of a month (the importer derives both from the record's date), the district of
// an LSOA (the ONS lookup; the extract gives both). Crossed as if independent, the audit kept worlds with a person of March 2019 in
// 2019/20, which no intruder needs to consider, and a count free there could be narrowed in
// truth. Here a derived field is read as what it is: per record, one of the pairs of (source,
// derived) categories its source allows.
import { UNKNOWN, financialYearOf } from '../../shared/codebook.ts';

/** A crossed field computed from another crossed field, record by record. */
export interface FieldFunction {
  /** The field it is computed from. */
  of: string;
  /** The (source category, derived category) pairs one record may have. */
  pairs: ReadonlyArray<readonly [string, string]>;
}

/**
 * Fields computed from another by a lookup the app does not hold beside the records (the
 * district of an LSOA, ONS's): read as the pairs the records hold, per field its source. Where
 * the extract agrees with the lookup those are some of the lookup's pairs, so the model stays a
 * restriction of the worlds an intruder who knows the lookup allows; the records always fit it.
 */
export const FIELDS_PAIRED_IN_RECORDS: Readonly<Record<string, string>> = { district: 'lsoa' };

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * The pairs of months and financial years a record may have, as the importer derives them from
 * its date (April to March); no date gives neither. A month label of another form (none the
 * importer makes) may lie in any year.
 */
export function monthYearPairs(months: readonly string[], years: readonly string[]): FieldFunction {
  const pairs = months.flatMap((month): Array<readonly [string, string]> => {
    if (MONTH.test(month)) return [[month, financialYearOf(`${month}-01`)]];
    if (month === UNKNOWN) return [[month, UNKNOWN]];
    return years.map((year) => [month, year] as const);
  });
  return { of: 'month', pairs };
}

/**
 * Per pair of digits of the source and the derived field (a class, or where the field is read as
 * sets, digit d the classes of the bits of `masks[d]`, else of d + 1), whether one person may have both: each class
 * of theirs of the derived field given by a record of one of their source classes, and each
 * source class giving one of their derived classes (a person of months in March and April has
 * the years of both, each year of some month of theirs). A category with no pair among the
 * other field's categories (a month whose year is not among the years, an LSOA an earlier table
 * counted that the records no longer hold) is unrestricted: its class may go with any class of
 * the other field, as if the two were independent, rather than allow nobody and refuse data the
 * records cannot be checked against.
 */
/** A field's digits in a pattern: its classes, how many digits, and, read as sets, each digit's classes. */
interface Digits {
  classOf: ReadonlyMap<string, number>;
  radix: number;
  sets: boolean;
  /** Per digit, its classes as bits, where not every non-empty set (d + 1) is a digit. */
  masks?: readonly number[];
}

export function functionAllows(fn: FieldFunction, source: Digits, derived: Digits): Uint8Array {
  const gives = classPairs(fn, source.classOf, derived.classOf);
  const classesOf = (digit: number, { sets, masks }: Digits): number[] => {
    if (!sets) return [digit];
    const bits = masks?.[digit] ?? digit + 1;
    const out: number[] = [];
    for (let c = 0; bits >> c !== 0; c++) if ((bits >> c) & 1) out.push(c);
    return out;
  };
  const out = new Uint8Array(source.radix * derived.radix);
  for (let s = 0; s < source.radix; s++) {
    const from = classesOf(s, source).map((c) => gives.get(c) ?? new Set<number>());
    for (let d = 0; d < derived.radix; d++) {
      const to = classesOf(d, derived);
      const each = to.every((t) => from.some((g) => g.has(t))) && from.every((g) => to.some((t) => g.has(t)));
      out[s * derived.radix + d] = each ? 1 : 0;
    }
  }
  return out;
}

/**
 * Per class of the source field, the classes of the derived field one record may pair it with: a
 * category with no pair among the other field's categories pairs with every class, as above.
 */
export function classPairs(
  fn: FieldFunction,
  sourceClassOf: ReadonlyMap<string, number>,
  derivedClassOf: ReadonlyMap<string, number>,
): Map<number, Set<number>> {
  const sourceClasses = [...new Set(sourceClassOf.values())];
  const derivedClasses = [...new Set(derivedClassOf.values())];
  // Per source class, the derived classes its categories' records may have.
  const gives = new Map<number, Set<number>>(sourceClasses.map((s) => [s, new Set<number>()]));
  const pairedSource = new Set<string>();
  const pairedDerived = new Set<string>();
  for (const [from, to] of fn.pairs) {
    const s = sourceClassOf.get(from);
    const d = derivedClassOf.get(to);
    if (s === undefined || d === undefined) continue;
    pairedSource.add(from);
    pairedDerived.add(to);
    gives.get(s)!.add(d);
  }
  for (const [category, s] of sourceClassOf)
    if (!pairedSource.has(category)) for (const d of derivedClasses) gives.get(s)!.add(d);
  for (const [category, d] of derivedClassOf)
    if (!pairedDerived.has(category)) for (const s of sourceClasses) gives.get(s)!.add(d);
  return gives;
}
