// The combinations chart (UpSet-style) of a one-dimensional table whose category labels are
// sets joined with " + " ("Accommodation + Drugs"): one bar per combination, largest first,
// over a matrix of dots saying which sets each holds. A suppressed bar is a gap marked [c],
// placed after the published bars in the table's order, so where it stands says nothing of
// its size. Pure: shared by Plotly and the SVG renderer.
import { keyLabel } from './chartModel.ts';
import { MARKERS, type Marker } from './markers.ts';
import type { QueryResult } from './query.ts';

export const SET_SEPARATOR = ' + ';
export const COMBINATION_COLOUR = '#0072B2';
export const DOT_OFF_COLOUR = '#d5d9e0';

export interface Combination {
  key: string[];
  label: string;
  /** The sets it holds, by index into `sets`. */
  members: number[];
  value: number | null;
  mark: Marker | null;
}

export interface CombinationsModel {
  /** The sets in the order they first appear in the table. */
  sets: string[];
  /** Largest published first; suppressed ones after, in the table's order. */
  combinations: Combination[];
  colour: string;
}

export function setsOf(label: string): string[] {
  return label
    .split(SET_SEPARATOR)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Combinations need one row field whose labels are sets joined with " + ", and no columns. */
export function combinationsShapeProblem(result: Pick<QueryResult, 'rows' | 'cols'>): string | null {
  if (result.rows.fields.length !== 1 || result.cols.fields.length !== 0) return 'needs one row field and no columns';
  return result.rows.keys.some((k) => (k[0] ?? '').includes(SET_SEPARATOR))
    ? null
    : 'needs categories that are sets joined with “ + ”';
}

export function combinationsModel(result: QueryResult, options: { keepEmpty?: boolean } = {}): CombinationsModel {
  const sets: string[] = [];
  const rows = result.rows.keys
    .map((key, r) => ({ key, r, value: result.counts[r]?.[0] ?? null }))
    .filter((row) => options.keepEmpty === true || row.value !== 0);
  const combinations = rows.map(({ key, r, value }) => {
    const label = keyLabel(key);
    const members = setsOf(label).map((set) => {
      if (!sets.includes(set)) sets.push(set);
      return sets.indexOf(set);
    });
    return { key: [...key], label, members, value, mark: value === null ? MARKERS.confidential : null, r };
  });
  combinations.sort((a, b) => {
    if (a.value === null || b.value === null)
      return a.value === null && b.value === null ? a.r - b.r : a.value === null ? 1 : -1;
    return b.value - a.value || a.r - b.r;
  });
  return {
    sets,
    combinations: combinations.map(({ r: _r, ...rest }) => rest),
    colour: COMBINATION_COLOUR,
  };
}
