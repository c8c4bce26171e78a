// The cross-tab as a grid of labelled rows and columns, shared by the SVG table, the XLSX sheet
// and the CSV file so the three say the same thing. Suppressed cells and totals are null here
// and print as [c].
import type { QueryResult } from '../../shared/query.ts';
import { SUPPRESSED_MARKER } from '../disclosure/footnote.ts';
import { keyLabel, valueLabelOf } from './chartData.ts';
import { formatNumber } from './chartScale.ts';

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
  derived: { title: string; rows: Array<{ keys: string[]; cells: Array<number | null> }> } | null;
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
  const derived = matrix
    ? {
        title: result.rates
          ? `Rate per ${formatNumber(spec?.rate?.per ?? 1000)}`
          : `Percentage (${spec?.percent ?? 'of total'})`,
        rows: matrix.map((cells, r) => ({ keys: keysOf(r), cells: [...cells] })),
      }
    : null;
  return {
    header: [...rowHeader, ...colHeader, ...(hasCols ? ['Total'] : [])],
    rowKeyColumns,
    rows,
    hasTotalColumn: hasCols,
    derived,
  };
}

/** A grid row's values in column order (cells, then the total when the table has one). */
export function rowValuesOf(row: GridRow): Array<number | null> {
  return row.total === undefined ? row.cells : [...row.cells, row.total];
}

export function cellText(value: number | null): string {
  return value === null ? SUPPRESSED_MARKER : formatNumber(value);
}
