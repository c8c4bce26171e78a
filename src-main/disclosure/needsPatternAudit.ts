// The proof that a needs matrix leaves no small count to be worked out, as an intruder would
// try it: every printed number of the matrix's pieces and of the release's earlier tables over
// the same filters and needs is a sum of persons per answer pattern (one answer per need, one
// category per crossed field each person has one of, such as sex, and the set of categories
// they have records in per crossed field of records, such as service, so that panels and the
// whole matrix are sums over the same unknowns; a field computed from the needs, such as their
// number, only in the category the answers imply, where the caller finds the needs alike on each
// person's records), and a linear program over those persons bounds each hidden small count. A rounded number is no exact sum: it holds its persons within the values that
// round to it. The release links a piece only with tables one field away, so three printed
// pairs could bound a fourth unseen; here all of them are read together. Where a hidden small
// count is held below its value plus the protection, a printed piece is hidden next (the
// smallest whose hiding frees it, else the one that frees it most), until none is; where the
// earlier outputs alone hold it there, its piece is refused (not published at all). An earlier
// output's count that no piece over its answers frees may be narrowed through the total (a
// count over other answers is the whole less its own): every printed piece is tried for it,
// hidden greedily, and where hiding them one by one frees it no further, those that narrow it
// are refused. The model (per person, needs alike on every record) is a
// restriction of the worlds an intruder must allow: wherever its program has a solution, its
// bound is at most the intruder's, so a count free in it is free. Where the matrix's printed
// pieces make it allow no persons (a pair counted on one record, the generator drawing needs per
// record), pieces are hidden until it allows some. Where the earlier outputs alone allow none,
// nothing can be proven: every piece is refused, and no hidden count is taken as safe.
import type { Row } from './linearProgram.ts';
import { openRowTrials } from './rowTrials.ts';
import { type PatternBounds, type Proofs, firstNarrowed, openPatternBounds } from './patternBounds.ts';
import {
  ANY_STATE,
  type NeedStates,
  type NeedsDerivation,
  categoryOf,
  derivationHolds,
  possibleMasks,
  statesOf,
} from './needsDerived.ts';
import { type FieldFunction, classPairs, functionAllows } from './fieldFunctions.ts';
import { type OneRecordVerdicts, oneRecordVerdicts } from './oneRecordVerdicts.ts';
import { type CombinationRanking, rankingRows } from './combinationRanking.ts';

/** A need and its categories (the answers a person may give), or a filter field crossed with the needs. */
export interface AuditedNeed {
  field: string;
  categories: readonly string[];
  /** A filter field (sex, age band, service) rather than a need: panels over it are sums of the whole. */
  crossed?: boolean;
  /**
   * A crossed field a person's records may lie in several categories of (service, age band): a
   * person's class is the set of its categories they have records in, and a table filtered to
   * some of them counts the persons whose set meets those.
   */
  sets?: boolean;
  /**
   * A crossed field computed from the needs (the number of needs, their combination): each
   * person's category is the one their answers imply, not a free answer (the caller gives it
   * only where the needs are alike on each person's records). Where a category is none the rule
   * gives, it is crossed as a free answer, as any other field.
   */
  derived?: NeedsDerivation;
  /**
   * A crossed field computed from another crossed field (the financial year of the month): a
   * person's classes of it are those their records' source categories give, never a free answer.
   */
  computed?: FieldFunction;
  /**
   * The crossed fields, one computed from the other (the district beside the LSOA), that a table
   * filters on together where its filters could not be folded into one (a kept LSOA of two
   * districts): it counts persons with one record meeting both. Fields apart need no such mark:
   * a person whose services meet one filter and age bands the other may hold a record of every
   * pair, so reading each filter as met by some record is a real world. Computed fields cannot
   * pair freely: a person of LSOAs L1 and L3 and districts D1 and D2 may have no record of a kept
   * LSOA in a kept district although both sets meet the filters. Such a person is counted where
   * their sets settle it (oneRecordVerdicts.ts: a mover from L1 in D1 to L3 in D2 is not counted
   * in "L1 or L2, and D2" where L1 lies in D1 alone), and the model holds none whose sets leave it
   * to their records: a restriction, so every world of it is a real one.
   */
  onRecordsWith?: readonly string[];
}

/**
 * The most classes a field of sets is modelled over (2^k − 1 sets, each a factor of the
 * patterns); beyond, each person is given one of its classes (or one per class of a field
 * computed from it: setMasks): still a restriction of the worlds an intruder allows, which fails
 * closed where the earlier outputs then allow no persons.
 */
export const MOST_SET_CLASSES = 4;

/**
 * The most digits a field of records over more classes is modelled with where a field computed
 * from it parts its classes (the months by their year): per class of that field, one of the
 * source's classes or none, so a person of months in two years holds one class of each year's.
 */
export const MOST_PICK_DIGITS = (1 << (MOST_SET_CLASSES + 1)) - 1;

/** A printed or hidden number of an audited table, its key on need fields alone. */
export interface AuditedCell {
  key: Readonly<Record<string, string>>;
  value: number;
  shown: number | null;
}

