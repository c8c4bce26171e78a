// Which categories of one field to merge so that fewer cells fall below the threshold: a
// greedy plan on the raw table. Until few enough cells are unsafe (TARGET_UNSAFE_SHARE), the
// category with the most unsafe cells (ties: the fewest records) is merged with its smaller
// neighbour when the field is ordered (age bands stay a range), or with the next sparsest
// category into one "other" group when it is not.
// "Unknown" and "Not stated" are never merged: they are not on any scale. The counts summed
// here only choose the plan (distinct persons do not add up); the advisor then runs the
// redesigned query for the real numbers.
import type { CategoryGroup, DisclosureRule } from '../../shared/query.ts';
import { isPrimary } from './primarySuppression.ts';

const NOT_ON_SCALE = new Set(['Unknown', 'Not stated']);

export interface FieldSlices {
  field: string;
  /** The field's label in words, for an "other" group's label. */
  label: string;
  ordered: boolean;
  /** Current categories in display order (a label may already stand for a group). */
  categories: string[];
  /** Members behind each current category (itself when it is not a group). */
  members: string[][];
  /** Per category, its raw counts across every combination of the other fields. */
  slices: number[][];
}

interface Bucket {
  labels: string[];
  members: string[];
  slice: number[];
  mergeable: boolean;
  /** The "other" group of an unordered field. */
  other: boolean;
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

function unsafe(slice: readonly number[], rule: DisclosureRule): number {
  return slice.filter((v) => isPrimary(v, rule)).length;
}

/** "18-24" + ... + "35-44" gives "18-44"; "55-64" + "65+" gives "55+"; else "A to B". */
export function rangeLabel(first: string, last: string): string {
  const low = /^(\d+)\s*[-–]\s*\d+$/.exec(first)?.[1] ?? /^(\d+)\+$/.exec(first)?.[1];
  const closed = /^\d+\s*[-–]\s*(\d+)$/.exec(last);
  if (low !== undefined && closed) return `${low}-${closed[1]}`;
  if (low !== undefined && /^\d+\+$/.test(last)) return `${low}+`;
  return `${first} to ${last}`;
}

function otherLabel(field: FieldSlices, members: readonly string[]): string {
  if (members.length <= 3) return members.join(members.length === 2 ? ' or ' : ', ').replace(/, ([^,]*)$/, ' or $1');
  return `Other ${field.label.toLowerCase()} (${members.length})`;
}

function merge(a: Bucket, b: Bucket, other: boolean): Bucket {
  return {
    labels: [...a.labels, ...b.labels],
    members: [...a.members, ...b.members],
    slice: a.slice.map((v, i) => v + (b.slice[i] ?? 0)),
    mergeable: true,
    other,
  };
}

/**
 * Merging stops once at most this share of the table's cells is below the threshold: a
 * table need not be free of small counts, and every merge costs the reader detail.
 */
export const TARGET_UNSAFE_SHARE = 0.1;

/** The groups of the plan (merged categories only), or null when merging would not help. */
export function planMerges(field: FieldSlices, rule: DisclosureRule): CategoryGroup[] | null {
  let buckets: Bucket[] = field.categories.map((label, i) => ({
    labels: [label],
    members: field.members[i] ?? [label],
    slice: field.slices[i] ?? [],
    mergeable: !NOT_ON_SCALE.has(label),
    other: false,
  }));
  let merged = false;
  // At least half the categories stay apart: beyond that, leaving the field out says as much.
  const keep = Math.max(2, Math.ceil(buckets.filter((b) => b.mergeable).length / 2));
  for (;;) {
    const candidates = buckets.filter((b) => b.mergeable);
    if (candidates.length <= keep) break;
    const worst = [...candidates].sort(
      (a, b) => unsafe(b.slice, rule) - unsafe(a.slice, rule) || sum(a.slice) - sum(b.slice),
    )[0] as Bucket;
    if (unsafe(worst.slice, rule) === 0) break;
    const cells = sum(buckets.map((b) => b.slice.length));
    if (sum(buckets.map((b) => unsafe(b.slice, rule))) <= TARGET_UNSAFE_SHARE * cells) break;
    const at = buckets.indexOf(worst);
    let partner: Bucket | undefined;
    if (field.ordered) {
      const neighbours = [buckets[at - 1], buckets[at + 1]].filter((b): b is Bucket => b !== undefined && b.mergeable);
      partner = neighbours.sort((a, b) => sum(a.slice) - sum(b.slice))[0];
    } else {
      partner =
        candidates.find((b) => b !== worst && b.other) ??
        candidates.filter((b) => b !== worst).sort((a, b) => sum(a.slice) - sum(b.slice))[0];
    }
    if (partner === undefined) break;
    const [first, second] = buckets.indexOf(partner) < at ? [partner, worst] : [worst, partner];
    const joined = merge(first, second, !field.ordered);
    buckets = buckets.flatMap((b) => (b === first ? [joined] : b === second ? [] : [b]));
    merged = true;
  }
  if (!merged) return null;
  // Groups the spec had already are kept, under their own labels.
  return buckets
    .filter((b) => b.members.length > 1)
    .map((b) => ({
      label:
        b.labels.length === 1
          ? (b.labels[0] as string)
          : field.ordered
            ? rangeLabel(b.labels[0] as string, b.labels[b.labels.length - 1] as string)
            : otherLabel(field, b.labels),
      members: b.members,
    }));
}
