// Needs together side by side: one need by need matrix per category of sex, age band or
// service, each read off the offenders of that category alone. A spec asks for it with the
// panel field first in its columns (`cols: [panel, with_need]`). Pure: shared by the
// application and the screens.
import { COOCCURRENCE_FIELDS } from './needsCooccurrence.ts';

/** The fields needs together may be drawn by, one matrix per category. */
export const NEEDS_PANEL_FIELDS = ['sex', 'age_band', 'service'] as const;
export type NeedsPanelField = (typeof NEEDS_PANEL_FIELDS)[number];

const isPanelField = (field: string): field is NeedsPanelField =>
  (NEEDS_PANEL_FIELDS as readonly string[]).includes(field);

/** The panel field of a needs-together spec's columns, or null for a single matrix. */
export function needsPanelOf(spec: { cols: readonly string[] }): NeedsPanelField | null {
  const [first, second] = spec.cols;
  return spec.cols.length === 2 && second === COOCCURRENCE_FIELDS.with && first !== undefined && isPanelField(first)
    ? first
    : null;
}

/** The columns of needs together, one matrix or one per category of `panel`. */
export function needsColumns(panel: NeedsPanelField | null): string[] {
  return panel === null ? [COOCCURRENCE_FIELDS.with] : [panel, COOCCURRENCE_FIELDS.with];
}