export interface AuditedTable {
  /** Names an earlier output in reasons: "‘Drugs’, exported 2026-12-05". */
  label: string;
  /** The categories its filters keep, per need field (the shared filters are left out). */
  scope: Readonly<Record<string, readonly string[]>>;
  cells: readonly AuditedCell[];
  /** A piece of the matrix being published: may still be hidden or refused. */
  piece: boolean;
  /** Its printed numbers are rounded to this base (nearest multiple, as roundToBase does). */
  base?: number | null;
}

export interface PatternAuditInput {
  needs: readonly AuditedNeed[];
  tables: readonly AuditedTable[];
  /** Counts above 0 and below this are small. */
  threshold: number;
  /** A hidden small count must be possible up to its value plus this. */
  protection: number;
  /**
   * The combination field's published categories, where its ranking counts the persons the audit
   * does (every record keyed, needs alike on a person's records, no filter but categories): read
   * by every program, as the earlier outputs are.
   */
  ranking?: CombinationRanking;
}

export interface PatternAuditResult {
  /** Pieces (indexes into `tables`) to hide in full: hiding them protects the small counts. */
  hidden: number[];
  /** Pieces refused: the earlier outputs named alone give their small count away. */
  refused: Array<{ table: number; because: string[] }>;
  /**
   * Pieces refused because, printed, they would narrow an earlier output's hidden small count
   * that the earlier outputs alone leave free, where hiding pieces one by one freed it no further.
   */
  withheld: number[];
  /**
   * Per hidden small count of an earlier output (not a piece) that the printed numbers of the
   * tables that are no pieces (the earlier outputs, with the matrix's persons) hold below its
   * value plus the protection alone, that output's label: nothing the matrix hides can mend it.
   */
  lostEarlier: LostEarlier[];
  /**
   * Present when the earlier outputs' printed numbers alone allow no persons (their program has
   * no solution): the model of one answer pattern per person does not describe them, so it proves
   * nothing, and every piece is refused (these indexes) rather than any count taken as settled.
   */
  unmodelled?: number[];
  /**
   * Why `unmodelled`: the earlier outputs fit no persons of the model ('unfit'), or they narrow a
   * hidden count in a model that holds fewer worlds than the data ('restricted').
   */
  unmodelledWhy?: 'unfit' | 'restricted';
}

export interface LostEarlier {
  label: string;
  /** Always the earlier outputs alone: what the matrix's numbers narrow is hidden or withheld. */
  through: 'earlier';
}

/** Patterns of persons: per need, its categories merged where no audited number tells them apart. */
interface Patterns {
  count: number;
  /** Per need, per category, its class; and the classes per need (the radix). */
  classOf: Array<Map<string, number>>;
  radix: number[];
  /** Per need, whether its digit is a set of classes (the bits of `masks[k][d]`). */
  sets: boolean[];
  /** Per need read as sets, per digit, its classes as bits (every non-empty set, or picks); else null. */
  masks: Array<number[] | null>;
}

/**
 * Whether a cell's key lies within its table's own filters: a piece filtered to Yes still
 * lists its No and Unknown cells, which count nobody and tell no answers apart.
 */
function withinScope(table: AuditedTable, cell: AuditedCell): boolean {
  return Object.entries(cell.key).every(([field, category]) => table.scope[field]?.includes(category) ?? true);
}

function patternsOf(input: PatternAuditInput): Patterns {
  const classOf: Array<Map<string, number>> = [];
  for (const need of input.needs) {
    // A category's signature: in which of the audited conditions on this need it lies.
    const signature = new Map<string, string>(need.categories.map((c) => [c, '']));
    const mark = (kept: readonly string[]): void => {
      for (const c of need.categories) signature.set(c, signature.get(c)! + (kept.includes(c) ? '1' : '0'));
    };
    for (const table of input.tables) {
      const scoped = table.scope[need.field];
      if (scoped) mark(scoped);
      for (const cell of table.cells)
        if (cell.key[need.field] !== undefined && withinScope(table, cell)) mark([cell.key[need.field]!]);
    }
    const classes = new Map<string, number>();
    const own = new Map<string, number>();
    for (const c of need.categories) {
      const s = signature.get(c)!;
      if (!classes.has(s)) classes.set(s, classes.size);
      own.set(c, classes.get(s)!);
    }
    classOf.push(own);
  }
  const masks = input.needs.map((_need, k) => setMasks(input.needs, k, classOf));
  const radix = masks.map((m, k) => m?.length ?? Math.max(1, new Set(classOf[k]!.values()).size));
  const sets = masks.map((m) => m !== null);
  return { count: radix.reduce((n, r) => n * r, 1), classOf, radix, sets, masks };
}

/**
 * The sets of classes a person may hold of a field of records, as bits: every non-empty one up to
 * MOST_SET_CLASSES classes. Beyond, where a field computed from it gives each of its classes one
 * class (the year of the months), one class or none per class of that field: a person of March
 * and April 2019 holds one class of each year's months, a real world, and the year follows. Else
 * (or beyond MOST_PICK_DIGITS) null: one class per person, still a restriction of the worlds an
 * intruder allows, which fails closed where the earlier outputs then allow no persons. A field
 * computed from the needs is one category per person: their needs are one pattern.
 */
