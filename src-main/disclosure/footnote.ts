// The human text of a disclosure rule, printed under every table and chart, and the marker
// that stands for a suppressed number.
import type { DisclosureRule } from '../../shared/query.ts';

export const SUPPRESSED_MARKER = '[c]';

/** A published number as text: the marker where suppressed. */
export function formatPublished(value: number | null, format: (n: number) => string = String): string {
  return value === null ? SUPPRESSED_MARKER : format(value);
}

function primaryClause(rule: DisclosureRule): string | null {
  const from = rule.suppressZeros ? 0 : 1;
  const to = rule.threshold - 1;
  if (to < from) return null;
  const range = to === from ? `Counts of ${from} are` : `Counts from ${from} to ${to} are`;
  return `${range} suppressed (${SUPPRESSED_MARKER})`;
}

/** E.g. "Counts from 1 to 4 are suppressed ([c]); further cells are suppressed so that ... Counts rounded to the nearest 5, ..." */
export function disclosureFootnote(rule: DisclosureRule): string {
  const sentences: string[] = [];
  const primary = primaryClause(rule);
  if (primary && rule.secondary) {
    sentences.push(
      `${primary}; further cells are suppressed so that suppressed values cannot be worked out from totals.`,
    );
  } else if (primary) {
    sentences.push(`${primary}.`);
  }
  if (rule.round !== null)
    sentences.push(
      `Counts rounded to the nearest ${rule.round}, each total on its own, so totals may differ from the sum of their parts.`,
    );
  return sentences.length > 0 ? sentences.join(' ') : 'No disclosure control applied.';
}
