// Worker entry: holds the shared snapshots (and each one's day layout), and runs the scan
// kernels over its own range of rows for each request, or, for a cube over a period, over the
// chunks of any worker's day layout that it claims.
import { parentPort, workerData } from 'node:worker_threads';
import { AppError, isAppError } from '../../shared/errors.ts';
import type { ScanFilters } from './compileFilters.ts';
import type { CubeShape } from './cube.ts';
import { DayLayout, bindToLayout, type LayoutView } from './dayLayout.ts';
import { tallyNeeds } from './analyses/needsTally.ts';
import { tallyLeaves } from './analyses/leafTally.ts';
import { tallyOutcomes } from './analyses/outcomeTally.ts';
import { fillRepeatColumns } from './derived/repeatVictimisation.ts';
import {
  fusedCountFacets,
  fusedCountPersons,
  fusedCountRecords,
  fusedSelectPairs,
  fusedSelectRows,
  type KernelDim,
} from './kernelCodegen.ts';
import { PairBuffers, countSortedPairs, pairsPay, sampleChunks, sortPairsByPerson } from './personPairs.ts';
import { collectWhenIdle } from './idleCollect.ts';
import { JOURNEY_DATE } from './journeys.ts';
import { countJourneys, lowerFirstDays } from './journeysKernel.ts';
import { RowSelections } from './rowSelections.ts';
import { countClaimedChunks } from './sharedCube.ts';
import { bindFilters } from './boundFilters.ts';
import type { CohortSnapshot } from './snapshot.ts';
import { snapshotArrowFile } from './snapshotArrow.ts';
import {
  isSpeculative,
  type CubeReply,
  type FacetsReply,
  type LoadReply,
  type PersonsReply,
  type SharedCubeReply,
  type WorkerFailure,
  type WorkerMessage,
  type WorkerReply,
  type WorkerRequest,
  type WorkerResult,
  type WorkerStart,
} from './workerProtocol.ts';

interface Loaded {
  snapshot: CohortSnapshot;
  start: number;
  end: number;
}

/** The date column whose day layout each snapshot gets. */
const LAYOUT_FIELD = 'date';

/**
 * Slot `slot` of `demand` counts the real requests sent to this worker and not yet started;
 * of `running`, the job this worker runs. What a worker is started with is the pool's own.
 */
const { demand, running, slot } = workerData as WorkerStart;

const loaded = new Map<string, Loaded>();
const layouts = new Map<string, DayLayout>();
/** Per cohort, every worker's day layout (this one's among them), and the load they belong to. */
const allLayouts = new Map<string, { generation: number; views: LayoutView[] }>();
const selections = new RowSelections();
const pairBuffers = new PairBuffers();

function need(cohort: string): Loaded {
  const entry = loaded.get(cohort);
  if (!entry)
    throw new AppError('NO_WORKSPACE', `No ${cohort} data is loaded in the query engine; open the workspace again.`);
  return entry;
}

/** A dimension the main side planned on: a worker that lacks it was sent a spec for other data. */
function columnOf(snapshot: CohortSnapshot, field: string) {
  const column = snapshot.dimensions[field];
  if (!column)
    throw new AppError('INVALID_SPEC', `There is no column ${field} in the ${snapshot.cohort} data; pick one it has.`);
  return column;
}

function dimsOf(snapshot: CohortSnapshot, fields: readonly string[], strides: readonly number[]): KernelDim[] {
  return fields.map((field, d) => {
    return { codes: columnOf(snapshot, field).codes, stride: strides[d] as number };
  });
}

/** The dimensions with their category maps, where the query merges categories. */
function withMaps(dims: KernelDim[], maps: readonly (Int32Array | null)[] | undefined): KernelDim[] {
  if (maps === undefined) return dims;
  return dims.map((dim, d) => {
    const map = maps[d];
    return map ? { ...dim, map } : dim;
  });
}

/** The rows of a query's period on the day layout: when its only range is one on the layout's date column. */
function periodRun(cohort: string, filters: ScanFilters): { layout: DayLayout; from: number; to: number } | undefined {
  const layout = layouts.get(cohort);
  const period = filters.dates.length === 1 && filters.numbers.length === 0 ? filters.dates[0] : undefined;
  if (layout === undefined || period === undefined || period.field !== layout.field) return undefined;
  const [from, to] = layout.run(period.lo, period.hi);
  return { layout, from, to };
}

