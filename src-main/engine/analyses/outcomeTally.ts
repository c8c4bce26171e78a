// Time to outcome over one range of a suspects snapshot's rows: per cell of the table (and per
// margin) the records with both dates and the distinct persons among them, and per cell a
// histogram of the days from offence to outcome. A query worker tallies its own rows (a range
// cut at a person's edge, so persons are never split), and the main side adds the tallies up.
import { isTimed } from '../derived/outcomeTimed.ts';
import { bindFilters } from '../boundFilters.ts';
import type { ScanFilters } from '../compileFilters.ts';
import { fusedSelectRows } from '../kernelCodegen.ts';
import type { CohortSnapshot } from '../snapshot.ts';

export const OFFENCE_DATE = 'date';
export const OUTCOME_DATE = 'outcome_date';

/**
 * One range's tally. `records` and `persons` hold the cells row by row, then the row margins,
 * the column margins and the grand total; `histograms` holds each cell's `span` day counts.
 */
export interface OutcomeTally {
  records: Uint32Array;
  persons: Uint32Array;
  span: number;
  histograms: Uint32Array;
  /** Rows passing the filters, with or without an outcome date. */
  matched: number;
  /** False when the snapshot has no offence or outcome dates at all. */
  dated: boolean;
}

export interface TallyRequest {
  filters: ScanFilters;
  /** The row and column fields (null: none), dimensions of the snapshot. */
  rowField: string | null;
  colField: string | null;
  nRows: number;
  nCols: number;
}

/** Slots of the tally's counts: cells, then rows, then columns, then the total. */
export function tallySlots(nRows: number, nCols: number) {
  const cells = nRows * nCols;
  return { cells, row: (r: number) => cells + r, col: (c: number) => cells + nRows + c, total: cells + nRows + nCols };
}

export function tallyOutcomes(
  snapshot: CohortSnapshot,
  request: TallyRequest,
  start: number,
  end: number,
): OutcomeTally {
  const { nRows, nCols } = request;
  const slots = tallySlots(nRows, nCols);
  const records = new Uint32Array(slots.total + 1);
  const persons = new Uint32Array(slots.total + 1);
  const selected = fusedSelectRows(bindFilters(snapshot, request.filters), start, end);
  const offence = snapshot.dates[OFFENCE_DATE]?.days;
  const outcome = snapshot.dates[OUTCOME_DATE]?.days;
  if (!offence || !outcome)
    return { records, persons, span: 0, histograms: new Uint32Array(0), matched: selected.length, dated: false };
  let span = 0;
  for (let i = 0; i < selected.length; i++) {
    const r = selected[i] as number;
    const from = offence[r] as number;
    const to = outcome[r] as number;
    if (isTimed(from, to) && to - from + 1 > span) span = to - from + 1;
  }
  const histograms = new Uint32Array(slots.cells * span);
  const rowCodes = request.rowField === null ? null : snapshot.dimensions[request.rowField]?.codes;
  const colCodes = request.colField === null ? null : snapshot.dimensions[request.colField]?.codes;
  // Rows come in person order: a slot counts a person when it sees a person other than its last one.
  const lastPerson = new Int32Array(slots.total + 1).fill(-2);
  const count = (slot: number, person: number): void => {
    records[slot]!++;
    if (person !== lastPerson[slot] && person >= 0) persons[slot]!++;
    lastPerson[slot] = person;
  };
  const { personIds } = snapshot;
  for (let i = 0; i < selected.length; i++) {
    const r = selected[i] as number;
    const from = offence[r] as number;
    const to = outcome[r] as number;
    // The importer refuses an outcome before its offence; a negative span here is left out, not counted.
    if (!isTimed(from, to)) continue;
    const person = personIds[r] as number;
    const row = rowCodes ? (rowCodes[r] as number) : 0;
    const col = colCodes ? (colCodes[r] as number) : 0;
    const cell = row * nCols + col;
    histograms[cell * span + (to - from)]!++;
    count(cell, person);
    count(slots.row(row), person);
    count(slots.col(col), person);
    count(slots.total, person);
  }
  return { records, persons, span, histograms, matched: selected.length, dated: true };
}