function setMasks(needs: readonly AuditedNeed[], k: number, classOf: ReadonlyArray<Map<string, number>>) {
  const need = needs[k]!;
  const size = new Set(classOf[k]!.values()).size;
  if (need.sets !== true || need.derived || size <= 1) return null;
  if (size <= MOST_SET_CLASSES) return Array.from({ length: (1 << size) - 1 }, (_v, d) => d + 1);
  const j = needs.findIndex((other) => other.crossed && other.computed?.of === need.field);
  if (!need.crossed || j < 0 || j === k) return null;
  const gives = classPairs(needs[j]!.computed!, classOf[k]!, classOf[j]!);
  const parts = new Map<number, number[]>();
  for (const [source, derived] of gives) {
    if (derived.size !== 1) return null;
    const [part] = derived;
    parts.set(part!, [...(parts.get(part!) ?? []), source]);
  }
  if ([...parts.values()].reduce((n, part) => n * (part.length + 1), 1) - 1 > MOST_PICK_DIGITS) return null;
  // Each part adds none or one of its classes to every choice so far.
  let choices = [0];
  for (const part of parts.values()) choices = choices.flatMap((m) => [m, ...part.map((c) => m | (1 << c))]);
  return choices.filter((m) => m !== 0);
}

/**
 * Per pattern, whether a person may have it: each field computed from the needs in the category
 * the pattern's answers imply (any of those they may imply, where an answer's class merges Yes,
 * No or Unknown, or a need it reads is not audited), and each field computed from another crossed
 * field in the classes its source classes give (fieldFunctions.ts). Fields computed from the same
 * needs are read together, as pairs of categories one record gives: no answers give the number of
 * needs 0 and the combination Unknown at once. Null where every pattern may be.
 */
function possiblePatterns(patterns: Patterns, needs: readonly AuditedNeed[], answers: Int32Array): Uint8Array | null {
  const fromNeeds = possibleByNeeds(patterns, needs, answers);
  const fromFields = possibleByFields(patterns, needs);
  if (fromNeeds === null || fromFields === null) return fromNeeds ?? fromFields;
  for (let p = 0; p < patterns.count; p++) fromNeeds[p] = fromNeeds[p]! & fromFields[p]!;
  return fromNeeds;
}

/**
 * Per pattern, whether its digits of each computed field and its source go together. A field of
 * records over MOST_SET_CLASSES (one class per person, or one per year: setMasks) is read the
 * same way: their years are those their classes of months give. Crossed as if independent, the
 * model held persons of March 2019 in 2019/20, no world an intruder allows, and a count free
 * there could be narrowed in truth. Data whose persons span more classes than the model holds
 * may then fit no pattern: the audit fails closed (hides pieces, or refuses them).
 */
function possibleByFields(patterns: Patterns, needs: readonly AuditedNeed[]): Uint8Array | null {
  const at = new Map(needs.flatMap((need, k) => (need.crossed ? [[need.field, k] as const] : [])));
  const rules = needs.flatMap((need, k) => {
    const s = need.crossed && need.computed ? at.get(need.computed.of) : undefined;
    if (s === undefined || s === k) return [];
    const digit = (j: number) => ({
      classOf: patterns.classOf[j]!,
      radix: patterns.radix[j]!,
      sets: patterns.sets[j]!,
      masks: patterns.masks[j] ?? undefined,
    });
    return [{ s, d: k, allows: functionAllows(need.computed!, digit(s), digit(k)) }];
  });
  if (rules.length === 0) return null;
  // The place value of each field's digit in a pattern's index.
  const scale: number[] = [];
  patterns.radix.reduce((n, r) => (scale.push(n), n * r), 1);
  const digitOf = (p: number, k: number): number => Math.floor(p / scale[k]!) % patterns.radix[k]!;
  const out = new Uint8Array(patterns.count);
  for (let p = 0; p < patterns.count; p++)
    out[p] = rules.every(({ s, d, allows }) => allows[digitOf(p, s) * patterns.radix[d]! + digitOf(p, d)] === 1)
      ? 1
      : 0;
  return out;
}

/** Per pattern, whether its fields computed from the needs are those its answers may give. */
function possibleByNeeds(patterns: Patterns, needs: readonly AuditedNeed[], answers: Int32Array): Uint8Array | null {
  const derived = needs.flatMap((need, k) =>
    need.crossed && need.derived && derivationHolds(need.derived, need.categories) ? [k] : [],
  );
  if (derived.length === 0) return null;
  // Per need, per class, the states its categories may be.
  const statesByClass = needs.map((need, k) => {
    const byClass = new Map<number, string[]>();
    for (const c of need.categories) {
      const cls = patterns.classOf[k]!.get(c)!;
      byClass.set(cls, [...(byClass.get(cls) ?? []), c]);
    }
    return new Map([...byClass].map(([cls, cats]) => [cls, statesOf(cats)]));
  });
  const needAt = new Map(needs.flatMap((need, k) => (need.crossed ? [] : [[need.field, k] as const])));
  // Fields read from the same needs are read together; a field from other needs, on its own.
  const groups = new Map<string, number[]>();
  for (const d of derived) {
    const id = JSON.stringify(needs[d]!.derived!.from.map((n) => n.field));
    groups.set(id, [...(groups.get(id) ?? []), d]);
  }
  const out = new Uint8Array(patterns.count);
  // Per group, the tuples of derived classes a pattern's answers allow: the same for every
  // pattern with the same answers, so kept by them.
  const allowedByAnswers = new Map<number, Array<Set<string>>>();
  const digits = new Array<number>(needs.length);
  for (let p = 0; p < patterns.count; p++) {
    let rest = p;
    for (let k = 0; k < needs.length; k++) {
      digits[k] = rest % patterns.radix[k]!;
      rest = Math.floor(rest / patterns.radix[k]!);
    }
    let allowed = allowedByAnswers.get(answers[p]!);
    if (allowed === undefined) {
      allowed = [...groups.values()].map((group) => {
        const states: NeedStates[] = needs[group[0]!]!.derived!.from.map(({ field }) => {
          const k = needAt.get(field);
          return k === undefined ? ANY_STATE : statesByClass[k]!.get(digits[k]!)!;
        });
        const of = group.map((d) => ({ d, category: categoryOf(needs[d]!.derived!, needs[d]!.categories) }));
        const tuples = new Set<string>();
        for (const mask of possibleMasks(states)) {
          const classes = of.map(({ d, category }) => patterns.classOf[d]!.get(category(mask)));
          // A category outside the field's own holds no persons of the audited tables.
          if (classes.every((c) => c !== undefined)) tuples.add(classes.join(','));
        }
        return tuples;
      });
      allowedByAnswers.set(answers[p]!, allowed);
    }
    out[p] = [...groups.values()].every((group, g) => allowed[g]!.has(group.map((d) => digits[d]).join(','))) ? 1 : 0;
  }
  return out;
}

