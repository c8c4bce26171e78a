// `npm run bench -- analyses`: repeat victimisation computed from the records (the engine's
// derived fields: per record its victimisations within 12 months and the days to the next;
// per person the most in any window) beside DuckDB running the same window query over
// (person, date) on the same rows, every row's answer materialised on both sides and their
// distributions compared. Also the first query of a new window through the engine: the
// fields made for it and handed to the query workers, then the table counted.
import { mkdtempSync, rmSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { DEFAULT_WINDOW_DAYS } from '../shared/codebook.ts';
import { parseQuerySpec } from '../shared/query.ts';
import { derivedColumns, withDerivedFields } from '../src-main/engine/derived/registry.ts';
import { createEngine } from '../src-main/engine/engine.ts';
import type { CohortSnapshot } from '../src-main/engine/snapshot.ts';
import { benchSnapshot, generateBenchData } from './engineData.ts';
import type { BenchRow } from './types.ts';

export interface AnalysesBenchOptions {
  sizes: number[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

async function medianOf(runs: number, fn: (rep: number) => unknown): Promise<number> {
  await fn(-1);
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const started = performance.now();
    await fn(r);
    times.push(performance.now() - started);
  }
  return median(times);
}

const sizeLabel = (rows: number): string => (rows >= 1_000_000 ? `${rows / 1_000_000}M` : `${rows / 1000}k`);

/** Rows as `seq,person_id,days` (the snapshot's order), for DuckDB's read_csv. */
async function writeHistoryCsv(snapshot: CohortSnapshot, path: string): Promise<void> {
  const out = createWriteStream(path);
  const days = snapshot.dates.date?.days as Int32Array;
  out.write('seq,person_id,days\n');
  for (let s = 0; s < snapshot.rowCount; s += 50_000) {
    const lines: string[] = [];
    for (let i = s; i < Math.min(snapshot.rowCount, s + 50_000); i++)
      lines.push(`${i},${snapshot.personIds[i]},${days[i]}`);
    if (!out.write(`${lines.join('\n')}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

/**
 * The same window as the engine's: a person's records on days within the window ending at
 * this one, those of the same day only up to this one in row order (a RANGE frame counts the
 * whole day, so the same-day records after it are taken off); the days to the next record;
 * the most per person.
 */
function duckWindowSql(windowDays: number): string {
  return `CREATE OR REPLACE TABLE r AS
WITH w AS (
  SELECT seq, person_id,
    count(*) OVER (PARTITION BY person_id ORDER BY days RANGE BETWEEN ${windowDays - 1} PRECEDING AND CURRENT ROW)
      - count(*) OVER (PARTITION BY person_id, days)
      + row_number() OVER (PARTITION BY person_id, days ORDER BY seq) AS in_window,
    lead(days) OVER (PARTITION BY person_id ORDER BY days, seq) - days AS gap
  FROM v)
SELECT seq, in_window, gap, max(in_window) OVER (PARTITION BY person_id) AS most FROM w`;
}

const BAND_SQL = `CASE WHEN in_window <= 2 THEN in_window::VARCHAR WHEN in_window <= 4 THEN '3-4' ELSE '5+' END`;

/** Records per band of victimisations in the window, as DuckDB's table gives them. */
async function duckBands(connection: Awaited<ReturnType<DuckDBInstance['connect']>>): Promise<Map<string, number>> {
  const result = await connection.runAndReadAll(`SELECT ${BAND_SQL} AS band, count(*) AS n FROM r GROUP BY band`);
  return new Map(result.getRows().map(([band, n]) => [String(band), Number(n)]));
}

function ourBands(snapshot: CohortSnapshot): Map<string, number> {
  const column = snapshot.dimensions.repeat_in_window;
  const out = new Map<string, number>();
  if (!column) return out;
  for (let i = 0; i < column.codes.length; i++) {
    const label = column.labels[column.codes[i] as number] as string;
    out.set(label, (out.get(label) ?? 0) + 1);
  }
  return out;
}

async function benchSize(rows: number, workDir: string): Promise<BenchRow[]> {
  const size = sizeLabel(rows);
  const runs = rows > 2_000_000 ? 3 : 7;
  const snapshot = benchSnapshot(generateBenchData(rows));
  const out: BenchRow[] = [];

  const ours = await medianOf(runs, () => derivedColumns(snapshot, { windowDays: DEFAULT_WINDOW_DAYS }, true));

  const csv = join(workDir, `history-${rows}.csv`);
  await writeHistoryCsv(snapshot, csv);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(
    `CREATE TABLE v AS SELECT * FROM read_csv('${csv}', header = true, columns = {'seq': 'INTEGER', 'person_id': 'INTEGER', 'days': 'INTEGER'})`,
  );
  rmSync(csv);
  const threads = (await connection.runAndReadAll(`SELECT current_setting('threads')`)).getRows()[0]?.[0];
  const duck = await medianOf(runs, () => connection.run(duckWindowSql(DEFAULT_WINDOW_DAYS)));
  const agree =
    JSON.stringify([...ourBands(withDerivedFields(snapshot))].sort()) ===
    JSON.stringify([...(await duckBands(connection))].sort());
  connection.closeSync();
  out.push({
    name: `repeat victimisation, 12-month window, every record and person, ${size} records`,
    medianMs: ours,
    unit: 'ms',
    peer: `DuckDB window functions (${String(threads)} threads)`,
    peerMedianMs: duck,
    ratio: duck / ours,
    extra: { sameDistribution: agree ? 'yes' : 'NO', persons: snapshot.distinctPersons },
  });
  if (!agree) process.stderr.write(`bench: analyses ${size}: the engine and DuckDB disagree\n`);

  if (rows <= 2_000_000) {
    // A new window each time: the fields made on the main side and handed to the workers, then counted.
    const engine = createEngine();
    await engine.loadSnapshots([withDerivedFields(snapshot)]);
    const spec = (rep: number) =>
      parseQuerySpec({
        cohort: 'victims',
        rows: ['repeat_in_window'],
        cols: ['district'],
        window: { days: 700 + rep },
        disclosure: null,
      });
    const firstQuery = await medianOf(5, (rep) => engine.query(spec(rep + 1)));
    const again = await medianOf(5, () => engine.query(spec(1)));
    await engine.dispose();
    out.push(
      {
        name: `first query of a new window (fields made and handed to the workers), ${size}`,
        medianMs: firstQuery,
        unit: 'ms',
      },
      { name: `the same window again, ${size}`, medianMs: again, unit: 'ms' },
    );
  }
  return out;
}

export async function benchAnalyses(options: AnalysesBenchOptions): Promise<BenchRow[]> {
  const workDir = mkdtempSync(join(tmpdir(), 'vso-bench-analyses-'));
  try {
    const out: BenchRow[] = [];
    for (const rows of options.sizes) out.push(...(await benchSize(rows, workDir)));
    return out;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}
