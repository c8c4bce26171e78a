// The cross-tab as tab-separated text with headers (for the clipboard and tests).
import { percentMarker, rateMarker } from '../../../shared/markers.ts';
import type { QueryResult } from '../../../shared/query.ts';

export const SUPPRESSED_MARK = '[c]';

export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined) return SUPPRESSED_MARK;
  return Number.isInteger(value)
    ? value.toLocaleString('en-GB')
    : value.toLocaleString('en-GB', { maximumFractionDigits: 1 });
}

export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined) return SUPPRESSED_MARK;
  return `${value.toFixed(1)}%`;
}

export function formatRate(value: number | null | undefined): string {
  if (value === null || value === undefined) return SUPPRESSED_MARK;
  return value.toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

/** The rate's unit, from the spec the result answers (`per 1,000 residents`), or null for counts. */
export function rateUnit(result: QueryResult): string | null {
  if (!result.rates) return null;
  const per = (result.spec as { rate?: { per?: number } } | undefined)?.rate?.per ?? 1000;
  return `per ${per.toLocaleString('en-GB')} residents`;
}

export function colHeaders(result: QueryResult): string[] {
  if (result.cols.fields.length > 0) return result.cols.keys.map((k) => k.join(' · '));
  return [result.rates ? 'Rate' : 'Count'];
}

export function tableAsTsv(result: QueryResult, labelOf: (field: string) => string): string {
  const raw = (v: number | null | undefined): string => (v === null || v === undefined ? SUPPRESSED_MARK : String(v));
  const kind = (result.spec as { percent?: string } | undefined)?.percent ?? 'total';
  const pct = (v: number | null | undefined, r: number, c: number): string =>
    v === null || v === undefined ? (percentMarker(result, kind, r, c, null) ?? SUPPRESSED_MARK) : v.toFixed(1);
  const header = [...result.rows.fields.map(labelOf), ...colHeaders(result), 'Total'];
  const lines = [header.join('\t')];
  result.rows.keys.forEach((key, r) => {
    lines.push([...key, ...(result.counts[r] ?? []).map(raw), raw(result.rowTotals[r])].join('\t'));
  });
  lines.push(
    [
      ...result.rows.fields.map((_, i) => (i === 0 ? 'Total' : '')),
      ...result.colTotals.map(raw),
      raw(result.total),
    ].join('\t'),
  );
  if (result.rates) {
    lines.push('');
    lines.push([`Rate ${rateUnit(result) ?? ''}`.trim(), ...header.slice(1, -1)].join('\t'));
    result.rows.keys.forEach((key, r) =>
      lines.push(
        [
          ...key,
          ...(result.rates?.[r] ?? []).map((v, c) =>
            v === null ? (rateMarker(result, r, c, v) ?? SUPPRESSED_MARK) : v.toFixed(1),
          ),
        ].join('\t'),
      ),
    );
  }
  if (result.percents) {
    lines.push('');
    lines.push(['Percent', ...header.slice(1, -1)].join('\t'));
    result.rows.keys.forEach((key, r) =>
      lines.push([...key, ...(result.percents?.[r] ?? []).map((v, c) => pct(v, r, c))].join('\t')),
    );
  }
  return lines.join('\n');
}
