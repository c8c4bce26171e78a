// What a district map shows, the same in the app (Plotly) and in exports (our SVG): the value
// of each district and its colour on one sequential, colour-blind-safe scale.
import type { QueryResult } from './query.ts';

/** District name to the mapped value (a rate where asked, else the count or row total). */
export function districtValues(result: QueryResult): Map<string, number | null> {
  const index = result.rows.fields.indexOf('district');
  const values = new Map<string, number | null>();
  result.rows.keys.forEach((key, r) => {
    const district = key[index] ?? '';
    const value = result.rates
      ? (result.rates[r]?.[0] ?? null)
      : result.cols.fields.length === 0
        ? (result.counts[r]?.[0] ?? null)
        : (result.rowTotals[r] ?? null);
    values.set(district, value);
  });
  return values;
}

const VIRIDIS = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
] as const;

/** Viridis from t = 0 (dark purple) to 1 (yellow): ordered in lightness, safe for colour blindness. */
export function sequentialColour(t: number): string {
  const x = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const a = VIRIDIS[i] ?? VIRIDIS[0];
  const b = VIRIDIS[i + 1] ?? a;
  const mix = (k: 0 | 1 | 2): string =>
    Math.round(a[k] + (b[k] - a[k]) * f)
      .toString(16)
      .padStart(2, '0');
  return `#${mix(0)}${mix(1)}${mix(2)}`;
}
