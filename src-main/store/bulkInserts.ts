// Multi-row INSERTs of an import into a cohort table and into `rejected_rows`: one statement
// per row count (1 to the writer's most), prepared once; the importer fills the parameters.
// Column names are checked against the codebook's pattern before they reach SQL text.
import { COLUMN_NAME_PATTERN, type Cohort } from '../../shared/codebook.ts';
import { prepared, type SqlDatabase } from './sqlConnection.ts';

/** The cohort table's columns after id, batch_id and source_row, in table order. */
export function cohortTableColumns(db: SqlDatabase, cohort: Cohort): string[] {
  const info = prepared(db, `PRAGMA table_info(${cohort})`).all() as Array<{ name: string }>;
  if (info.length === 0) throw new Error(`the workspace has no ${cohort} table`);
  return info.map((c) => c.name).filter((n) => n !== 'id' && n !== 'batch_id' && n !== 'source_row');
}

function quoted(name: string): string {
  if (!COLUMN_NAME_PATTERN.test(name)) throw new Error(`refusing the column name ${JSON.stringify(name)}`);
  return `"${name}"`;
}

/** Inserts of `n` rows at a time into one table's columns; parameters are passed spread, row after row. */
export interface BulkInsert {
  /** Writes `rows` rows whose values are `params`, row after row, in the columns' order. */
  run(rows: number, params: ReadonlyArray<number | string | null>): void;
}

function bulkInsert(db: SqlDatabase, head: string, width: number): BulkInsert {
  const tuple = `(${new Array<string>(width).fill('?').join(', ')})`;
  const bySize = new Map<number, ReturnType<SqlDatabase['prepare']>>();
  return {
    run(rows, params) {
      let statement = bySize.get(rows);
      if (statement === undefined) {
        statement = db.prepare(`${head} VALUES ${new Array<string>(rows).fill(tuple).join(', ')}`);
        bySize.set(rows, statement);
      }
      // Spread, not one array: better-sqlite3 reads an array element by element through V8's
      // generic property lookup, measurably slower than the same values as arguments.
      statement.run(...params);
    },
  };
}

/** Records of a cohort: batch_id, source_row, then `columns`. */
export function cohortInsert(db: SqlDatabase, cohort: Cohort, columns: readonly string[]): BulkInsert {
  const names = ['batch_id', 'source_row', ...columns].map(quoted).join(', ');
  return bulkInsert(db, `INSERT INTO ${cohort} (${names})`, columns.length + 2);
}

/** Rejected rows: batch_id, source_row, reasons, raw, date. */
export function rejectedRowsInsert(db: SqlDatabase): BulkInsert {
  return bulkInsert(db, 'INSERT INTO rejected_rows (batch_id, source_row, reasons, raw, date)', 5);
}
