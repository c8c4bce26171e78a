// The fields the engine computes from a record's needs flags (engine/derived/offenderNeeds.ts),
// read by the needs audit as what they are: a function of the answers. A person with drugs and
// alcohol has two needs, so a table filtered to two needs counts exactly the persons whose
// answers have two Yes; crossed as a free field, it let the audit keep worlds no intruder would.
// The engine derives them per record: read so only where a person's records agree on the needs
// (the caller asks the engine), since the audit gives each person one answer pattern.
import { NEEDS_COUNT_BANDS, NO_NEEDS, NO_PERSON_KEY, OTHER_COMBINATIONS, UNKNOWN } from '../../shared/codebook.ts';
import { combinationLabel } from '../engine/derived/offenderNeeds.ts';

/** How a field is computed from the needs: how many are Yes, or which. */
export type NeedsRule = 'count' | 'combination';

/** The engine's fields computed from the needs, by their rule. */
export const FIELDS_DERIVED_FROM_NEEDS: Readonly<Record<string, NeedsRule>> = {
  needs_count: 'count',
  needs_combination: 'combination',
};

/** A field computed from the needs: its rule, and every need it reads, in the engine's order. */
export interface NeedsDerivation {
  rule: NeedsRule;
  /** Each need the engine reads for it (all the dataset holds, in the codebook's order), with its short label. */
  from: ReadonlyArray<{ field: string; label: string }>;
}

/** The answers a person's need may be, as the engine reads them: Yes, Unknown, or anything else. */
export interface NeedStates {
  yes: boolean;
  no: boolean;
  unknown: boolean;
}

export const ANY_STATE: NeedStates = { yes: true, no: true, unknown: true };

/** The states of a set of a need's categories: the engine counts Yes, and Unknown apart. */
export function statesOf(categories: readonly string[]): NeedStates {
  return {
    yes: categories.includes('Yes'),
    unknown: categories.includes(UNKNOWN),
    no: categories.some((c) => c !== 'Yes' && c !== UNKNOWN),
  };
}

/** Per mask of needs flagged Yes (not 0), the category the engine gives it among `categories`. */
function categoryOfMask(derivation: NeedsDerivation, categories: readonly string[]): (mask: number) => string {
  if (derivation.rule === 'count') {
    const bands = NEEDS_COUNT_BANDS.length;
    return (mask) => {
      let bits = 0;
      for (let m = mask; m !== 0; m &= m - 1) bits++;
      return NEEDS_COUNT_BANDS[Math.min(bits, bands - 1)]!;
    };
  }
  // The most common combinations keep their label, every other one is pooled.
  const labels = derivation.from.map((need) => need.label);
  const kept = new Set(categories);
  return (mask) => {
    const label = combinationLabel(mask, labels);
    return kept.has(label) ? label : OTHER_COMBINATIONS;
  };
}

/**
 * Whether every category of the field is one the rule can give: a combination label made of
 * other needs (or other labels) would hold persons the audit could not place; a field of no
 * categories, none at all.
 */
export function derivationHolds(derivation: NeedsDerivation, categories: readonly string[]): boolean {
  const from = derivation.from.length;
  if (from === 0 || from > 16 || categories.length === 0) return false;
  const made = new Set<string>([NO_NEEDS, UNKNOWN, NO_PERSON_KEY, OTHER_COMBINATIONS, ...NEEDS_COUNT_BANDS]);
  if (derivation.rule === 'combination') {
    const labels = derivation.from.map((need) => need.label);
    for (let mask = 1; mask < 1 << from; mask++) made.add(combinationLabel(mask, labels));
  }
  return categories.every((c) => made.has(c));
}

/**
 * The records a person's answers may be, as the engine reads them: each set of needs flagged Yes
 * (a mask), or -1 for a record whose every need is unknown. The derived fields depend on nothing
 * else, so a class that merges Yes, No and Unknown is enumerated over these, never over 3^k.
 */
export function possibleMasks(states: readonly NeedStates[]): number[] {
  let mayYes = 0;
  let mayNotYes = 0;
  states.forEach((s, k) => {
    if (s.yes) mayYes |= 1 << k;
    if (s.no || s.unknown) mayNotYes |= 1 << k;
  });
  const all = (1 << states.length) - 1;
  const mustYes = all & ~mayNotYes;
  const out: number[] = [];
  // Every set of needs flagged Yes: it holds each that must be, and only those that may be.
  for (let mask = mayYes; ; mask = (mask - 1) & mayYes) {
    if ((mask & mustYes) === mustYes) {
      if (mask !== 0) out.push(mask);
      else {
        if (states.every((s) => s.unknown)) out.push(-1);
        if (states.some((s) => s.no)) out.push(0);
      }
    }
    if (mask === 0) break;
  }
  return out;
}

/** Per mask of `possibleMasks`, the category the engine gives the derived field among `categories`. */
export function categoryOf(derivation: NeedsDerivation, categories: readonly string[]): (mask: number) => string {
  const of = categoryOfMask(derivation, categories);
  const none = derivation.rule === 'count' ? NEEDS_COUNT_BANDS[0] : NO_NEEDS;
  return (mask) => (mask < 0 ? UNKNOWN : mask === 0 ? none : of(mask));
}

/**
 * The categories a person may have of the derived field, given per need of `derivation.from` the
 * states their answer may be: every way to answer, as the engine reads it (a record whose every
 * need is unknown is Unknown; otherwise unknown answers count as no need).
 */
export function derivedCategories(
  derivation: NeedsDerivation,
  categories: readonly string[],
  states: readonly NeedStates[],
): Set<string> {
  return new Set(possibleMasks(states).map(categoryOf(derivation, categories)));
}
