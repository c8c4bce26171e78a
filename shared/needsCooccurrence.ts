// Offender needs together: a need by need matrix of the distinct persons with a record that
// flags both (the diagonal: persons with a record that flags the need). Its cells overlap (a
// person counts in every pair of their needs), so it is not an additive table and is never
// protected as one: each cell is published as a count of offenders of its own (persons with a
// record flagging the need, or both needs), protected and linked in the release like any
// other offenders output. Pure: shared by the application and the screens.
import { NEEDS } from './codebook.ts';
import type { DisclosureReport, GivenAwayEarlier } from './query.ts';

/** The dataset name a co-occurrence spec uses. */
export const NEEDS_DATASET = 'needs';
export const COOCCURRENCE_FIELDS = { need: 'need', with: 'with_need' } as const;
export const COOCCURRENCE_FIELD_LABELS: Readonly<Record<string, string>> = {
  need: 'Need',
  with_need: 'With need',
};
export const YES = 'Yes';

/** `Need: drugs` → `Drugs`. */
export function needShortLabel(label: string): string {
  const bare = label.replace(/^Need:\s*/, '');
  return bare.charAt(0).toUpperCase() + bare.slice(1);
}

/** The needs of the codebook held by a dataset with these columns, in the codebook's order. */
export function heldNeedFields(columns: readonly string[]): { field: string; label: string }[] {
  return NEEDS.filter(([field]) => columns.includes(field)).map(([field, label]) => ({
    field,
    label: needShortLabel(label),
  }));
}

/** The footnote line of a co-occurrence matrix: what a cell counts, and why cells do not add up. */
export const COOCCURRENCE_NOTE =
  'Each cell counts the distinct persons with a record that flags both needs (the diagonal: the need itself); a person counts in every pair of their needs, so cells do not add up: a row’s total is the persons with its need. Each cell is protected as a count of its own: records with a need unknown count in no cell of it.';

/**
 * What the analyst is told of earlier outputs that already narrowed hidden small counts (held
 * below their value plus the protection): an earlier output's own counts that the audit of needs
 * together cannot protect whatever the matrix hides (`earlier`), or a new table's counts it
 * hides and narrows no further (`table`). Only a new release or a look at that output mends them.
 */
export function givenAwayEarlierWarning({ output, counts, through }: GivenAwayEarlier): string {
  const what = counts === 1 ? 'A hidden small count' : `${counts} hidden small counts`;
  const it = counts === 1 ? 'it' : 'them';
  // ‘Drugs’, exported 2026-12-05 is closed by a comma as any aside.
  const named = output.includes(', exported ') ? `${output},` : output;
  if (through === 'table') {
    return `${what} of this table can already be narrowed to within the protection from what ${named} published before it; this table hides ${it} and narrows ${it} no further, but cannot take back what was given away. Consider starting a new release, or reviewing that output.`;
  }
  return `${what} of ${named} can already be narrowed to within the protection from what this release published (its earlier outputs, with this matrix’s count of persons); nothing more this matrix hides can protect ${it}. Consider starting a new release, or reviewing that output.`;
}

/** The warnings of a result's disclosure report about earlier outputs already given away (none for most). */
export function givenAwayEarlierWarnings(disclosure: Pick<DisclosureReport, 'givenAwayEarlier'> | null): string[] {
  return (disclosure?.givenAwayEarlier ?? []).map(givenAwayEarlierWarning);
}

/** The warnings of several results' reports (an infographic's blocks), each said once. */
export function givenAwayEarlierWarningsOf(
  reports: ReadonlyArray<Pick<DisclosureReport, 'givenAwayEarlier'>>,
): string[] {
  return [...new Set(reports.flatMap((report) => givenAwayEarlierWarnings(report)))];
}