/**
 * A count cube over the worker's rows that pass the baked filters (or the period's row list).
 * A cube over a period of the day layout is counted by claiming chunks instead (sharedCube).
 */
function buildCube({ snapshot, start, end }: Loaded, shape: CubeShape, baked: ScanFilters): Uint32Array {
  const dims = dimsOf(snapshot, shape.fields, shape.strides);
  const scope = selections.scope(snapshot, baked, start, end);
  return fusedCountRecords(dims, shape.cells, bindFilters(snapshot, scope.filters), start, end, scope.rows);
}

/**
 * Distinct persons per cell under the filters. Where the day layout serves the period, the
 * passing rows of its run give (person, cell) pairs, sorted by person and counted: the cost
 * follows the period and the rows that pass, so that way is taken when a sample of the run
 * shows few enough pass (pairsPay). Otherwise one pass over the snapshot's person-sorted rows
 * (or a short period's row list) with a "last person seen" stamp per cell.
 */
function countPersons(
  { snapshot, start, end }: Loaded,
  request: Extract<WorkerRequest, { op: 'persons' }>,
): PersonsReply {
  const { fields, strides, filters, nRows, nCols, maps } = request;
  const run = periodRun(snapshot.cohort, filters);
  if (run !== undefined) {
    const { layout, from, to } = run;
    const laid = bindToLayout(layout.view, fields, strides, filters.masks);
    const bound = { ...laid, dims: withMaps(laid.dims, maps) };
    // Buffers as long as the rows selected from: a sample's, and the whole run's only once pairs are chosen.
    const select = (a: number, b: number) => {
      const persons = pairBuffers.get(0, b - a + 1);
      const cells = pairBuffers.get(1, b - a + 1);
      return {
        persons,
        cells,
        counts: fusedSelectPairs(bound.dims, bound.filters, layout.persons, a, b, persons, cells),
      };
    };
    let sampled = 0;
    let sampledPairs = 0;
    for (const [a, b] of sampleChunks(to - from)) {
      sampledPairs += select(from + a, from + b).counts[0];
      sampled += b - a;
    }
    const estimate = sampled > 0 ? (sampledPairs / sampled) * (to - from) : 0;
    if (pairsPay(to - from, estimate, end - start)) {
      const {
        persons,
        cells,
        counts: [pairs, recordsMatched],
      } = select(from, to);
      const spare = { persons: pairBuffers.get(2, pairs), cells: pairBuffers.get(3, pairs) };
      const sorted = sortPairsByPerson(persons, cells, pairs, layout.personSpan, spare);
      return { ...countSortedPairs(sorted.persons, sorted.cells, pairs, nRows, nCols), recordsMatched };
    }
  }
  const dims = withMaps(dimsOf(snapshot, fields, strides), maps);
  const scope = selections.scope(snapshot, filters, start, end);
  const bound = bindFilters(snapshot, scope.filters);
  return fusedCountPersons(dims, nRows, nCols, bound, snapshot.personIds, start, end, scope.rows);
}

/**
 * Record facets over the period's run of the day layout, when the period is a filter group of
 * its own (a date range on the layout's column, which no facet belongs to): a row outside the
 * period fails that group and so counts in no facet, so only the run's rows need reading. The
 * period's group is dropped and the rest bound to the layout's copies of their columns.
 * Persons facets need rows in person order and keep the full pass.
 */
