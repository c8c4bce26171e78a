// Many cells, each a conjunction of category sets (one set per field: the finest cells a
// release's protection asks the true counts of), counted over one range of a snapshot's rows
// in one pass. Each field's sets are numbered blocks that do not overlap (the main side makes
// as many passes as overlapping sets need), so a row falls in at most one block per field and
// its blocks, read as one mixed-radix number, name at most one cell. Rows come in person
// order, so one "last person seen" stamp per cell counts each person once.
import { bindFilters } from '../boundFilters.ts';
import type { ScanFilters } from '../compileFilters.ts';
import { fusedSelectRows } from '../kernelCodegen.ts';
import type { CodeArray, CohortSnapshot } from '../snapshot.ts';

export interface LeafTallyRequest {
  /** The filters every cell shares (date and number ranges). */
  filters: ScanFilters;
  /** Dimensions of the snapshot the cells' sets are over. */
  fields: string[];
  /** Per field, each code's block (-1: in none of the cells' sets). */
  blockOf: Int32Array[];
  /** Per field, its weight in a row's mixed-radix number of blocks. */
  radix: number[];
  /** Per mixed-radix number of blocks, the cell it is (-1: no cell asked for it). */
  cellOf: Int32Array;
  cells: number;
  measure: 'records' | 'persons';
}

/** Records, or distinct persons, per cell over the rows [start, end). */
export function tallyLeaves(
  snapshot: CohortSnapshot,
  request: LeafTallyRequest,
  start: number,
  end: number,
): Uint32Array {
  const columns: CodeArray[] = request.fields.map((field) => {
    const column = snapshot.dimensions[field];
    if (column === undefined) throw new Error(`column ${field} is not in the snapshot`);
    return column.codes;
  });
  const selected = fusedSelectRows(bindFilters(snapshot, request.filters), start, end);
  const counts = new Uint32Array(request.cells);
  const n = columns.length;
  const { blockOf, cellOf } = request;
  const radix = Int32Array.from(request.radix);
  const persons = request.measure === 'persons';
  const ids = snapshot.personIds;
  const last = new Int32Array(request.cells).fill(-1);
  rows: for (let s = 0; s < selected.length; s++) {
    const r = selected[s] as number;
    let index = 0;
    for (let f = 0; f < n; f++) {
      const block = (blockOf[f] as Int32Array)[(columns[f] as CodeArray)[r] as number] as number;
      if (block < 0) continue rows;
      index += block * (radix[f] as number);
    }
    const cell = cellOf[index] as number;
    if (cell < 0) continue;
    if (!persons) {
      counts[cell]!++;
      continue;
    }
    const person = ids[r] as number;
    if (person < 0 || last[cell] === person) continue;
    last[cell] = person;
    counts[cell]!++;
  }
  return counts;
}
