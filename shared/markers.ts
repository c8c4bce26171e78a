// The GSS markers for a number that is not shown, and the reason each derived number of a
// result is missing, worked out from the published numbers alone (so the screen and every
// export say the same thing, and a marker never reveals more than the table does).
import type { QueryResult } from './query.ts';

export const MARKERS = { confidential: '[c]', notApplicable: '[z]', notAvailable: '[x]' } as const;
export type Marker = (typeof MARKERS)[keyof typeof MARKERS];

export const MARKER_FOOTNOTES: Record<Marker, string> = {
  '[c]': '[c] confidential: suppressed by disclosure control.',
  '[z]': '[z] not applicable: the row, column or table it would be taken from is empty.',
  '[x]': '[x] not available: there is no population figure for this cell.',
};

type Published = Pick<QueryResult, 'counts' | 'rowTotals' | 'colTotals' | 'total'>;

function isSuppressed(result: Published, r: number, c: number): boolean {
  return (result.counts[r]?.[c] ?? null) === null;
}

/** Why a percentage is missing (null when it is shown). */
export function percentMarker(
  result: Published,
  kind: 'row' | 'col' | 'total' | string,
  r: number,
  c: number,
  value: number | null | undefined,
): Marker | null {
  if (value !== null && value !== undefined) return null;
  if (isSuppressed(result, r, c)) return MARKERS.confidential;
  const denominator = kind === 'row' ? result.rowTotals[r] : kind === 'col' ? result.colTotals[c] : result.total;
  if (denominator === null || denominator === undefined) return MARKERS.confidential;
  return denominator === 0 ? MARKERS.notApplicable : MARKERS.confidential;
}

/** Why a rate is missing: the count is suppressed, or its population is unknown. */
export function rateMarker(result: Published, r: number, c: number, value: number | null | undefined): Marker | null {
  if (value !== null && value !== undefined) return null;
  return isSuppressed(result, r, c) ? MARKERS.confidential : MARKERS.notAvailable;
}

/** Why a cell's expected count or residual is missing: suppressed, an empty line, or withheld. */
export function cellStatMarker(
  result: Published,
  r: number,
  c: number,
  value: number | null | undefined,
): Marker | null {
  if (value !== null && value !== undefined) return null;
  if (isSuppressed(result, r, c)) return MARKERS.confidential;
  if (result.rowTotals[r] === 0 || result.colTotals[c] === 0) return MARKERS.notApplicable;
  return MARKERS.confidential;
}

/** The footnotes of the markers that appear in some text, in the order c, z, x. */
export function markerFootnotes(texts: Iterable<string>): string[] {
  const used = new Set<string>();
  for (const text of texts) for (const marker of Object.values(MARKERS)) if (text.includes(marker)) used.add(marker);
  return Object.values(MARKERS)
    .filter((m) => used.has(m))
    .map((m) => MARKER_FOOTNOTES[m]);
}

/**
 * The footnote lines for the [z] and [x] markers a result's cells show (the [c] line comes with
 * the disclosure rule), so the screen explains every marker it prints, as the exports do.
 */
export function derivedMarkerFootnotes(
  result: Published & Pick<QueryResult, 'percents' | 'rates'>,
  percentKind: string,
): string[] {
  const shown = new Set<Marker>();
  result.counts.forEach((row, r) =>
    row.forEach((_, c) => {
      if (result.rates) {
        const marker = rateMarker(result, r, c, result.rates[r]?.[c]);
        if (marker) shown.add(marker);
      }
      if (result.percents && percentKind !== 'none') {
        const marker = percentMarker(result, percentKind, r, c, result.percents[r]?.[c]);
        if (marker) shown.add(marker);
      }
    }),
  );
  return [MARKERS.notApplicable, MARKERS.notAvailable].filter((m) => shown.has(m)).map((m) => MARKER_FOOTNOTES[m]);
}
