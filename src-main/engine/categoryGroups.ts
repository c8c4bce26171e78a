// Merged categories of a row or column field: each group takes the place of its first member
// in display order (so adjacent age bands stay in order), the other categories keep theirs.
// The result is a map from a category's code to its position among the merged labels, which
// the cube projection (records) and the scan kernels (persons, before distinct counting) use.
import { AppError } from '../../shared/errors.ts';
import type { CategoryGroup } from '../../shared/query.ts';

export interface MergedCategories {
  labels: string[];
  /** Code (index into the column's labels) to position in `labels`. */
  map: Int32Array;
}

export function mergeCategories(
  field: string,
  labels: readonly string[],
  groups: readonly CategoryGroup[],
): MergedCategories {
  const groupOf = new Map<string, number>();
  groups.forEach((group, g) => {
    for (const member of group.members) {
      if (!labels.includes(member))
        throw new AppError(
          'INVALID_SPEC',
          `The group “${group.label}” of ${field} merges “${member}”, which is not a category of ${field} here. Remove it from the group.`,
        );
      groupOf.set(member, g);
    }
  });
  const merged: string[] = [];
  const placed = new Map<number, number>();
  const map = new Int32Array(labels.length);
  labels.forEach((label, code) => {
    const g = groupOf.get(label);
    if (g === undefined) {
      map[code] = merged.length;
      merged.push(label);
      return;
    }
    let at = placed.get(g);
    if (at === undefined) {
      at = merged.length;
      placed.set(g, at);
      merged.push((groups[g] as CategoryGroup).label);
    }
    map[code] = at;
  });
  if (new Set(merged).size !== merged.length) {
    const clash = merged.find((label, i) => merged.indexOf(label) !== i);
    throw new AppError(
      'INVALID_SPEC',
      `The group label “${clash ?? ''}” of ${field} is also one of its categories; give the group another label.`,
    );
  }
  return { labels: merged, map };
}
