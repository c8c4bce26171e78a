// Worker entry: holds the shared snapshots and the count cubes built from them, and
// runs the scan kernels over its own range of rows for each request.
import { parentPort } from 'node:worker_threads';
import { tableToIPC } from 'apache-arrow';
import { projectCube, type CubeShape } from './cube.ts';
import { fusedCountFacets, fusedCountPersons, fusedCountRecords, fusedSelectRows } from './kernelCodegen.ts';
import { RowSelections } from './rowSelections.ts';
import { bindFilters } from './boundFilters.ts';
import { snapshotTable, type CohortSnapshot } from './snapshot.ts';
import type {
  CubeReply,
  FacetsReply,
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

const loaded = new Map<string, Loaded>();
const cubes = new Map<number, { cohort: string; shape: CubeShape; counts: Uint32Array; scanned: number }>();
const selections = new RowSelections();

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

function handle(request: WorkerRequest): { value: unknown; transfer: ArrayBuffer[] } {
  switch (request.op) {
    case 'load':
      loaded.set(request.snapshot.cohort, { snapshot: request.snapshot, start: request.start, end: request.end });
      selections.forget(request.snapshot.cohort);
      for (const field of Object.keys(request.snapshot.dates))
        selections.dayIndex(request.snapshot, field, request.start, request.end);
      for (const [id, cube] of cubes) if (cube.cohort === request.snapshot.cohort) cubes.delete(id);
      return { value: true, transfer: [] };
    case 'drop':
      loaded.delete(request.cohort);
      selections.forget(request.cohort);
      for (const [id, cube] of cubes) if (cube.cohort === request.cohort) cubes.delete(id);
      return { value: true, transfer: [] };
    case 'dropCube':
      cubes.delete(request.cubeId);
      return { value: true, transfer: [] };
    case 'cube': {
      const { snapshot, start, end } = need(request.cohort);
      let cube = cubes.get(request.cubeId);
      const built = !cube;
      if (!cube) {
        const dims = dimsOf(snapshot, request.shape.fields, request.shape.strides);
        const scope = selections.scope(snapshot, request.baked, start, end);
        const filters = bindFilters(snapshot, scope.filters);
        const counts = fusedCountRecords(dims, request.shape.cells, filters, start, end, scope.rows);
        const visited = scope.rows === null ? end - start : scope.rows.length;
        const scanned = visited - (counts[request.shape.cells] as number);
        cube = { cohort: request.cohort, shape: request.shape, counts, scanned };
        cubes.set(request.cubeId, cube);
      }
      const counts = projectCube(cube.counts, cube.shape, request.projection);
      const value: CubeReply = { counts, scanned: cube.scanned, built };
      return { value, transfer: [counts.buffer as ArrayBuffer] };
    }
    case 'persons': {
      const { snapshot, start, end } = need(request.cohort);
      const dims = dimsOf(snapshot, request.fields, request.strides);
      const scope = selections.scope(snapshot, request.filters, start, end);
      const value: PersonsReply = fusedCountPersons(
        dims,
        request.nRows,
        request.nCols,
        bindFilters(snapshot, scope.filters),
        snapshot.personIds,
        start,
        end,
        scope.rows,
      );
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
