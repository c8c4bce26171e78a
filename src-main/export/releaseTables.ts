// A published result as the tables of a statistical release: the counts, the percentages or
// rates, and the statistics each as one table of its own with a single header row, every cell a
// number or a marker, and the notes it needs. The XLSX layout (one table per sheet) and the CSV
// blocks are both drawn from these, so the two files print the same numbers, equally rounded.
import { MARKERS, type Marker } from '../../shared/markers.ts';
import type { QueryResult } from '../../shared/query.ts';
import { type DerivedBlock, type TableGrid, rowValuesOf } from './tableGrid.ts';

/** Decimals printed (and stored) for each kind of number: a comms team's sensible rounding. */
export const DECIMALS = { count: 0, derived: 1, cellStats: 2 } as const;
export const NUMBER_FORMATS = { count: '#,##0', derived: '#,##0.0', cellStats: '0.00' } as const;

export type ReleaseCell = number | Marker | string;

export interface ReleaseRow {
  cells: ReleaseCell[];
  /** Excel number format of each cell (null for text). */
  formats: Array<string | null>;
  isTotal: boolean;
}

export interface ReleaseTable {
  /** What kind of table, for its sheet name: counts, percent, rate, stats, expected, residuals. */
  kind: 'counts' | 'percent' | 'rate' | 'lower' | 'upper' | 'change' | 'stats' | 'expected' | 'residuals';
  title: string;
  header: string[];
  /** Leading columns that hold labels rather than numbers. */
  labelColumns: number;
  rows: ReleaseRow[];
  /** Notes this table refers to (their text; numbered once per workbook). Markers are explained apart. */
  notes: string[];
  /** Markers the table shows, once per cell (what the reader sees). */
  markers: Marker[];
}

/** A number rounded to what is printed: n decimals, half away from zero, no binary fuzz. */
export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const rounded = (Math.sign(value) * Math.round(Math.abs(value) * factor + Number.EPSILON * factor)) / factor;
  return Object.is(rounded, -0) ? 0 : rounded;
}

/** The note for persons tables, whose rows and columns can add up to more than their total. */
export function personsNote(result: QueryResult): string | null {
  if (result.meta.measure !== 'persons') return null;
  if (result.rows.fields.length === 0 && result.cols.fields.length === 0) return null;
  return 'Counts are distinct persons: a person with records in more than one row or column is counted in each, so rows and columns can add up to more than their total.';
}

/** Header names made unique and non-empty (an Excel table needs both). */
export function uniqueHeader(header: readonly string[]): string[] {
  const seen = new Set<string>();
  return header.map((raw, i) => {
    // One line each: a table's column name is an XML attribute, where a line break would not survive.
    const text = raw.replace(/\s+/g, ' ').trim();
    const base = text === '' ? (i === 0 ? 'Category' : `Column ${i + 1}`) : text;
    let name = base;
    for (let n = 2; seen.has(name.toLowerCase()); n += 1) name = `${base} (${n})`;
    seen.add(name.toLowerCase());
    return name;
  });
}

function labelCells(keys: readonly string[], isTotal: boolean): string[] {
  // The total row's further label cells say Total too: no blank cell inside a table.
  return keys.map((key) => (isTotal && key === '' ? 'Total' : key));
}

function numberCells(
  values: ReadonlyArray<number | null>,
  markers: ReadonlyArray<Marker | null> | undefined,
  decimals: number,
  format: string,
): { cells: ReleaseCell[]; formats: Array<string | null>; shown: Marker[] } {
  const shown: Marker[] = [];
  const cells = values.map((v, c): ReleaseCell => {
    if (v !== null) return roundTo(v, decimals);
    const marker = markers?.[c] ?? MARKERS.confidential;
    shown.push(marker);
    return marker;
  });
  return { cells, formats: values.map((v) => (v === null ? null : format)), shown };
}

function blockTable(
  kind: ReleaseTable['kind'],
  title: string,
  grid: TableGrid,
  block: DerivedBlock,
  decimals: number,
  format: string,
): ReleaseTable {
  const header = uniqueHeader(grid.header.slice(0, grid.header.length - (grid.hasTotalColumn ? 1 : 0)));
  const markers: Marker[] = [];
  const rows = block.rows.map((row): ReleaseRow => {
    const numbers = numberCells(row.cells, row.markers, decimals, format);
    markers.push(...numbers.shown);
    return {
      cells: [...labelCells(row.keys, false), ...numbers.cells],
      formats: [...row.keys.map(() => null), ...numbers.formats],
      isTotal: false,
    };
  });
  return { kind, title, header, labelColumns: grid.rowKeyColumns, rows, notes: [], markers };
}

