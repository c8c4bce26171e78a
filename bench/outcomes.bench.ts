// `npm run bench -- outcomes`: time to outcome for 1M suspects by offence group and sex, on
// the query workers (as the app runs it) and on one thread (as it ran before), beside DuckDB's
// `median` and `quantile_cont` over the same rows in the same run; every cell's median,
// quartiles and records compared between the engine and DuckDB.
import { mkdtempSync, rmSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { NULL_DAY } from '../src-main/engine/dates.ts';
import { createEngine } from '../src-main/engine/engine.ts';
import { timeToOutcomeTable, type TimeToOutcomeTable } from '../src-main/engine/analyses/outcomes.ts';
import { packSnapshot, type RawDimension } from '../src-main/engine/packSnapshot.ts';
import type { CohortSnapshot } from '../src-main/engine/snapshot.ts';
import { generateBenchData } from './engineData.ts';
import type { BenchRow } from './types.ts';

export interface OutcomesBenchOptions {
  records: number;
}

const FIELDS = ['offence_group', 'sex'] as const;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

async function medianOf(runs: number, fn: () => unknown): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return median(times);
}

/** Suspects: the engine bench's generated records, with an outcome date on about four in five. */
function suspectsSnapshot(records: number): CohortSnapshot {
  const data = generateBenchData(records, 24);
  let state = 7;
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const outcome = Int32Array.from(data.days, (day) =>
    next() < 0.2 ? NULL_DAY : day + Math.floor(next() * next() * 500),
  );
  const dimensions: RawDimension[] = data.columns
    .filter((c) => (FIELDS as readonly string[]).includes(c.name))
    .map((c) => ({ ...c, codes: data.codes.get(c.name) as Uint8Array }));
  return packSnapshot({
    cohort: 'suspects',
    rowCount: data.rows,
    personIds: data.personIds,
    dimensions,
    dates: [
      { name: 'date', days: data.days },
      { name: 'outcome_date', days: outcome },
    ],
    numbers: [],
    warnings: [],
  });
}

/** Rows with both dates as `offence_group,sex,days` (codes), for DuckDB's read_csv. */
async function writeDaysCsv(snapshot: CohortSnapshot, path: string): Promise<void> {
  const out = createWriteStream(path);
  const from = snapshot.dates.date?.days as Int32Array;
  const to = snapshot.dates.outcome_date?.days as Int32Array;
  const group = snapshot.dimensions.offence_group?.codes as Uint8Array;
  const sex = snapshot.dimensions.sex?.codes as Uint8Array;
  out.write('g,s,days\n');
  for (let start = 0; start < snapshot.rowCount; start += 50_000) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(snapshot.rowCount, start + 50_000); i++)
      if (to[i] !== NULL_DAY && (to[i] as number) >= (from[i] as number))
        lines.push(`${group[i]},${sex[i]},${(to[i] as number) - (from[i] as number)}`);
    if (!out.write(`${lines.join('\n')}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

const DUCK_SQL = `SELECT g, s, count(*) AS n, quantile_cont(days, 0.25) AS q1, median(days) AS med,
  quantile_cont(days, 0.75) AS q3 FROM d GROUP BY g, s`;

/** Cells where the engine and DuckDB differ (records, or a quartile by more than rounding). */
function disagreements(table: TimeToOutcomeTable, duck: unknown[][]): number {
  let differ = 0;
  let seen = 0;
  for (const [g, s, n, q1, med, q3] of duck) {
    const cell = table.cells[Number(g)]?.[Number(s)];
    seen++;
    const quartiles = cell?.quartiles;
    const same =
      cell?.records === Number(n) &&
      quartiles !== null &&
      quartiles !== undefined &&
      Math.abs(quartiles.q1 - Number(q1)) < 1e-9 &&
      Math.abs(quartiles.median - Number(med)) < 1e-9 &&
      Math.abs(quartiles.q3 - Number(q3)) < 1e-9;
    if (!same) differ++;
  }
  const filled = table.cells.flat().filter((c) => c.records > 0).length;
  return differ + Math.abs(filled - seen);
}

export async function benchOutcomes(options: OutcomesBenchOptions): Promise<BenchRow[]> {
  const size = options.records >= 1_000_000 ? `${options.records / 1_000_000}M` : `${options.records / 1000}k`;
  const snapshot = suspectsSnapshot(options.records);
  const request = { filters: [], rows: [FIELDS[0]], cols: [FIELDS[1]] };
  const engine = createEngine();
  const workDir = mkdtempSync(join(tmpdir(), 'vso-bench-outcomes-'));
  try {
    await engine.loadSnapshots([snapshot]);
    const onWorkers = await medianOf(7, () => engine.timeToOutcome(request));
    const onMain = await medianOf(7, () => timeToOutcomeTable(snapshot, request));
    const table = await engine.timeToOutcome(request);

    const csv = join(workDir, 'days.csv');
    await writeDaysCsv(snapshot, csv);
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run(
      `CREATE TABLE d AS SELECT * FROM read_csv('${csv}', header = true, columns = {'g': 'INTEGER', 's': 'INTEGER', 'days': 'INTEGER'})`,
    );
    rmSync(csv);
    const threads = (await connection.runAndReadAll(`SELECT current_setting('threads')`)).getRows()[0]?.[0];
    const duck = await medianOf(7, () => connection.runAndReadAll(DUCK_SQL));
    const differ = disagreements(table, (await connection.runAndReadAll(DUCK_SQL)).getRows());
    connection.closeSync();
    if (differ > 0) process.stderr.write(`bench: outcomes ${size}: ${differ} cells differ from DuckDB\n`);
    const cells = table.cells.flat().filter((c) => c.records > 0).length;
    return [
      {
        name: `time to outcome, offence group x sex, ${size} suspects, on the query workers`,
        medianMs: onWorkers,
        unit: 'ms',
        peer: `DuckDB median and quantile_cont (${String(threads)} threads)`,
        peerMedianMs: duck,
        ratio: duck / onWorkers,
        extra: { sameMedians: differ === 0 ? 'yes' : `NO (${differ} cells)`, cells, timed: table.total.records },
      },
      {
        name: `time to outcome, the same table on one thread (the main-thread path it replaced), ${size}`,
        medianMs: onMain,
        unit: 'ms',
      },
    ];
  } finally {
    await engine.dispose();
    rmSync(workDir, { recursive: true, force: true });
  }
}