function facetsOnLayout(request: Extract<WorkerRequest, { op: 'facets' }>) {
  if (request.measure !== 'records') return undefined;
  const layout = layouts.get(request.cohort);
  if (layout === undefined) return undefined;
  const withDates = request.groups.flatMap((g, gi) => (g.dates.length > 0 || g.numbers.length > 0 ? [gi] : []));
  if (withDates.length !== 1) return undefined;
  const periodGroup = withDates[0] as number;
  const group = request.groups[periodGroup] as ScanFilters;
  const period = group.dates[0];
  if (group.masks.length > 0 || group.numbers.length > 0 || group.dates.length !== 1 || period === undefined)
    return undefined;
  if (period.field !== layout.field || request.groupOf.includes(periodGroup)) return undefined;
  const [from, to] = layout.run(period.lo, period.hi);
  const snapshot = need(request.cohort).snapshot;
  const targets = request.facets.map((field, f) => {
    const column = columnOf(snapshot, field);
    const own = request.groupOf[f] as number;
    return { codes: layout.column(field), size: column.labels.length, group: own > periodGroup ? own - 1 : own };
  });
  const groups = request.groups
    .filter((_, gi) => gi !== periodGroup)
    .map((g) => bindToLayout(layout.view, [], [], g.masks).filters);
  return { layout, from, to, targets, groups };
}

