// `npm run bench -- needs`: the 55 tables needs together is read from (persons by each of 10
// needs, and by each pair), over a generated offenders cohort, counted in one pass of the query
// workers (as the app counts them) beside one engine query per table (the path it replaced),
// without a filter and under one. Every matrix cell is checked against a plain count made here
// (per pair, the persons marked on a record with both needs), and every table against the
// engine's own query of it.
import { NEEDS } from '../shared/codebook.ts';
import type { QuerySpec } from '../shared/query.ts';
import { createEngine } from '../src-main/engine/engine.ts';
import type { EngineResult } from '../src-main/engine/finalizeResult.ts';
import { packSnapshot, type RawDimension } from '../src-main/engine/packSnapshot.ts';
import type { CohortSnapshot } from '../src-main/engine/snapshot.ts';
import { generateBenchData } from './engineData.ts';
import type { BenchRow } from './types.ts';

export interface NeedsBenchOptions {
  records: number;
}

const LABELS = ['No', 'Yes'];
const YES = 1;
const FIELDS = NEEDS.map(([field]) => field);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Median wall and CPU milliseconds (this process: main thread and workers). On a loaded machine
 * the wall favours many short jobs (the scheduler credits threads that sleep), so the CPU is the
 * fairer comparison of the work done.
 */
async function medianOf(runs: number, fn: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  await fn();
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let r = 0; r < runs; r++) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    await fn();
    walls.push(performance.now() - started);
    const used = process.cpuUsage(cpu);
    cpus.push((used.user + used.system) / 1000);
  }
  return { wall: median(walls), cpu: median(cpus) };
}

/** Offenders: the engine bench's persons and sexes, each record flagging each need with its own chance. */
function offendersSnapshot(records: number): CohortSnapshot {
  const data = generateBenchData(records, 31);
  let state = 11;
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const needs: RawDimension[] = FIELDS.map((name, k) => {
    const chance = 0.08 + 0.04 * k;
    return {
      name,
      kind: 'flag',
      open: false,
      labels: LABELS,
      codes: Uint8Array.from({ length: data.rows }, () => (next() < chance ? YES : 0)),
    };
  });
  const sex = data.columns.find((c) => c.name === 'sex')!;
  return packSnapshot({
    cohort: 'offenders',
    rowCount: data.rows,
    personIds: data.personIds,
    dimensions: [{ ...sex, codes: data.codes.get('sex') as Uint8Array }, ...needs],
    dates: [],
    numbers: [],
    warnings: [],
  });
}

function pieces(filters: QuerySpec['filters']): QuerySpec[] {
  const spec = (rows: string, cols?: string): QuerySpec => ({
    cohort: 'offenders',
    filters,
    rows: [rows],
    cols: cols === undefined ? [] : [cols],
    measure: 'persons',
    percent: 'none',
    stats: false,
    disclosure: null,
  });
  const list = FIELDS.map((f) => spec(f));
  for (let i = 0; i < FIELDS.length; i++)
    for (let j = i + 1; j < FIELDS.length; j++) list.push(spec(FIELDS[i]!, FIELDS[j]!));
  return list;
}

/** Persons with a record flagging both needs (a need with itself: flagging it), per pair, counted plainly. */
function plainMatrix(snapshot: CohortSnapshot, sexCode: number | null): number[][] {
  const ids = snapshot.personIds;
  const sex = snapshot.dimensions.sex!.codes;
  const codes = FIELDS.map((f) => snapshot.dimensions[f]!.codes);
  const persons = ids.reduce((a, b) => Math.max(a, b), 0) + 1;
  const marked = new Uint8Array(persons);
  return FIELDS.map((_a, i) =>
    FIELDS.map((_b, j) => {
      marked.fill(0);
      let count = 0;
      for (let r = 0; r < snapshot.rowCount; r++) {
        if (sexCode !== null && sex[r] !== sexCode) continue;
        const p = ids[r] as number;
        if (p < 0 || codes[i]![r] !== YES || codes[j]![r] !== YES || marked[p]) continue;
        marked[p] = 1;
        count++;
      }
      return count;
    }),
  );
}

/** The Yes (and Yes) cells of the tables, as the matrix reads them. */
function matrixOf(tables: readonly EngineResult[]): number[][] {
  const n = FIELDS.length;
  const out = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  tables.forEach((t, k) => {
    const yes = t.rows.keys.findIndex((key) => key[0] === 'Yes');
    if (k < n) out[k]![k] = t.counts[yes]![0] as number;
  });
  let k = n;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++, k++) {
      const t = tables[k]!;
      const r = t.rows.keys.findIndex((key) => key[0] === 'Yes');
      const c = t.cols.keys.findIndex((key) => key[0] === 'Yes');
      out[i]![j] = out[j]![i] = t.counts[r]![c] as number;
    }
  return out;
}

const strip = (tables: readonly EngineResult[]) => tables.map((t) => ({ ...t, meta: { ...t.meta, elapsedMs: 0 } }));

export async function benchNeeds(options: NeedsBenchOptions): Promise<BenchRow[]> {
  const size = options.records >= 1_000_000 ? `${options.records / 1_000_000}M` : `${options.records / 1000}k`;
  const snapshot = offendersSnapshot(options.records);
  const engine = createEngine();
  const rows: BenchRow[] = [];
  try {
    await engine.loadSnapshots([snapshot]);
    const female = snapshot.dimensions.sex!.labels.indexOf('Female');
    for (const filtered of [false, true]) {
      const filters: QuerySpec['filters'] = filtered ? [{ kind: 'in', field: 'sex', in: ['Female'] }] : [];
      const specs = pieces(filters);
      const together = await medianOf(5, () => engine.personsTables(specs));
      const oneByOne = await medianOf(3, async () => {
        for (const spec of specs) await engine.query(spec);
      });
      const tables = await engine.personsTables(specs);
      const each: EngineResult[] = [];
      for (const spec of specs) each.push(await engine.query(spec));
      const plain = plainMatrix(snapshot, filtered ? female : null);
      const sameAsPlain = JSON.stringify(matrixOf(tables)) === JSON.stringify(plain);
      const sameAsQueries = JSON.stringify(strip(tables)) === JSON.stringify(strip(each));
      if (!sameAsPlain || !sameAsQueries)
        process.stderr.write(`bench: needs ${size}: the one-pass tables differ from a plain count or the queries\n`);
      rows.push({
        name: `needs together, the ${specs.length} tables of ${FIELDS.length} needs${filtered ? ', women only' : ''}, ${size} offenders, one pass on the query workers`,
        medianMs: together.wall,
        unit: 'ms',
        peer: 'one engine query per table (the path it replaced)',
        peerMedianMs: oneByOne.wall,
        ratio: oneByOne.wall / together.wall,
        extra: {
          cpuMs: Math.round(together.cpu),
          peerCpuMs: Math.round(oneByOne.cpu),
          cpuRatio: Number((oneByOne.cpu / together.cpu).toFixed(2)),
          sameAsPlainCount: sameAsPlain ? 'yes' : 'NO',
          sameAsQueries: sameAsQueries ? 'yes' : 'NO',
          persons: tables[0]!.total ?? 0,
        },
      });
    }
    return rows;
  } finally {
    await engine.dispose();
  }
}