/**
 * The ranking of the combinations as rows: per pattern, the sets of needs flagged Yes its answers
 * may give (its classes of each need the combination reads; any, where a need is not audited).
 */
function rankedRows(
  patterns: Patterns,
  needs: readonly AuditedNeed[],
  answers: Int32Array,
  possible: Uint8Array | null,
  ranking: CombinationRanking | undefined,
): Row[] {
  if (ranking === undefined) return [];
  const needAt = new Map(needs.flatMap((need, k) => (need.crossed ? [] : [[need.field, k] as const])));
  const classStates = needs.map((need, k) => {
    const byClass = new Map<number, string[]>();
    for (const c of need.categories) {
      const cls = patterns.classOf[k]!.get(c)!;
      byClass.set(cls, [...(byClass.get(cls) ?? []), c]);
    }
    return new Map([...byClass].map(([cls, cats]) => [cls, statesOf(cats)]));
  });
  const byAnswers = new Map<number, number[]>();
  return rankingRows(ranking, patterns.count, (p) => {
    if (possible !== null && possible[p] === 0) return null;
    let masks = byAnswers.get(answers[p]!);
    if (masks === undefined) {
      const states = ranking.from.map(({ field }) => {
        const k = needAt.get(field);
        if (k === undefined) return ANY_STATE;
        let rest = p;
        for (let j = 0; j < k; j++) rest = Math.floor(rest / patterns.radix[j]!);
        return classStates[k]!.get(rest % patterns.radix[k]!)!;
      });
      byAnswers.set(answers[p]!, (masks = possibleMasks(states)));
    }
    return masks;
  });
}

/** A cell filtering both a field and one computed from it, both sets: its verdict per pair of digits. */
interface OneRecordCheck {
  source: number;
  derived: number;
  verdicts: OneRecordVerdicts;
}

/** The classes of field k a cell keeps (its table's scope and its key); null where it keeps all. */
function keptClasses(patterns: Patterns, need: AuditedNeed, k: number, table: AuditedTable, cell: AuditedCell) {
  const scoped = table.scope[need.field];
  const keyed = cell.key[need.field];
  if (scoped === undefined && keyed === undefined) return null;
  const out = new Set<number>();
  for (const c of need.categories)
    if ((!scoped || scoped.includes(c)) && (keyed === undefined || keyed === c)) out.add(patterns.classOf[k]!.get(c)!);
  return out;
}

/**
 * The fields read on one record (`onRecordsWith`) that a cell filters both of, where both are
 * sets: whether each person counts is then the verdict of oneRecordVerdicts.ts, not their sets'.
 */
function oneRecordChecks(
  patterns: Patterns,
  needs: readonly AuditedNeed[],
  table: AuditedTable,
  cell: AuditedCell,
): OneRecordCheck[] {
  const at = new Map(needs.flatMap((need, k) => (need.crossed ? [[need.field, k] as const] : [])));
  return needs.flatMap((need, d) => {
    const fn = need.crossed ? need.computed : undefined;
    const s = fn !== undefined && need.onRecordsWith?.includes(fn.of) ? at.get(fn.of) : undefined;
    if (fn === undefined || s === undefined || s === d || !patterns.sets[s] || !patterns.sets[d]) return [];
    const keptSource = keptClasses(patterns, needs[s]!, s, table, cell);
    const keptDerived = keptClasses(patterns, need, d, table, cell);
    if (keptSource === null || keptDerived === null) return [];
    const gives = classPairs(fn, patterns.classOf[s]!, patterns.classOf[d]!);
    const masks = { source: patterns.masks[s]!, derived: patterns.masks[d]! };
    const verdicts = oneRecordVerdicts(gives, patterns.radix[s]!, patterns.radix[d]!, keptSource, keptDerived, masks);
    return [{ source: s, derived: d, verdicts }];
  });
}

