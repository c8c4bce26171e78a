// The benchmark's peers on the same data: SQLite (better-sqlite3, in memory, integer
// codes, indexes on the usual filter columns) and DuckDB (in memory, ENUM columns, the
// form in which it is fastest), each given the engine's specs translated to SQL.
import { createRequire } from 'node:module';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import type { Filter } from '../shared/query.ts';
import { daysToIso, isoToDays } from '../src-main/engine/dates.ts';
import type { BenchColumn, BenchData } from './engineData.ts';

const require = createRequire(import.meta.url);
const PlainSqlite = require('better-sqlite3') as new (file: string) => BetterSqlite3.Database;

export interface PeerQuery {
  filters: Filter[];
  rows: string[];
  cols: string[];
  measure: 'records' | 'persons';
}

const q = (name: string): string => `"${name}"`;

function label(columns: BenchColumn[], field: string, value: string): number {
  const column = columns.find((c) => c.name === field);
  const index = column ? column.labels.indexOf(value) : -1;
  if (index < 0) throw new Error(`${field} has no ${value}`);
  return index;
}

function sqliteWhere(columns: BenchColumn[], filters: readonly Filter[]): string {
  const parts = filters.map((f) => {
    if ('in' in f) return `${q(f.field)} IN (${f.in.map((v) => label(columns, f.field, v)).join(',')})`;
    if ('notIn' in f) return `${q(f.field)} NOT IN (${f.notIn.map((v) => label(columns, f.field, v)).join(',')})`;
    if ('equals' in f) return `${q(f.field)} = ${f.equals ? 0 : 1}`;
    const r = f as { from?: string; to?: string };
    return `days BETWEEN ${r.from ? isoToDays(r.from) : -1e9} AND ${r.to ? isoToDays(r.to) : 1e9}`;
  });
  return parts.length ? `WHERE ${parts.join(' AND ')}` : '';
}

function duckWhere(filters: readonly Filter[]): string {
  const list = (values: string[]): string => values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',');
  const parts = filters.map((f) => {
    if ('in' in f) return `${q(f.field)} IN (${list(f.in)})`;
    if ('notIn' in f) return `${q(f.field)} NOT IN (${list(f.notIn)})`;
    if ('equals' in f) return `${q(f.field)} = '${f.equals ? 'Yes' : 'No'}'`;
    const r = f as { from?: string; to?: string };
    return [r.from ? `date >= DATE '${r.from}'` : null, r.to ? `date <= DATE '${r.to}'` : null]
      .filter(Boolean)
      .join(' AND ');
  });
  return parts.length ? `WHERE ${parts.join(' AND ')}` : '';
}

export class SqlitePeer {
  readonly db: BetterSqlite3.Database;
  constructor(private readonly data: BenchData) {
    this.db = new PlainSqlite(':memory:');
    const names = ['person_id', 'days', ...data.columns.map((c) => c.name)];
    this.db.exec(`CREATE TABLE v (${names.map((n) => `${q(n)} INTEGER`).join(', ')})`);
    const insert = this.db.prepare(`INSERT INTO v VALUES (${names.map(() => '?').join(',')})`);
    const arrays = data.columns.map((c) => data.codes.get(c.name) as Uint8Array);
    const row = new Array<number>(names.length);
    this.db.transaction(() => {
      for (let i = 0; i < data.rows; i++) {
        row[0] = data.personIds[i] as number;
        row[1] = data.days[i] as number;
        for (let k = 0; k < arrays.length; k++) row[k + 2] = (arrays[k] as Uint8Array)[i] as number;
        insert.run(...row);
      }
    })();
    this.db.exec(
      'CREATE INDEX v_district ON v(district); CREATE INDEX v_days ON v(days); CREATE INDEX v_person ON v(person_id); ANALYZE;',
    );
  }

  query(query: PeerQuery): unknown[] {
    const fields = [...query.rows, ...query.cols].map(q);
    const count = query.measure === 'records' ? 'count(*)' : 'count(DISTINCT person_id)';
    const group = fields.length ? `GROUP BY ${fields.join(', ')}` : '';
    const select = fields.length ? `${fields.join(', ')}, ` : '';
    return this.db
      .prepare(`SELECT ${select}${count} AS n FROM v ${sqliteWhere(this.data.columns, query.filters)} ${group}`)
      .raw(true)
      .all();
  }

  close(): void {
    this.db.close();
  }
}

export class DuckPeer {
  private constructor(private readonly connection: DuckDBConnection) {}

  static async create(data: BenchData, csvPath: string): Promise<DuckPeer> {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const types = data.columns.map(
      (c) => `CREATE TYPE ${c.name}_t AS ENUM (${c.labels.map((l) => `'${l.replace(/'/g, "''")}'`).join(',')});`,
    );
    await connection.run(types.join('\n'));
    const csvTypes = ['person_id', 'days', ...data.columns.map((c) => c.name)]
      .map((n) => `'${n}': 'INTEGER'`)
      .join(', ');
    const select = data.columns
      .map(
        (c) =>
          `CAST([${c.labels.map((l) => `'${l.replace(/'/g, "''")}'`).join(',')}][${q(c.name)} + 1] AS ${c.name}_t) AS ${q(c.name)}`,
      )
      .join(', ');
    await connection.run(
      `CREATE TABLE v AS SELECT person_id, DATE '1970-01-01' + days AS date, ${select} FROM read_csv('${csvPath}', header = true, columns = {${csvTypes}})`,
    );
    return new DuckPeer(connection);
  }

  async query(query: PeerQuery): Promise<unknown[]> {
    const fields = [...query.rows, ...query.cols].map(q);
    const where = duckWhere(query.filters);
    if (query.measure === 'persons' && fields.length > 0) {
      // The engine returns persons per cell, per row, per column and overall: the same four grouping sets here.
      const rows = query.rows.map(q);
      const cols = query.cols.map(q);
      const sets = [fields, rows, cols, []].map((s) => `(${s.join(', ')})`).join(', ');
      const result = await this.connection.runAndReadAll(
        `SELECT ${fields.join(', ')}, count(DISTINCT person_id) AS n FROM v ${where} GROUP BY GROUPING SETS (${sets})`,
      );
      return result.getRows();
    }
    const count = query.measure === 'records' ? 'count(*)' : 'count(DISTINCT person_id)';
    const group = fields.length ? `GROUP BY ${fields.join(', ')}` : '';
    const select = fields.length ? `${fields.join(', ')}, ` : '';
    const result = await this.connection.runAndReadAll(`SELECT ${select}${count} AS n FROM v ${where} ${group}`);
    return result.getRows();
  }

  close(): void {
    this.connection.closeSync();
  }
}

/** A date `offset` days after `iso`. */
export function shiftIso(iso: string, offset: number): string {
  return daysToIso(isoToDays(iso) + offset) as string;
}
