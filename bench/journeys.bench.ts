// Journeys across cohorts at 1M and 10M records (victims, suspects and offenders sharing one
// person space), beside DuckDB running the same query in the same run: each person's first
// day per cohort (under the same filters), every pair of cohorts a person is in ordered by
// it, within the 30-day window or later. Each size's answers are compared before timing.
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { DISTRICTS, type Cohort } from '../shared/codebook.ts';
import { DEFAULT_JOURNEY_WINDOW_DAYS } from '../shared/journeys.ts';
import { parseQuerySpec, type Filter } from '../shared/query.ts';
import { createEngine } from '../src-main/engine/engine.ts';
import { isoToDays } from '../src-main/engine/dates.ts';
import { benchSnapshot, generateBenchData, type BenchData } from './engineData.ts';
import type { BenchRow } from './types.ts';

const SHARES: Array<[Cohort, number, number]> = [
  ['victims', 0.5, 101],
  ['suspects', 0.3, 202],
  ['offenders', 0.2, 303],
];
const FILTERED: Filter[] = [
  { kind: 'in', field: 'district', in: ['Fenland', 'Peterborough', 'Huntingdonshire'] },
  { kind: 'dateRange', field: 'date', from: '2019-04-01', to: '2021-03-31' },
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

async function medianOf(runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return median(times);
}

/** Person, day and district code: all the journeys query reads. */
async function writeCsv(data: BenchData, path: string): Promise<void> {
  const out = createWriteStream(path);
  const district = data.codes.get('district') as Uint8Array;
  out.write('person_id,days,district\n');
  const block = 100_000;
  for (let s = 0; s < data.rows; s += block) {
    const lines: string[] = [];
    for (let i = s; i < Math.min(data.rows, s + block); i++)
      lines.push(`${data.personIds[i]},${data.days[i]},${district[i]}`);
    if (!out.write(`${lines.join('\n')}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

function duckWhere(filters: readonly Filter[]): string {
  const parts = filters.map((f) => {
    if (f.kind === 'in')
      return `district IN (${f.in.map((d) => (DISTRICTS as readonly string[]).indexOf(d)).join(',')})`;
    if (f.kind === 'dateRange')
      return `days BETWEEN ${f.from ? isoToDays(f.from) : -1e9} AND ${f.to ? isoToDays(f.to) : 1e9}`;
    throw new Error(`the bench has no ${f.kind} filter`);
  });
  return parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : '';
}

/** The journeys query in SQL: first days per cohort, pairs by a self-join on the person. */
function duckJourneys(filters: readonly Filter[]): string {
  const where = duckWhere(filters);
  const firsts = SHARES.map(
    ([cohort], role) => `SELECT person_id, ${role} AS role, min(days) AS d FROM ${cohort} ${where} GROUP BY person_id`,
  ).join(' UNION ALL ');
  return `WITH f AS (${firsts})
    SELECT CASE WHEN b.d < a.d THEN b.role ELSE a.role END AS first_role,
           CASE WHEN b.d < a.d THEN a.role ELSE b.role END AS then_role,
           abs(b.d - a.d) > ${DEFAULT_JOURNEY_WINDOW_DAYS} AS later,
           count(*) AS n
    FROM f a JOIN f b ON a.person_id = b.person_id AND a.role < b.role
    GROUP BY ALL`;
}

async function duckTable(connection: DuckDBConnection, filters: readonly Filter[]): Promise<number[][]> {
  const reader = await connection.runAndReadAll(duckJourneys(filters));
  const table = [0, 1, 2].map(() => new Array<number>(6).fill(0));
  for (const [first, then, later, n] of reader.getRows())
    table[Number(first)]![Number(then) * 2 + (later ? 1 : 0)] = Number(n);
  return table;
}

const label = (rows: number): string => (rows >= 1_000_000 ? `${rows / 1_000_000}M` : `${rows / 1000}k`);

async function benchSize(records: number, workDir: string): Promise<BenchRow[]> {
  const engine = createEngine();
  const instance = await DuckDBInstance.create(':memory:');
  const duck = await instance.connect();
  try {
    const snapshots = [];
    for (const [cohort, share, seed] of SHARES) {
      const data = generateBenchData(Math.round(records * share), seed);
      snapshots.push({ ...benchSnapshot(data), cohort });
      const csv = join(workDir, `${cohort}.csv`);
      await writeCsv(data, csv);
      await duck.run(
        `CREATE TABLE ${cohort} AS SELECT * FROM read_csv('${csv}', header = true, columns = {'person_id': 'INTEGER', 'days': 'INTEGER', 'district': 'INTEGER'})`,
      );
      rmSync(csv);
    }
    await engine.loadSnapshots(snapshots);
    const rows: BenchRow[] = [];
    for (const [what, filters] of [
      ['all records', [] as Filter[]],
      ['3 districts, 2 years', FILTERED],
    ] as const) {
      const spec = parseQuerySpec({ cohort: 'journeys', measure: 'persons', filters, disclosure: null });
      const ours = await engine.query(spec);
      const theirs = await duckTable(duck, filters);
      if (JSON.stringify(ours.counts) !== JSON.stringify(theirs))
        throw new Error(`journeys differ from DuckDB's: ${JSON.stringify(ours.counts)} vs ${JSON.stringify(theirs)}`);
      const runs = records > 2_000_000 ? 5 : 7;
      const mine = await medianOf(runs, () => engine.query(spec));
      const peer = await medianOf(runs, () => duckTable(duck, filters));
      rows.push({
        name: `journeys (first day per cohort, pairs, 30-day window), ${what}, ${label(records)}`,
        medianMs: mine,
        unit: 'ms',
        peer: 'DuckDB (GROUP BY + self-join)',
        peerMedianMs: peer,
        ratio: peer / mine,
        extra: { persons: ours.total ?? 0 },
      });
    }
    return rows;
  } finally {
    duck.closeSync();
    await engine.dispose();
  }
}

export async function benchJourneys(options: { sizes: number[] }): Promise<BenchRow[]> {
  const workDir = join(tmpdir(), `vso-journeys-bench-${process.pid}`);
  mkdirSync(workDir, { recursive: true });
  try {
    const rows: BenchRow[] = [];
    for (const size of options.sizes) rows.push(...(await benchSize(size, workDir)));
    return rows;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}