/** The verdict of a check on pattern p: 1 counted, 0 not, −1 its records decide. */
function verdictOf(patterns: Patterns, check: OneRecordCheck, p: number): number {
  const digit = (k: number): number => {
    let rest = p;
    for (let j = 0; j < k; j++) rest = Math.floor(rest / patterns.radix[j]!);
    return rest % patterns.radix[k]!;
  };
  return check.verdicts[digit(check.source) * patterns.radix[check.derived]! + digit(check.derived)]!;
}

/**
 * The possible patterns less those a cell filtering both fields read on one record cannot
 * decide: the model holds no such person (a restriction, so a count free in it is free).
 */
function withoutUndecided(
  patterns: Patterns,
  possible: Uint8Array | null,
  checks: readonly OneRecordCheck[],
): Uint8Array | null {
  if (checks.length === 0) return possible;
  const out = possible ?? new Uint8Array(patterns.count).fill(1);
  for (let p = 0; p < patterns.count; p++)
    if (out[p] === 1 && checks.some((check) => verdictOf(patterns, check, p) === -1)) out[p] = 0;
  return out;
}

/** The patterns whose persons fall in a cell of a table: its scope and key, need by need. */
function cellPatterns(
  patterns: Patterns,
  needs: readonly AuditedNeed[],
  table: AuditedTable,
  cell: AuditedCell,
  possible: Uint8Array | null,
  checks: readonly OneRecordCheck[] = [],
) {
  const allowed = needs.map((need, k) => {
    const kept = new Set(need.categories);
    const scoped = table.scope[need.field];
    const keyed = cell.key[need.field];
    const classes = new Set<number>();
    for (const c of kept)
      if ((!scoped || scoped.includes(c)) && (keyed === undefined || keyed === c))
        classes.add(patterns.classOf[k]!.get(c)!);
    if (!patterns.sets[k]) return classes;
    // A set of classes is in the cell where it meets the classes the cell keeps.
    let mask = 0;
    for (const c of classes) mask |= 1 << c;
    const meeting = new Set<number>();
    const masks = patterns.masks[k]!;
    for (let d = 0; d < masks.length; d++) if ((masks[d]! & mask) !== 0) meeting.add(d);
    return meeting;
  });
  const out: number[] = [];
  for (let p = 0; p < patterns.count; p++) {
    if (possible !== null && possible[p] === 0) continue;
    let rest = p;
    let inside = true;
    for (let k = 0; k < patterns.radix.length && inside; k++) {
      const r = patterns.radix[k]!;
      inside = allowed[k]!.has(rest % r);
      rest = Math.floor(rest / r);
    }
    if (inside && checks.every((check) => verdictOf(patterns, check, p) === 1)) out.push(p);
  }
  return out;
}

interface AuditedNumber {
  table: number;
  value: number;
  shown: number | null;
  /** What the printed number tells of its persons: exactly `shown`, or the values that round to it. */
  lower: number;
  upper: number;
  patterns: number[];
  id: string;
}

/** The whole counts that `roundToBase` prints as `shown`: round half up, so [r − b/2, r + b/2). */
export function roundedRange(shown: number, base: number | null | undefined): { lower: number; upper: number } {
  if (!base || base <= 1) return { lower: shown, upper: shown };
  return { lower: Math.max(0, Math.ceil(shown - base / 2)), upper: Math.ceil(shown + base / 2) - 1 };
}

/** The most persons the printed numbers allow in `target`'s patterns; Infinity when nothing bounds them. */
/** Per pattern, the same pattern with every crossed field's class dropped: whose needs' answers it is. */
function answersOf(patterns: Patterns, needs: readonly AuditedNeed[]): Int32Array {
  const out = new Int32Array(patterns.count);
  for (let p = 0; p < patterns.count; p++) {
    let rest = p;
    let answers = 0;
    let scale = 1;
    for (let k = 0; k < patterns.radix.length; k++) {
      const r = patterns.radix[k]!;
      if (!needs[k]!.crossed) {
        answers += (rest % r) * scale;
        scale *= r;
      }
      rest = Math.floor(rest / r);
    }
    out[p] = answers;
  }
  return out;
}

