// The cross-tab as a grid of labelled rows and columns, shared by the SVG table, the XLSX sheet
// and the CSV file so the three say the same thing. Suppressed cells and totals are null here
// and print as [c]; a missing derived number carries its GSS marker ([c], [z] or [x]).
import { MARKERS, type Marker, cellStatMarker, percentMarker, rateMarker } from '../../shared/markers.ts';
import type { QueryResult } from '../../shared/query.ts';
import { FULL_PRECISION, printStats, type PrintedStats } from '../../shared/statsPrint.ts';
import { SUPPRESSED_MARKER } from '../disclosure/footnote.ts';
import { keyLabel, valueLabelOf } from './chartData.ts';
import { formatNumber } from './chartScale.ts';
import { changeBlock, limitBlocks, type ChangeBlock, type LimitBlocks } from './intervalBlocks.ts';

export interface GridRow {
  keys: string[];
  cells: Array<number | null>;
  /** The row total; absent when the table has no column field (the cell is the total). */
  total?: number | null;
  isTotal: boolean;
}

export interface TableGrid {
  /** Headers of the row-key columns, then one per value column, then "Total" when there is one. */
  header: string[];
  rowKeyColumns: number;
  rows: GridRow[];
  hasTotalColumn: boolean;
  /** A second block (percentages or rates) with the same shape, when the result has one. */
  derived: DerivedBlock | null;
  /** The statistics as published with the table, when it has them. */
  stats: StatsBlock | null;
  /** Confidence limits of the derived block, when the result has intervals. */
  limits?: LimitBlocks | null;
  /** Year-on-year changes, when the result has them. */
  changes?: ChangeBlock | null;
}

export interface DerivedRow {
  keys: string[];
  cells: Array<number | null>;
  /** Why each missing cell is missing; null where the cell is shown. */
  markers: Array<Marker | null>;
}

export interface DerivedBlock {
  title: string;
  rows: DerivedRow[];
}

export interface StatsBlock {
  /** Label and printed text of each table-level statistic: [c] where withheld. */
  summary: Array<{ label: string; text: string; value: number | null; decimals: number }>;
  /** Per-cell expected counts and adjusted residuals, with markers where not published. */
  cells: DerivedBlock[];
  /** Footnotes: why the statistics are coarser or withheld; SPSS's expected-count warning. */
  notes: string[];
}

/** The statistics' printed text: as checked for publication, else (an unprotected result) in full. */
export function printedStatsOf(stats: NonNullable<QueryResult['stats']>): PrintedStats {
  if (stats.publication) return stats.publication.printed;
  const { chi2, p, cramersV } = stats;
  return chi2 !== null && p !== null && cramersV !== null
    ? printStats({ chi2, p, cramersV }, FULL_PRECISION)
    : { chi2: null, p: null, cramersV: null };
}

function decimalsOf(text: string | null): number {
  const match = text === null ? null : /^-?\d+(?:\.(\d+))?$/.exec(text);
  return match ? (match[1]?.length ?? 0) : 0;
}

function statsBlock(result: QueryResult, keysOf: (r: number) => string[]): StatsBlock | null {
  const stats = result.stats;
  if (!stats) return null;
  const printed = printedStatsOf(stats);
  const line = (label: string, text: string | null) => {
    const value = text !== null && /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : null;
    return { label, text: text ?? MARKERS.confidential, value, decimals: decimalsOf(text) };
  };
  const summary = [
    line('Pearson chi-square', printed.chi2),
    line('Degrees of freedom', stats.df === null ? null : String(stats.df)),
    line('p', printed.p),
    line('Cramér’s V', printed.cramersV),
    line('N', stats.n === null ? null : String(stats.n)),
  ];
  const block = (title: string, matrix: Array<Array<number | null>>): DerivedBlock => ({
    title,
    rows: matrix.map((cells, r) => ({
      keys: keysOf(r),
      cells: [...cells],
      markers: cells.map((v, c) => cellStatMarker(result, r, c, v)),
    })),
  });
  const notes = [stats.publication?.note, stats.warning].filter((n): n is string => typeof n === 'string');
  return {
    summary,
    cells: [block('Expected count', stats.expected), block('Adjusted standardised residual', stats.adjustedResiduals)],
    notes,
  };
}

export function tableGrid(result: QueryResult, labelOf: (field: string) => string): TableGrid {
  const rowKeyColumns = Math.max(1, result.rows.fields.length);
  const rowHeader = result.rows.fields.length === 0 ? [''] : result.rows.fields.map(labelOf);
  const hasCols = result.cols.fields.length > 0;
  const colHeader = hasCols ? result.cols.keys.map(keyLabel) : [valueLabelOf(result)];
  const keysOf = (r: number): string[] => {
    const key = result.rows.keys[r] ?? [];
    return key.length === 0 ? ['All'] : [...key];
  };
  const rows: GridRow[] = result.counts.map((cells, r) => ({
    keys: keysOf(r),
    cells: [...cells],
    ...(hasCols ? { total: result.rowTotals[r] ?? null } : {}),
    isTotal: false,
  }));
  if (result.rows.fields.length > 0 && hasCols) {
    rows.push({
      keys: ['Total', ...Array<string>(rowKeyColumns - 1).fill('')],
      cells: [...result.colTotals],
      total: result.total,
      isTotal: true,
    });
  } else if (result.rows.fields.length > 0) {
    rows.push({ keys: ['Total', ...Array<string>(rowKeyColumns - 1).fill('')], cells: [result.total], isTotal: true });
  }
  const spec = result.spec as { percent?: string; rate?: { per?: number } } | undefined;
  const matrix = result.rates ?? result.percents;
  const markerOf = (r: number, c: number, v: number | null): Marker | null =>
    result.rates ? rateMarker(result, r, c, v) : percentMarker(result, spec?.percent ?? 'total', r, c, v);
  const derived = matrix
    ? {
        title: result.rates
          ? `Rate per ${formatNumber(spec?.rate?.per ?? 1000)}`
          : `Percentage (${spec?.percent ?? 'of total'})`,
        rows: matrix.map((cells, r) => ({
          keys: keysOf(r),
          cells: [...cells],
          markers: cells.map((v, c) => markerOf(r, c, v)),
        })),
      }
    : null;
  return {
    header: [...rowHeader, ...colHeader, ...(hasCols ? ['Total'] : [])],
    rowKeyColumns,
    rows,
    hasTotalColumn: hasCols,
    derived,
    stats: statsBlock(result, keysOf),
    limits: limitBlocks(result, derived),
    changes: changeBlock(result, keysOf),
  };
}

/** A grid row's values in column order (cells, then the total when the table has one). */
export function rowValuesOf(row: GridRow): Array<number | null> {
  return row.total === undefined ? row.cells : [...row.cells, row.total];
}

export function cellText(value: number | null): string {
  return value === null ? SUPPRESSED_MARKER : formatNumber(value);
}

/** A derived cell as text: its marker where missing. */
export function derivedText(value: number | null, marker: Marker | null, format: (n: number) => string): string {
  return value === null ? (marker ?? SUPPRESSED_MARKER) : format(value);
}
