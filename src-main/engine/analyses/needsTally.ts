// The pieces of needs together over one range of an offenders snapshot's rows, in one pass:
// distinct persons per category of each need (the one-need tables, and every pair's margins),
// per pair of categories of each pair of needs (the pair tables' cells), and overall. A query
// worker tallies its own rows (a range cut at a person's edge, so persons are never split) and
// the main side adds the tallies up. Rows come in person order, so one "last person seen"
// stamp per slot counts each person once.
import { AppError } from '../../../shared/errors.ts';
import { bindFilters } from '../boundFilters.ts';
import type { ScanFilters } from '../compileFilters.ts';
import { fusedSelectRows } from '../kernelCodegen.ts';
import type { CodeArray, CohortSnapshot } from '../snapshot.ts';

export interface NeedsTallyRequest {
  filters: ScanFilters;
  /** The need fields, dimensions of the snapshot, in the matrix's order. */
  fields: string[];
  /** Per field, its number of categories. */
  sizes: number[];
}

/** Where each piece's persons sit in a tally's slots. */
export interface NeedsSlots {
  /** Per need, the slot of its first category. */
  single: number[];
  /** Per pair (i < j, i major), the slot of its first cell (cells row by row). */
  pair: number[];
  total: number;
  length: number;
}

export interface NeedsTally {
  persons: Uint32Array;
  /** Per slot, the rows passing the filters, with or without a person (the total's: all of them). */
  records: Uint32Array;
}

export function needsSlots(sizes: readonly number[]): NeedsSlots {
  let next = 0;
  const single = sizes.map((k) => {
    const at = next;
    next += k;
    return at;
  });
  const pair: number[] = [];
  for (let i = 0; i < sizes.length; i++) {
    for (let j = i + 1; j < sizes.length; j++) {
      pair.push(next);
      next += (sizes[i] as number) * (sizes[j] as number);
    }
  }
  return { single, pair, total: next, length: next + 1 };
}

export function tallyNeeds(
  snapshot: CohortSnapshot,
  request: NeedsTallyRequest,
  start: number,
  end: number,
): NeedsTally {
  const { fields, sizes } = request;
  const n = fields.length;
  const slots = needsSlots(sizes);
  const persons = new Uint32Array(slots.length);
  const records = new Uint32Array(slots.length);
  const last = new Int32Array(slots.length).fill(-1);
  const columns = fields.map((field) => {
    const column = snapshot.dimensions[field];
    if (!column)
      throw new AppError(
        'INVALID_SPEC',
        `There is no column ${field} in the ${snapshot.cohort} data; pick one it has.`,
      );
    return column.codes;
  });
  const selected = fusedSelectRows(bindFilters(snapshot, request.filters), start, end);
  const codes = new Int32Array(n);
  const { personIds } = snapshot;
  const mark = (slot: number, person: number): void => {
    records[slot]!++;
    if (person < 0 || last[slot] === person) return;
    last[slot] = person;
    persons[slot]!++;
  };
  for (let s = 0; s < selected.length; s++) {
    const r = selected[s] as number;
    const person = personIds[r] as number;
    for (let i = 0; i < n; i++) {
      const code = (columns[i] as CodeArray)[r] as number;
      codes[i] = code;
      mark((slots.single[i] as number) + code, person);
    }
    let p = 0;
    for (let i = 0; i < n; i++) {
      const a = codes[i] as number;
      for (let j = i + 1; j < n; j++, p++)
        mark((slots.pair[p] as number) + a * (sizes[j] as number) + (codes[j] as number), person);
    }
    mark(slots.total, person);
  }
  return { persons, records };
}
