// Generated victims-like cohorts for the engine benchmark, straight into typed arrays
// (display-order codes), with 20 dimensions, a date and skewed person ids; the same data
// is written as an integer-coded CSV for DuckDB and inserted into SQLite for the peers.
import { createWriteStream } from 'node:fs';
import {
  AGE_BANDS,
  DISTRICTS,
  ENHANCED_RIGHTS,
  ETHNICITIES,
  IMD_DECILES,
  OFFENCE_GROUPS,
  SERVICES_USED,
  SEXES,
} from '../shared/codebook.ts';
import { daysFromCivil } from '../src-main/engine/dates.ts';
import { deriveFinancialYear, deriveMonth } from '../src-main/engine/deriveDates.ts';
import { packSnapshot, type RawDimension } from '../src-main/engine/packSnapshot.ts';
import type { CohortSnapshot } from '../src-main/engine/snapshot.ts';

export interface BenchColumn {
  name: string;
  labels: string[];
  kind: 'category' | 'ordinal' | 'flag';
  open: boolean;
}

const flag = (name: string): BenchColumn => ({ name, labels: ['Yes', 'No'], kind: 'flag', open: false });
const cat = (name: string, labels: readonly string[], open = false): BenchColumn => ({
  name,
  labels: [...labels],
  kind: 'category',
  open,
});

/** Generated dimensions (month and financial_year are derived from the date on top). */
export const BENCH_COLUMNS: BenchColumn[] = [
  cat('district', DISTRICTS),
  cat(
    'lsoa',
    Array.from({ length: 420 }, (_, i) => `E0101${String(7000 + i).padStart(4, '0')}`),
    true,
  ),
  cat('imd_decile', IMD_DECILES),
  cat('age_band', AGE_BANDS),
  cat('sex', SEXES),
  cat('ethnicity', ETHNICITIES),
  cat('offence_group', OFFENCE_GROUPS),
  cat(
    'offence_subgroup',
    Array.from({ length: 60 }, (_, i) => `Subgroup ${i + 1}`),
    true,
  ),
  flag('domestic_abuse'),
  flag('hate_crime'),
  flag('repeat_victim'),
  cat('enhanced_rights', ENHANCED_RIGHTS),
  flag('referred_to_services'),
  cat('service_used', SERVICES_USED),
  flag('custom_flag_a'),
  flag('custom_flag_b'),
  cat('custom_group', ['A', 'B', 'C', 'D', 'E']),
  flag('custom_flag_c'),
];

export interface BenchData {
  rows: number;
  personIds: Int32Array;
  days: Int32Array;
  /** The generated columns, then month and financial_year derived from the date. */
  columns: BenchColumn[];
  codes: Map<string, Uint8Array | Uint16Array>;
}

export const FIRST_DAY = daysFromCivil(2018, 4, 1);
export const DAY_SPAN = 4 * 365;

export function generateBenchData(rows: number, seed = 42): BenchData {
  let state = seed >>> 0;
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const persons = Math.floor(rows / 2.5);
  const personIds = new Int32Array(rows);
  const days = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const u = next();
    personIds[i] = 1 + Math.floor(u * u * persons);
    days[i] = FIRST_DAY + Math.floor(next() * DAY_SPAN);
  }
  const codes = new Map<string, Uint8Array | Uint16Array>();
  for (const column of BENCH_COLUMNS) {
    const size = column.labels.length;
    const array = size <= 256 ? new Uint8Array(rows) : new Uint16Array(rows);
    for (let i = 0; i < rows; i++) {
      const u = next();
      array[i] = Math.min(size - 1, Math.floor(u * Math.sqrt(u) * size));
    }
    codes.set(column.name, array);
  }
  const columns = [...BENCH_COLUMNS];
  for (const period of [deriveMonth(days), deriveFinancialYear(days)]) {
    columns.push({ name: period.name, labels: period.labels, kind: 'ordinal', open: true });
    codes.set(period.name, period.codes as Uint8Array);
  }
  return { rows, personIds, days, columns, codes };
}

export function benchSnapshot(data: BenchData): CohortSnapshot {
  const dimensions: RawDimension[] = data.columns.map((c) => ({ ...c, codes: data.codes.get(c.name) as Uint8Array }));
  return packSnapshot({
    cohort: 'victims',
    rowCount: data.rows,
    personIds: data.personIds,
    dimensions,
    dates: [{ name: 'date', days: data.days }],
    numbers: [],
    warnings: [],
  });
}

/** The data as CSV of integer codes (date as days since the epoch), for DuckDB's read_csv. */
export async function writeBenchCsv(data: BenchData, path: string): Promise<void> {
  const out = createWriteStream(path);
  const columns = data.columns.map((c) => data.codes.get(c.name) as Uint8Array | Uint16Array);
  out.write(`person_id,days,${data.columns.map((c) => c.name).join(',')}\n`);
  const block = 50_000;
  for (let s = 0; s < data.rows; s += block) {
    const lines: string[] = [];
    const e = Math.min(data.rows, s + block);
    for (let i = s; i < e; i++) {
      let line = `${data.personIds[i]},${data.days[i]}`;
      for (const column of columns) line += `,${column[i]}`;
      lines.push(line);
    }
    if (!out.write(`${lines.join('\n')}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}
