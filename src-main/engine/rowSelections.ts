// Per worker, the rows of its range that pass a query's date and number ranges, kept for the
// next distinct-persons scans on the same ranges (count cubes over a period read the day
// layout instead, see dayLayout.ts). Their indexes ascend, so rows stay sorted by person.
// A list only pays where the period is short: visiting the listed rows still pulls in every
// cache line of every column read once they are more than a few percent of the rows, so
// beyond about a tenth a straight scan that tests the date costs the same without the list.
// A short period is listed at once, a slightly longer one when a second query comes back to
// it, and a long one never.
import { DayIndex } from './dayIndex.ts';
import { fusedSelectRows } from './kernelCodegen.ts';
import { bindFilters } from './boundFilters.ts';
import type { ScanFilters } from './compileFilters.ts';
import type { CohortSnapshot } from './snapshot.ts';

/** Ranges selecting up to this share of the rows are listed on first use. */
export const FIRST_USE_SHARE = 0.1;
/** Ranges selecting more than this share of the rows are scanned, never listed. */
export const MAX_LISTED_SHARE = 0.2;
/** Listed periods kept per worker (each at most MAX_LISTED_SHARE × 4 bytes per row of its range). */
const MAX_SELECTIONS = 4;

export interface RowScope {
  /** The rows to visit, ascending, or null for every row of the worker's range. */
  rows: Uint32Array | null;
  /** The filters still to test on those rows (all of them when `rows` is null). */
  filters: ScanFilters;
}

function rangesKey(cohort: string, filters: ScanFilters): string {
  return JSON.stringify([cohort, filters.dates, filters.numbers.map((n) => [n.field, String(n.min), String(n.max)])]);
}

export class RowSelections {
  /** Most recently used last; `rows` null: not listed (yet, if `listLater`). */
  private readonly lists = new Map<string, { cohort: string; rows: Uint32Array | null; listLater: boolean }>();
  /** Per cohort and date column, the worker's rows by day (made on the first period asked for). */
  private readonly dayIndexes = new Map<string, DayIndex>();

  scope(snapshot: CohortSnapshot, filters: ScanFilters, start: number, end: number): RowScope {
    if (filters.dates.length === 0 && filters.numbers.length === 0) return { rows: null, filters };
    const key = rangesKey(snapshot.cohort, filters);
    let entry = this.lists.get(key);
    if (entry === undefined) {
      const share = this.shareOf(snapshot, filters, start, end);
      const now = share <= FIRST_USE_SHARE;
      entry = {
        cohort: snapshot.cohort,
        rows: now ? this.select(snapshot, filters, start, end) : null,
        listLater: !now && share <= MAX_LISTED_SHARE,
      };
    } else {
      this.lists.delete(key);
      if (entry.listLater)
        entry = { cohort: entry.cohort, rows: this.select(snapshot, filters, start, end), listLater: false };
    }
    this.lists.set(key, entry);
    while (this.lists.size > MAX_SELECTIONS) this.lists.delete(this.lists.keys().next().value as string);
    if (entry.rows === null) return { rows: null, filters };
    return { rows: entry.rows, filters: { masks: filters.masks, dates: [], numbers: [] } };
  }

  /** The share of the worker's rows in the ranges: exact for one date range, else a guess that defers listing. */
  private shareOf(snapshot: CohortSnapshot, filters: ScanFilters, start: number, end: number): number {
    const only = filters.dates.length === 1 && filters.numbers.length === 0 ? filters.dates[0] : undefined;
    if (only === undefined || end <= start) return MAX_LISTED_SHARE;
    return this.dayIndex(snapshot, only.field, start, end).count(only.lo, only.hi) / (end - start);
  }

  /** The rows in the ranges, ascending. */
  private select(snapshot: CohortSnapshot, filters: ScanFilters, start: number, end: number): Uint32Array {
    const only = filters.dates.length === 1 && filters.numbers.length === 0 ? filters.dates[0] : undefined;
    if (only !== undefined) return this.dayIndex(snapshot, only.field, start, end).rowsBetween(only.lo, only.hi);
    const ranges = bindFilters(snapshot, { masks: [], dates: filters.dates, numbers: filters.numbers });
    return fusedSelectRows(ranges, start, end);
  }

  /** Made eagerly when a snapshot arrives, so that no query waits for it. */
  dayIndex(snapshot: CohortSnapshot, field: string, start: number, end: number): DayIndex {
    const key = `${snapshot.cohort}\u0000${field}`;
    let index = this.dayIndexes.get(key);
    if (index === undefined) {
      const column = snapshot.dates[field];
      if (column === undefined) throw new Error(`column ${field} is not in the snapshot`);
      index = new DayIndex(column.days, start, end);
      this.dayIndexes.set(key, index);
    }
    return index;
  }

  forget(cohort: string): void {
    for (const [key, entry] of this.lists) if (entry.cohort === cohort) this.lists.delete(key);
    for (const key of [...this.dayIndexes.keys()]) if (key.startsWith(`${cohort}\u0000`)) this.dayIndexes.delete(key);
  }
}