export async function auditNeedsPatterns(input: PatternAuditInput): Promise<PatternAuditResult> {
  const patterns = patternsOf(input);
  const answers = answersOf(patterns, input.needs);
  const checks = input.tables.map((table) =>
    table.cells.map((cell) => oneRecordChecks(patterns, input.needs, table, cell)),
  );
  const allowed = possiblePatterns(patterns, input.needs, answers);
  // Copied: the one-record checks take patterns out in place.
  const possible = withoutUndecided(patterns, allowed?.slice() ?? null, checks.flat(2));
  const restricted = holdsFewerThanData(patterns, input.needs, allowed, possible);
  // Known from the category list alone, as the earlier outputs are: in every program.
  const ranked = rankedRows(patterns, input.needs, answers, possible, input.ranking);
  const numbers: AuditedNumber[] = input.tables.flatMap((table, t) =>
    table.cells.map((cell, c) => {
      const cells = cellPatterns(patterns, input.needs, table, cell, possible, checks[t]![c]);
      const range = cell.shown === null ? { lower: 0, upper: Infinity } : roundedRange(cell.shown, table.base);
      return { table: t, value: cell.value, shown: cell.shown, ...range, patterns: cells, id: cells.join(',') };
    }),
  );
  const hidden = new Set<number>();
  const refused = new Map<number, string[]>();
  const withheld = new Set<number>();
  const piece = (n: AuditedNumber): boolean => input.tables[n.table]!.piece;
  const printed = (n: AuditedNumber): boolean =>
    n.shown !== null && !hidden.has(n.table) && !refused.has(n.table) && !withheld.has(n.table);
  const rowsOf = (keep: (n: AuditedNumber) => boolean, withRanking = true): Row[] => [
    ...distinctRows(numbers.filter((n) => printed(n) && keep(n))).map(rowOf),
    ...(withRanking ? ranked : []),
  ];
  /** Trials for `target` over the numbers printed now, each without those `keep` turns away. */
  const trialsFor = async (target: AuditedNumber): Promise<Trials> => {
    const rows = new Map<string, AuditedNumber[]>();
    for (const n of numbers) {
      if (!printed(n)) continue;
      const same = rows.get(rowKey(n));
      if (same) same.push(n);
      else rows.set(rowKey(n), [n]);
    }
    const members = [...rows.values()];
    const objective = new Map(target.patterns.map((p) => [`x${p}`, 1]));
    const trials = await openRowTrials([...members.map((same) => rowOf(same[0]!)), ...ranked], objective);
    return {
      most: (keep) => trials.most((row) => row >= members.length || members[row]!.some(keep)),
      dispose: () => trials.dispose(),
    };
  };
  const small = (n: AuditedNumber): boolean => n.value > 0 && n.value < input.threshold;
  // An earlier output's count already narrowed without the matrix keeps the bound it had then:
  // no piece may narrow it further. Settled for good instead, it was never a target again, and
  // where the model holds fewer worlds than an intruder (a restricted class, the ranking) a piece
  // that pinned it for the intruder was printed.
  const keptAt = new Map<string, number>();
  const enough = (n: AuditedNumber): number =>
    Math.min(n.value + input.protection, keptAt.get(n.id) ?? Infinity) - 1e-6;
  const lostEarlier: LostEarlier[] = [];
  // Numbers only ever leave the printed rows, so a count once proven free stays free.
  const proofs: Proofs = { free: new Set(), witnesses: [] };
  // The earlier outputs are never hidden: one program over their rows serves the whole audit.
  const earlierBounds: { withRanking?: PatternBounds; alone?: PatternBounds } = {};
  // The printed rows change only when a piece leaves them: their program is kept until then.
  let printedBounds = null as { left: string; bounds: PatternBounds } | null;
  /** Earlier outputs' counts that no greedy over every piece freed any further. */
  const stalled = new Set<string>();
  const giveUp = (found: AuditedNumber, bound: number): void => {
    if (piece(found)) refused.set(found.table, culprits(input, numbers, found, printed));
    else {
      if (!keptAt.has(found.id)) lostEarlier.push({ label: input.tables[found.table]!.label, through: 'earlier' });
      keptAt.set(found.id, bound);
    }
  };
  try {
    for (;;) {
      // The hidden small counts of what will be printed: refused pieces are not published.
      const targets = new Map<string, AuditedNumber>();
      for (const n of numbers)
        if (!printed(n) && small(n) && !refused.has(n.table) && !withheld.has(n.table)) targets.set(n.id, n);
      const left = `${hidden.size} ${refused.size} ${withheld.size}`;
      if (printedBounds?.left !== left) {
        printedBounds?.bounds.dispose();
        printedBounds = {
          left,
          bounds: await openPatternBounds(
            rowsOf(() => true),
            patterns.count,
          ),
        };
      }
      const narrowed = firstNarrowed(printedBounds.bounds, [...targets.values()], enough, proofs);
      if (narrowed === null) break;
      const { target: found, bound } = narrowed;
      // The printed numbers stay put until this step hides or refuses something, after its trials.
      const opened = { trials: null as Trials | null };
      const trials = async (): Promise<Trials> => (opened.trials ??= await trialsFor(found));
      try {
        // A piece is judged with the ranking (refusing it fails closed); an earlier output's count
        // without it: nothing says an output printed the category list, so a count only the
        // ranking narrows is not told to the analyst as given away before the matrix.
        const earlier = piece(found) || ranked.length === 0 ? 'withRanking' : 'alone';
        earlierBounds[earlier] ??= await openPatternBounds(
          rowsOf((n) => !piece(n), earlier === 'withRanking'),
          patterns.count,
        );
        const earlierMost = earlierBounds[earlier].most(found).bound;
        // No persons fit the earlier outputs: they are no sums of one answer pattern per person,
        // and nothing the matrix hides changes that. Fail closed: the whole matrix is refused.
        if (earlierMost === -Infinity) return unmodelledResult(input, lostEarlier);
        // Where the model holds fewer worlds than the data may (one class of a field per person,
        // or none of the persons the one-record checks leave undecided), a count it finds narrowed
        // by the earlier outputs may be free in truth, and no piece can be shown not to narrow it:
        // fail closed, every piece refused.
        if (earlierMost < enough(found) && restricted && !piece(found))
          return { ...unmodelledResult(input, lostEarlier), unmodelledWhy: 'restricted' };
        if (earlierMost < enough(found)) {
          // Given away before the matrix: its piece is refused; an earlier table's count is already
          // out, named for the analyst, and held where the earlier outputs left it.
          giveUp(found, earlierMost);
          continue;
        }
        // Only with the matrix's pieces do no persons fit: a bound from the model is no proof until
        // it allows some, so pieces are hidden until it does (the earlier rows alone allow them).
        if (bound === -Infinity) {
          const pieces = numbers.filter((n) => piece(n) && printed(n));
          const unfit = unfitPieces(pieces, await trials());
          // None to hide, yet no persons fit (a warm-started solve and a fresh one disagreeing):
          // another pass would change nothing, so the audit fails closed rather than loop.
          if (unfit.length === 0) return unmodelledResult(input, lostEarlier);
          for (const t of unfit) hidden.add(t);
          continue;
        }
        // A printed piece over some of the same answers (in any panel: a panel's count is the whole
        // less the others), unless an earlier output prints the same persons at least as closely
        // (hiding it would not take it back; an earlier number rounded where the piece is exact
        // leaves the piece something to take back); the smallest whose hiding alone frees the
        // count, else the one that frees it most.
        const shownEarlier = printedEarlier(numbers.filter((n) => !piece(n) && printed(n)));
        const over = new Set(found.patterns.map((p) => answers[p]!));
        const candidates = numbers
          .filter((n) => piece(n) && printed(n) && !shownEarlier(n) && n.patterns.some((p) => over.has(answers[p]!)))
          .sort((a, b) => a.value - b.value);
        // Where the count stays narrowed with every such piece hidden, none frees it, alone or with
        // others: it stays the first narrowed count, and the greedy would hide each in turn (chosen
        // on the solver's noise, as none gains) until none is left. They are hidden together, to the
        // same end, at one program instead of one per piece per step. Tried where the greedy has
        // stalled on the count, or where no one piece frees it.
        const hideAllIfNoneFrees = async (): Promise<boolean> => {
          const tables = new Set(candidates.map((c) => c.table));
          if (tables.size === 0) return false;
          const most = (await trials()).most((n) => !tables.has(n.table));
          if (most >= enough(found)) return false;
          for (const t of tables) hidden.add(t);
          return true;
        };
        if (stalled.has(found.id) && (await hideAllIfNoneFrees())) continue;
        let next: { table: number; most: number } | null = null;
        const tried = new Set<number>();
        for (const candidate of candidates) {
          if (tried.has(candidate.table)) continue;
          tried.add(candidate.table);
          const most = (await trials()).most((n) => n.table !== candidate.table);
          if (next === null || most > next.most) next = { table: candidate.table, most };
          if (most >= enough(found)) break;
        }
        if (piece(found) || (next !== null && next.most >= enough(found))) {
          if (next === null) giveUp(found, bound);
          else if (next.most >= enough(found) || !(await hideAllIfNoneFrees())) hidden.add(next.table);
          continue;
        }
        // An earlier output's count that no one piece over its answers frees: the matrix may narrow
        // it through the total too (a count over other answers is the whole less its own), so every
        // printed piece is tried. Where that frees it no further, pieces over its answers are hidden
        // next as before (without trying every piece again at each); once none is left, every piece
        // is tried once more, and then the pieces that narrow it are refused.
        if (next !== null && stalled.has(found.id)) {
          hidden.add(next.table);
          continue;
        }
        const pieces = numbers.filter((n) => piece(n) && printed(n) && !shownEarlier(n));
        const freeing = await freeingPieces(pieces, await trials(), { bound, enough: enough(found) });
        if (freeing !== null) for (const t of freeing) hidden.add(t);
        else if (next !== null) {
          stalled.add(found.id);
          hidden.add(next.table);
        } else {
          // The pieces left narrow it, yet none printed back alone does: fail closed, every
          // printed piece withheld (else the next step would find the same count and loop).
          const narrowing = narrowingPieces(pieces, await trials(), enough(found));
          const out = narrowing.length > 0 ? narrowing : tablesOf(numbers.filter((n) => piece(n) && printed(n)));
          if (out.length === 0) giveUp(found, bound);
          for (const t of out) withheld.add(t);
        }
      } finally {
        opened.trials?.dispose();
      }
    }
  } finally {
    printedBounds?.bounds.dispose();
    earlierBounds.withRanking?.dispose();
    earlierBounds.alone?.dispose();
  }
  return {
    hidden: [...hidden].sort((a, b) => a - b),
    refused: [...refused].map(([table, because]) => ({ table, because })),
    withheld: [...withheld].sort((a, b) => a - b),
    lostEarlier,
  };
}

