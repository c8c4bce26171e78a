// Worker entry: holds the shared snapshots (and each one's day layout), and runs the scan
// kernels over its own range of rows for each request.
import { parentPort } from 'node:worker_threads';
import { tableToIPC } from 'apache-arrow';
import type { ScanFilters } from './compileFilters.ts';
import type { CubeShape } from './cube.ts';
import { DayLayout } from './dayLayout.ts';
import {
  fusedCountFacets,
  fusedCountPersons,
  fusedCountRecords,
  fusedSelectPairs,
  fusedSelectRows,
} from './kernelCodegen.ts';
import { PairBuffers, countSortedPairs, pairsPay, sampleChunks, sortPairsByPerson } from './personPairs.ts';
import { RowSelections } from './rowSelections.ts';
import { bindFilters } from './boundFilters.ts';
import { snapshotTable, type CohortSnapshot } from './snapshot.ts';
import type {
  CubeReply,
  FacetsReply,
  LoadReply,
  PersonsReply,
  WorkerMessage,
  WorkerReply,
  WorkerRequest,
} from './workerProtocol.ts';

interface Loaded {
  snapshot: CohortSnapshot;
  start: number;
  end: number;
}

/** The date column whose day layout each snapshot gets. */
const LAYOUT_FIELD = 'date';

const loaded = new Map<string, Loaded>();
const layouts = new Map<string, DayLayout>();
const selections = new RowSelections();
const pairBuffers = new PairBuffers();

function need(cohort: string): Loaded {
  const entry = loaded.get(cohort);
  if (!entry) throw new Error(`no snapshot of ${cohort} in this worker`);
  return entry;
}

function dimsOf(snapshot: CohortSnapshot, fields: readonly string[], strides: readonly number[]) {
  return fields.map((field, d) => {
    const column = snapshot.dimensions[field];
    if (!column) throw new Error(`no column ${field} in ${snapshot.cohort}`);
    return { codes: column.codes, stride: strides[d] as number };
  });
}

/**
 * A count cube over the worker's rows that pass the baked filters: over the period's run of
 * the day layout when the only range is one on its date column, else over the snapshot's
 * rows (or the period's row list).
 */
function buildCube({ snapshot, start, end }: Loaded, shape: CubeShape, baked: ScanFilters): Uint32Array {
  const layout = layouts.get(snapshot.cohort);
  const period = baked.dates.length === 1 && baked.numbers.length === 0 ? baked.dates[0] : undefined;
  if (layout !== undefined && period !== undefined && period.field === layout.field) {
    const [from, to] = layout.run(period.lo, period.hi);
    const dims = shape.fields.map((field, d) => ({ codes: layout.column(field), stride: shape.strides[d] as number }));
    const masks = baked.masks.map((m) => ({ codes: layout.column(m.field), allowed: m.allowed }));
    return fusedCountRecords(dims, shape.cells, { masks, dates: [], numbers: [] }, from, to);
  }
  const dims = dimsOf(snapshot, shape.fields, shape.strides);
  const scope = selections.scope(snapshot, baked, start, end);
  return fusedCountRecords(dims, shape.cells, bindFilters(snapshot, scope.filters), start, end, scope.rows);
}

/**
 * Distinct persons per cell under the filters. With one date range on the day layout's
 * column (and no number range), the period's run of the layout gives the passing rows'
 * (person, cell) pairs, which are sorted by person and counted: the cost follows the period
 * and the rows that pass, so it is chosen when a sample of the run shows few enough pass.
 * Otherwise one pass over the snapshot's person-sorted rows (or a short period's row list)
 * with a "last person seen" stamp per cell.
 */
function countPersons(
  { snapshot, start, end }: Loaded,
  request: Extract<WorkerRequest, { op: 'persons' }>,
): PersonsReply {
  const { filters, nRows, nCols } = request;
  const layout = layouts.get(snapshot.cohort);
  const period = filters.dates.length === 1 && filters.numbers.length === 0 ? filters.dates[0] : undefined;
  if (layout !== undefined && period !== undefined && period.field === layout.field) {
    const [from, to] = layout.run(period.lo, period.hi);
    const dims = request.fields.map((field, d) => ({
      codes: layout.column(field),
      stride: request.strides[d] as number,
    }));
    const masks = filters.masks.map((m) => ({ codes: layout.column(m.field), allowed: m.allowed }));
    const bound = { masks, dates: [], numbers: [] };
    const persons = pairBuffers.get(0, to - from + 1);
    const cells = pairBuffers.get(1, to - from + 1);
    let sampled = 0;
    let sampledPairs = 0;
    for (const [a, b] of sampleChunks(to - from)) {
      sampledPairs += fusedSelectPairs(dims, bound, layout.persons, from + a, from + b, persons, cells)[0];
      sampled += b - a;
    }
    const estimate = sampled > 0 ? (sampledPairs / sampled) * (to - from) : 0;
    if (pairsPay(to - from, estimate, end - start)) {
      const [pairs, recordsMatched] = fusedSelectPairs(dims, bound, layout.persons, from, to, persons, cells);
      const spare = { persons: pairBuffers.get(2, pairs), cells: pairBuffers.get(3, pairs) };
      const sorted = sortPairsByPerson(persons, cells, pairs, layout.personSpan, spare);
      return { ...countSortedPairs(sorted.persons, sorted.cells, pairs, nRows, nCols), recordsMatched };
    }
  }
  const dims = dimsOf(snapshot, request.fields, request.strides);
  const scope = selections.scope(snapshot, filters, start, end);
  const bound = bindFilters(snapshot, scope.filters);
  return fusedCountPersons(dims, nRows, nCols, bound, snapshot.personIds, start, end, scope.rows);
}