function handle(request: WorkerRequest): { result: WorkerResult; transfer: ArrayBuffer[] } {
  switch (request.op) {
    case 'load': {
      const { snapshot, start, end } = request;
      loaded.set(snapshot.cohort, { snapshot, start, end });
      selections.forget(snapshot.cohort);
      layouts.delete(snapshot.cohort);
      allLayouts.delete(snapshot.cohort);
      for (const field of Object.keys(snapshot.dates)) selections.dayIndex(snapshot, field, start, end);
      let layoutBytes = 0;
      let view: LayoutView | null = null;
      if (snapshot.dates[LAYOUT_FIELD]) {
        const layout = new DayLayout(LAYOUT_FIELD, selections.dayIndex(snapshot, LAYOUT_FIELD, start, end), snapshot);
        layouts.set(snapshot.cohort, layout);
        layoutBytes = layout.bytes;
        view = layout.view;
      }
      const value: LoadReply = { layoutBytes, layout: view };
      collectWhenIdle();
      return { result: { op: 'load', value }, transfer: [] };
    }
    case 'layouts':
      allLayouts.set(request.cohort, { generation: request.generation, views: request.views });
      return { result: { op: 'layouts', value: true }, transfer: [] };
    case 'sharedCube': {
      const shared = allLayouts.get(request.cohort);
      if (shared === undefined || shared.generation !== request.generation)
        throw new AppError('INTERNAL', `The ${request.cohort} data changed while the query ran; run it again.`);
      const value: SharedCubeReply = countClaimedChunks(
        shared.views,
        request.shape,
        request.masks,
        request.chunks,
        request.claim,
        request.speculative ? () => Atomics.load(demand, slot) > 0 : undefined,
      );
      return { result: { op: 'sharedCube', value }, transfer: [value.counts.buffer as ArrayBuffer] };
    }
    case 'drop':
      loaded.delete(request.cohort);
      layouts.delete(request.cohort);
      allLayouts.delete(request.cohort);
      selections.forget(request.cohort);
      return { result: { op: 'drop', value: true }, transfer: [] };
    case 'cube': {
      const counts = buildCube(need(request.cohort), request.shape, request.baked);
      const value: CubeReply = { counts };
      return { result: { op: 'cube', value }, transfer: [counts.buffer as ArrayBuffer] };
    }
    case 'persons': {
      const value = countPersons(need(request.cohort), request);
      return {
        result: { op: 'persons', value },
        transfer: [value.cells.buffer, value.rowTotals.buffer, value.colTotals.buffer] as ArrayBuffer[],
      };
    }
    case 'facets': {
      const onRun = facetsOnLayout(request);
      if (onRun) {
        const value: FacetsReply = fusedCountFacets(
          onRun.targets,
          onRun.groups,
          'records',
          onRun.layout.persons,
          onRun.from,
          onRun.to,
        );
        return { result: { op: 'facets', value }, transfer: value.histograms.map((h) => h.buffer as ArrayBuffer) };
      }
      const { snapshot, start, end } = need(request.cohort);
      const targets = request.facets.map((field, f) => {
        const column = columnOf(snapshot, field);
        return { codes: column.codes, size: column.labels.length, group: request.groupOf[f] as number };
      });
      const groups = request.groups.map((filters) => bindFilters(snapshot, filters));
      const value: FacetsReply = fusedCountFacets(targets, groups, request.measure, snapshot.personIds, start, end);
      return { result: { op: 'facets', value }, transfer: value.histograms.map((h) => h.buffer as ArrayBuffer) };
    }
    case 'markPersons': {
      const { snapshot, start, end } = need(request.cohort);
      const rows = fusedSelectRows(bindFilters(snapshot, request.filters), start, end);
      const ids = snapshot.personIds;
      for (let i = 0; i < rows.length; i++) {
        const person = ids[rows[i] as number] as number;
        if (person >= 0) request.target[person] = 1;
      }
      return { result: { op: 'markPersons', value: rows.length }, transfer: [] };
    }
    case 'overlapCount': {
      const counts = new Float64Array(8);
      const [a, b, c] = request.targets;
      for (let p = request.start; p < request.end; p++) {
        const combination = (a?.[p] ?? 0) | ((b?.[p] ?? 0) << 1) | ((c?.[p] ?? 0) << 2);
        counts[combination]!++;
      }
      return { result: { op: 'overlapCount', value: counts }, transfer: [counts.buffer] };
    }
    case 'deriveWindow': {
      const { snapshot, start, end } = need(request.cohort);
      fillRepeatColumns(snapshot, request.windowDays, start, end, request.columns, request.remaps);
      return { result: { op: 'deriveWindow', value: true }, transfer: [] };
    }
    case 'firstDays': {
      const { snapshot, start, end } = need(request.cohort);
      const rows = fusedSelectRows(bindFilters(snapshot, request.filters), start, end);
      lowerFirstDays(rows, snapshot.personIds, snapshot.dates[JOURNEY_DATE]?.days, request.target);
      return { result: { op: 'firstDays', value: rows.length }, transfer: [] };
    }
    case 'journeyCount': {
      const counts = countJourneys(request.firsts, request.start, request.end, request.windowDays);
      return { result: { op: 'journeyCount', value: counts }, transfer: [counts.buffer as ArrayBuffer] };
    }
    case 'outcomes': {
      const { snapshot, start, end } = need(request.cohort);
      const value = tallyOutcomes(snapshot, request.tally, start, end);
      const transfer = [value.records.buffer, value.persons.buffer, value.histograms.buffer] as ArrayBuffer[];
      return { result: { op: 'outcomes', value }, transfer };
    }
    case 'needsTally': {
      const { snapshot, start, end } = need(request.cohort);
      const value = tallyNeeds(snapshot, request.tally, start, end);
      return {
        result: { op: 'needsTally', value },
        transfer: [value.persons.buffer, value.records.buffer] as ArrayBuffer[],
      };
    }
    case 'leafTally': {
      const { snapshot, start, end } = need(request.cohort);
      const value = tallyLeaves(snapshot, request.tally, start, end);
      return { result: { op: 'leafTally', value }, transfer: [value.buffer as ArrayBuffer] };
    }
    case 'export': {
      const { snapshot } = need(request.cohort);
      const rows = fusedSelectRows(bindFilters(snapshot, request.filters), 0, snapshot.rowCount);
      const bytes = snapshotArrowFile(snapshot, rows);
      return { result: { op: 'export', value: bytes }, transfer: [bytes.buffer as ArrayBuffer] };
    }
  }
}

const port = parentPort;
if (!port) throw new Error('engineWorker runs only as a worker thread');
/** An AppError keeps its code across the thread; anything else is a bug, INTERNAL on the main side. */
function failureOf(error: unknown): WorkerFailure {
  if (isAppError(error)) return { code: error.code, message: error.message, coded: true };
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error), coded: false };
}

port.on('message', (message: WorkerMessage) => {
  if (!isSpeculative(message.request)) Atomics.sub(demand, slot, 1);
  if (Atomics.load(message.cancelled, 0) === 1) {
    const skipped: WorkerReply = { id: message.id, status: 'skipped' };
    port.postMessage(skipped);
    return;
  }
  let reply: WorkerReply;
  let transfer: ArrayBuffer[] = [];
  Atomics.store(running, slot, message.id);
  try {
    const handled = handle(message.request);
    reply = { ...handled.result, id: message.id, status: 'done' };
    transfer = handled.transfer;
  } catch (error) {
    reply = { id: message.id, status: 'failed', error: failureOf(error) };
  } finally {
    Atomics.store(running, slot, 0);
  }
  port.postMessage(reply, transfer);
});