/** The confidence limits (lower, upper) and the year-on-year changes, each a table of its own. */
function uncertaintyTables(grid: TableGrid, title: string, footnote: readonly string[]): ReleaseTable[] {
  const tables: ReleaseTable[] = [];
  const { limits, changes } = grid;
  if (limits) {
    for (const [kind, block] of [
      ['lower', limits.lower],
      ['upper', limits.upper],
    ] as const) {
      const table = blockTable(
        kind,
        `${title}: ${block.title.toLowerCase()}`,
        grid,
        block,
        DECIMALS.derived,
        NUMBER_FORMATS.derived,
      );
      table.notes = [...footnote, ...limits.notes];
      tables.push(table);
    }
  }
  if (changes) {
    tables.push({
      kind: 'change',
      title: `${title}: ${changes.title.toLowerCase()}`,
      header: uniqueHeader(grid.header.slice(0, grid.header.length - (grid.hasTotalColumn ? 1 : 0))),
      labelColumns: grid.rowKeyColumns,
      rows: changes.rows.map((row) => ({
        cells: [...labelCells(row.keys, false), ...row.cells],
        formats: [...row.keys.map(() => null), ...row.cells.map(() => null)],
        isTotal: false,
      })),
      notes: [...footnote, changes.note],
      markers: [...changes.markers],
    });
  }
  return tables;
}

/** The tables of one published result, in reading order. */
export function releaseTables(
  result: QueryResult,
  grid: TableGrid,
  title: string,
  footnote: readonly string[],
): ReleaseTable[] {
  const persons = personsNote(result);
  const countMarkers: Marker[] = [];
  const counts: ReleaseTable = {
    kind: 'counts',
    title,
    header: uniqueHeader(grid.header),
    labelColumns: grid.rowKeyColumns,
    rows: grid.rows.map((row) => {
      const numbers = numberCells(rowValuesOf(row), undefined, DECIMALS.count, NUMBER_FORMATS.count);
      countMarkers.push(...numbers.shown);
      return {
        cells: [...labelCells(row.keys, row.isTotal), ...numbers.cells],
        formats: [...row.keys.map(() => null), ...numbers.formats],
        isTotal: row.isTotal,
      };
    }),
    notes: [...footnote, ...(persons ? [persons] : [])],
    markers: countMarkers,
  };
  const tables = [counts];
  if (grid.derived) {
    const kind = result.rates ? 'rate' : 'percent';
    const derived = blockTable(
      kind,
      `${title}: ${grid.derived.title.toLowerCase()}`,
      grid,
      grid.derived,
      DECIMALS.derived,
      NUMBER_FORMATS.derived,
    );
    derived.notes = [...footnote, ...(grid.limits?.notes ?? [])];
    tables.push(derived);
  }
  tables.push(...uncertaintyTables(grid, title, footnote));
  const stats = grid.stats;
  if (stats) {
    const summaryMarkers: Marker[] = [];
    tables.push({
      kind: 'stats',
      title: `${title}: statistics`,
      header: ['Statistic', 'Value'],
      labelColumns: 1,
      rows: stats.summary.map((line) => {
        if (line.value === null && line.text === MARKERS.confidential) summaryMarkers.push(MARKERS.confidential);
        const format = line.decimals === 0 ? '0' : `0.${'0'.repeat(line.decimals)}`;
        return {
          cells: [line.label, line.value ?? line.text],
          formats: [null, line.value === null ? null : format],
          isTotal: false,
        };
      }),
      notes: [...footnote, ...stats.notes],
      markers: summaryMarkers,
    });
    stats.cells.forEach((block, i) => {
      const table = blockTable(
        i === 0 ? 'expected' : 'residuals',
        `${title}: ${block.title.toLowerCase()}`,
        grid,
        block,
        DECIMALS.cellStats,
        NUMBER_FORMATS.cellStats,
      );
      table.notes = [...footnote, ...stats.notes];
      tables.push(table);
    });
  }
  return tables;
}