/**
 * Every piece refused: the audit's model does not hold the data, so nothing of the matrix is
 * proven safe. Earlier outputs' counts already found lost stay told.
 */
function unmodelledResult(input: PatternAuditInput, lostEarlier: LostEarlier[]): PatternAuditResult {
  const pieces = input.tables.flatMap((table, t) => (table.piece ? [t] : []));
  return { hidden: [], refused: [], withheld: [], lostEarlier, unmodelled: pieces, unmodelledWhy: 'unfit' };
}

/**
 * Whether the model may leave out persons the data holds: a field of records over more classes
 * than are read as sets (one class per person, or one per year), or patterns the one-record
 * checks take out. Its "free" stays a proof; its "narrowed" does not.
 */
function holdsFewerThanData(
  patterns: Patterns,
  needs: readonly AuditedNeed[],
  allowed: Uint8Array | null,
  possible: Uint8Array | null,
): boolean {
  const capped = needs.some(
    (need, k) => need.sets === true && !need.derived && new Set(patterns.classOf[k]!.values()).size > MOST_SET_CLASSES,
  );
  if (capped || possible === null) return capped;
  for (let p = 0; p < patterns.count; p++) if ((allowed?.[p] ?? 1) === 1 && possible[p] === 0) return true;
  return false;
}

