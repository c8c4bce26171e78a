// The true counts of many cells, each a conjunction of category sets (per field one set), under
// the same date and number ranges: the finest cells a release's protection needs, counted in
// one pass of the query workers (leafTally.ts) instead of one query per combination of sets.
// Each field's distinct sets become blocks; sets of one field that overlap go to another pass,
// so every pass reads a row's blocks as one number naming at most one cell.
import type { Filter } from '../../../shared/query.ts';
import { compileFilters, type ScanFilters } from '../compileFilters.ts';
import type { CohortSnapshot } from '../snapshot.ts';
import type { JobOptions, WorkerPool } from '../workerPool.ts';
import type { LeafTallyRequest } from './leafTally.ts';

/** Cells to count: per field, the categories a record must have one of. */
export interface LeafCountsRequest {
  cohort: string;
  measure: 'records' | 'persons';
  /** Filters every cell shares (date and number ranges). */
  filters: readonly Filter[];
  cells: readonly Readonly<Record<string, readonly string[]>>[];
  /** The repeat victimisation window the cells' repeat fields are counted over; absent: the default. */
  windowDays?: number;
}

/** A pass's numbers of blocks, multiplied, are at most this (its table of cells is that long). */
const MAX_BLOCK_SPACE = 1 << 20;

interface Pass {
  /** Per field, its sets' masks in block order. */
  blocks: Map<string, Uint8Array[]>;
  /** Per field, each mask's block, and each code's block (-1: none yet). */
  blockOfMask: Map<string, Map<Uint8Array, number>>;
  owner: Map<string, Int32Array>;
  /** The cells of the request it counts, each with its block per field. */
  members: { cell: number; blocks: Map<string, number> }[];
}

/** Each distinct set's mask over the column's codes (a category unknown to a closed column is INVALID_SPEC, as in a query). */
function maskOf(snapshot: CohortSnapshot, field: string, set: readonly string[], memo: Map<string, Uint8Array>) {
  const id = `${field}\u0000${JSON.stringify(set)}`;
  let mask = memo.get(id);
  if (mask === undefined) {
    mask = compileFilters(snapshot, [{ kind: 'in', field, in: [...set] }]).masks[0]!.allowed;
    memo.set(id, mask);
  }
  return mask;
}

/** The cells grouped into passes in which no two blocks of a field overlap. */
function passesOf(snapshot: CohortSnapshot, request: LeafCountsRequest): Pass[] {
  const memo = new Map<string, Uint8Array>();
  const codesOf = new Map<Uint8Array, number[]>();
  const setCodes = (mask: Uint8Array): number[] => {
    let codes = codesOf.get(mask);
    if (codes === undefined) {
      codes = [];
      for (let c = 0; c < mask.length; c++) if (mask[c] === 1) codes.push(c);
      codesOf.set(mask, codes);
    }
    return codes;
  };
  const passes: Pass[] = [];
  // A field a cell leaves open is, for that cell, every category of it.
  const fields = [...new Set(request.cells.flatMap((cell) => Object.keys(cell)))];
  const every = new Map(
    fields.map((f) => [f, maskOf(snapshot, f, snapshot.dimensions[f]?.labels ?? [], memo)] as const),
  );
  const newPass = (): Pass => ({
    blocks: new Map(fields.map((f) => [f, []])),
    blockOfMask: new Map(fields.map((f) => [f, new Map()])),
    owner: new Map(fields.map((f) => [f, new Int32Array(every.get(f)!.length).fill(-1)])),
    members: [],
  });
  request.cells.forEach((cell, index) => {
    const masks = fields.map((field) => {
      const set = cell[field];
      return [field, set === undefined ? every.get(field)! : maskOf(snapshot, field, set, memo)] as const;
    });
    // A block already there, or a new one over codes no block of the pass holds.
    const fits = (pass: Pass): boolean =>
      masks.every(([field, mask]) => {
        if (pass.blockOfMask.get(field)!.has(mask)) return true;
        const owner = pass.owner.get(field)!;
        return setCodes(mask).every((c) => owner[c] === -1);
      });
    let pass = passes.find(fits);
    if (pass === undefined) {
      pass = newPass();
      passes.push(pass);
    }
    const chosen = new Map<string, number>();
    for (const [field, mask] of masks) {
      const known = pass.blockOfMask.get(field)!;
      let block = known.get(mask);
      if (block === undefined) {
        const blocks = pass.blocks.get(field)!;
        block = blocks.length;
        blocks.push(mask);
        known.set(mask, block);
        const owner = pass.owner.get(field)!;
        for (const c of setCodes(mask)) owner[c] = block;
      }
      chosen.set(field, block);
    }
    pass.members.push({ cell: index, blocks: chosen });
  });
  return passes;
}

/** A pass as the workers' request, or null when its table of cells would be too long. */
function tallyOf(snapshot: CohortSnapshot, pass: Pass, filters: ScanFilters, measure: LeafCountsRequest['measure']) {
  const fields = [...pass.blocks.keys()];
  const counts = fields.map((f) => pass.blocks.get(f)!.length);
  const space = counts.reduce((a, k) => a * k, 1);
  if (space > MAX_BLOCK_SPACE) return null;
  const radix: number[] = [];
  for (let i = fields.length - 1, r = 1; i >= 0; i--) {
    radix[i] = r;
    r *= counts[i]!;
  }
  const blockOf = fields.map((f) => pass.owner.get(f)!);
  // Shared, not copied to each worker: it can run to a million slots.
  const cellOf = new Int32Array(new SharedArrayBuffer(space * Int32Array.BYTES_PER_ELEMENT)).fill(-1);
  const slotOf: number[] = [];
  let slots = 0;
  for (const member of pass.members) {
    const index = fields.reduce((sum, f, i) => sum + member.blocks.get(f)! * radix[i]!, 0);
    if (cellOf[index]! < 0) cellOf[index] = slots++;
    slotOf.push(cellOf[index]!);
  }
  const tally: LeafTallyRequest = { filters, fields, blockOf, radix, cellOf, cells: slots, measure };
  return { tally, slotOf };
}

/**
 * The count of each cell, in the order asked, from one pass of the workers per set of
 * non-overlapping blocks; null when a pass would be too large to tabulate, for the caller to
 * count another way.
 */
export async function leafCountsOnWorkers(
  snapshot: CohortSnapshot,
  request: LeafCountsRequest,
  pool: WorkerPool,
  job: JobOptions,
): Promise<number[] | null> {
  const filters = compileFilters(snapshot, request.filters);
  const planned = passesOf(snapshot, request).map((pass) => ({
    pass,
    plan: tallyOf(snapshot, pass, filters, request.measure),
  }));
  if (planned.some((p) => p.plan === null)) return null;
  const values = new Array<number>(request.cells.length).fill(0);
  for (const { pass, plan } of planned) {
    const { tally, slotOf } = plan!;
    const replies = await pool.all(() => ({ op: 'leafTally', cohort: snapshot.cohort, tally }), job);
    pass.members.forEach((member, k) => {
      values[member.cell] = replies.reduce((sum, counts) => sum + (counts[slotOf[k]!] as number), 0);
    });
  }
  return values;
}