function handle(request: WorkerRequest): { value: unknown; transfer: ArrayBuffer[] } {
  switch (request.op) {
    case 'load': {
      const { snapshot, start, end } = request;
      loaded.set(snapshot.cohort, { snapshot, start, end });
      selections.forget(snapshot.cohort);
      layouts.delete(snapshot.cohort);
      for (const field of Object.keys(snapshot.dates)) selections.dayIndex(snapshot, field, start, end);
      let layoutBytes = 0;
      if (snapshot.dates[LAYOUT_FIELD]) {
        const layout = new DayLayout(LAYOUT_FIELD, selections.dayIndex(snapshot, LAYOUT_FIELD, start, end), snapshot);
        layouts.set(snapshot.cohort, layout);
        layoutBytes = layout.bytes;
      }
      const value: LoadReply = { layoutBytes };
      return { value, transfer: [] };
    }
    case 'drop':
      loaded.delete(request.cohort);
      layouts.delete(request.cohort);
      selections.forget(request.cohort);
      return { value: true, transfer: [] };
    case 'cube': {
      const counts = buildCube(need(request.cohort), request.shape, request.baked);
      const value: CubeReply = { counts };
      return { value, transfer: [counts.buffer as ArrayBuffer] };
    }
    case 'persons': {
      const value = countPersons(need(request.cohort), request);
      return { value, transfer: [value.cells.buffer, value.rowTotals.buffer, value.colTotals.buffer] as ArrayBuffer[] };
    }
    case 'facets': {
      const { snapshot, start, end } = need(request.cohort);
      const targets = request.facets.map((field, f) => {
        const column = snapshot.dimensions[field];
        if (!column) throw new Error(`no column ${field} in ${snapshot.cohort}`);
        return { codes: column.codes, size: column.labels.length, group: request.groupOf[f] as number };
      });
      const groups = request.groups.map((filters) => bindFilters(snapshot, filters));
      const value: FacetsReply = fusedCountFacets(targets, groups, request.measure, snapshot.personIds, start, end);
      return { value, transfer: value.histograms.map((h) => h.buffer as ArrayBuffer) };
    }
    case 'markPersons': {
      const { snapshot, start, end } = need(request.cohort);
      const rows = fusedSelectRows(bindFilters(snapshot, request.filters), start, end);
      const ids = snapshot.personIds;
      for (let i = 0; i < rows.length; i++) {
        const person = ids[rows[i] as number] as number;
        if (person >= 0) request.target[person] = 1;
      }
      return { value: rows.length, transfer: [] };
    }
    case 'overlapCount': {
      const counts = new Float64Array(8);
      const [a, b, c] = request.targets;
      for (let p = request.start; p < request.end; p++) {
        const combination = (a?.[p] ?? 0) | ((b?.[p] ?? 0) << 1) | ((c?.[p] ?? 0) << 2);
        counts[combination]!++;
      }
      return { value: counts, transfer: [counts.buffer] };
    }
    case 'export': {
      const { snapshot } = need(request.cohort);
      const rows = fusedSelectRows(bindFilters(snapshot, request.filters), 0, snapshot.rowCount);
      const bytes = tableToIPC(snapshotTable(snapshot, rows), 'file');
      return { value: bytes, transfer: [bytes.buffer as ArrayBuffer] };
    }
  }
}

const port = parentPort;
if (!port) throw new Error('engineWorker runs only as a worker thread');
port.on('message', (message: WorkerMessage) => {
  let reply: WorkerReply;
  let transfer: ArrayBuffer[] = [];
  try {
    const result = handle(message.request);
    reply = { id: message.id, ok: true, value: result.value };
    transfer = result.transfer;
  } catch (error) {
    reply = { id: message.id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply, transfer);
});