/** Bounds of one hidden count, each over the printed numbers without those `keep` turns away. */
interface Trials {
  most(keep: (n: AuditedNumber) => boolean): number;
  dispose(): void;
}

/** A number as a row of the audit's programs: its persons' patterns within its range. */
function rowOf(n: AuditedNumber): Row {
  return { terms: new Map(n.patterns.map((p) => [`x${p}`, 1])), lower: n.lower, upper: n.upper };
}

/** Numbers of the same persons and range are one row. */
function rowKey(n: AuditedNumber): string {
  return `${n.id}|${n.lower}|${n.upper}`;
}

/**
 * One number per persons and range: the same count printed again (a figure exported twice in a
 * release, a panel's whole beside the matrix of all offenders) bounds nothing more, and every
 * program of the audit would carry it once per table.
 */
function distinctRows(printed: readonly AuditedNumber[]): AuditedNumber[] {
  const seen = new Set<string>();
  return printed.filter((n) => {
    const key = rowKey(n);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Whether an earlier output prints a number's persons at least as closely as the number itself
 * (the same persons, within its range): printing the number too then bounds nothing more.
 */
function printedEarlier(earlier: readonly AuditedNumber[]): (n: AuditedNumber) => boolean {
  const ranges = new Map<string, AuditedNumber[]>();
  for (const e of earlier) ranges.set(e.id, [...(ranges.get(e.id) ?? []), e]);
  return (n) => (ranges.get(n.id) ?? []).some((e) => e.lower >= n.lower && e.upper <= n.upper);
}

/** Each table once, the smallest count first: the pieces' order of trial. */
function tablesOf(pieces: readonly AuditedNumber[]): number[] {
  return [...new Set([...pieces].sort((a, b) => a.value - b.value).map((n) => n.table))];
}

/**
 * Pieces whose hiding together frees `target` (the printed numbers left allow it `enough`; all
 * of them, `bound`), chosen greedily: each step hides the piece that frees it most. Null when
 * no piece left frees it any further, so that the greedy has nothing to go on.
 */
function freeingPieces(
  pieces: readonly AuditedNumber[],
  trials: Trials,
  { bound: printedBound, enough }: { bound: number; enough: number },
): number[] | null {
  const chosen = new Set<number>();
  let bound = printedBound;
  for (;;) {
    let best: { table: number; most: number } | null = null;
    for (const table of tablesOf(pieces)) {
      if (chosen.has(table)) continue;
      const most = trials.most((n) => n.table !== table && !chosen.has(n.table));
      if (best === null || most > best.most) best = { table, most };
    }
    // A gain within the solver's tolerance is none: the greedy would step on noise.
    if (best === null || best.most <= bound + 1e-6) return null;
    chosen.add(best.table);
    bound = best.most;
    // The proof: with these hidden, the printed numbers allow the count its value plus the protection.
    if (bound >= enough) return [...chosen];
  }
}

/**
 * The pieces to keep out for `target`: all of them out, then each printed back (the largest
 * first) unless the program with it printed `fails` (its most for `target`).
 */
function piecesKeptOut(pieces: readonly AuditedNumber[], trials: Trials, fails: (most: number) => boolean): number[] {
  const out = new Set(tablesOf(pieces));
  for (const table of tablesOf(pieces).reverse()) {
    out.delete(table);
    const most = trials.most((n) => !out.has(n.table));
    if (fails(most)) out.add(table);
  }
  return [...out];
}

/**
 * The pieces that narrow `target`, to be refused: without them all the earlier outputs alone
 * leave it free, and each piece printed back (the largest first) that keeps it free is kept.
 */
function narrowingPieces(pieces: readonly AuditedNumber[], trials: Trials, enough: number) {
  return piecesKeptOut(pieces, trials, (most) => most < enough);
}

/**
 * The pieces to hide so that the printed numbers allow persons again: with all of them hidden the
 * earlier outputs alone allow some, and each printed back (the largest first) that keeps it so stays.
 */
function unfitPieces(pieces: readonly AuditedNumber[], trials: Trials) {
  return piecesKeptOut(pieces, trials, (most) => most === -Infinity);
}

/** The earlier outputs that print a number over all of `target`'s persons small enough to bound it. */
function culprits(
  input: PatternAuditInput,
  numbers: readonly AuditedNumber[],
  target: AuditedNumber,
  printed: (n: AuditedNumber) => boolean,
): string[] {
  const labels = numbers
    .filter((n) => !input.tables[n.table]!.piece && printed(n) && n.upper < target.value + input.protection)
    .filter((n) => {
      const own = new Set(n.patterns);
      return target.patterns.every((p) => own.has(p));
    })
    .map((n) => input.tables[n.table]!.label);
  return [...new Set(labels)];
}
