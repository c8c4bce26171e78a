// What importing a file into a context dataset writes: the `context_datasets` row and the
// dataset's own table `ctx_NAME` (made with the first file), the file's `import_batches` row,
// the dataset's categories, its rows and its rejected rows. Every write runs inside the
// importer's transaction; table and column names are checked before they reach SQL text.
import { prepared, type SqlDatabase } from './sqlConnection.ts';

const TABLE_NAME = /^ctx_[a-z][a-z0-9_]{0,40}$/;
const COLUMN_NAME = /^[a-z][a-z0-9_]{0,62}$/;

function table(name: string): string {
  if (!TABLE_NAME.test(name)) throw new Error(`refusing the context table name ${JSON.stringify(name)}`);
  return `"${name}"`;
}

function column(name: string): string {
  if (!COLUMN_NAME.test(name)) throw new Error(`refusing the context column name ${JSON.stringify(name)}`);
  return `"${name}"`;
}

/** False in a workspace older than the context datasets' migration. */
export function hasContextTables(db: SqlDatabase): boolean {
  return (
    prepared(db, `SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'context_datasets'`).get() !== undefined
  );
}

export interface ContextDatasetRow {
  id: number;
  table_name: string;
  /** The dataset's columns as JSON. */
  columns: string;
  district_from: string | null;
  rows: number;
}

export function contextDatasetRow(db: SqlDatabase, name: string): ContextDatasetRow | undefined {
  return prepared(db, 'SELECT id, table_name, columns, district_from, rows FROM context_datasets WHERE name = ?').get(
    name,
  ) as ContextDatasetRow | undefined;
}

/** Whether the dataset's table has a derived `district` column. */
export function contextTableHasDistrict(db: SqlDatabase, tableName: string): boolean {
  return prepared(db, `SELECT 1 FROM pragma_table_info(?) WHERE name = 'district'`).get(tableName) !== undefined;
}

/** The committed batch of this dataset that imported the same file (by hash), if any. */
export function priorContextBatch(
  db: SqlDatabase,
  dataset: string,
  hash: string,
): { id: number; file_name: string; finished_at: string | null } | undefined {
  return prepared(
    db,
    `SELECT id, file_name, finished_at FROM import_batches WHERE cohort = ? AND file_hash = ? AND status = 'committed' AND deleted_at IS NULL ORDER BY id LIMIT 1`,
  ).get(dataset, hash) as { id: number; file_name: string; finished_at: string | null } | undefined;
}

export type ContextColumnType = 'INTEGER' | 'REAL' | 'TEXT';

/** A new dataset: its row in `context_datasets` and its table; returns the dataset's id. */
export function createContextDataset(
  db: SqlDatabase,
  dataset: {
    name: string;
    tableName: string;
    label: string;
    fileName: string;
    fileHash: string;
    columnsJson: string;
    createdAt: string;
    districtFrom: string | null;
    /** The table's columns after id and source_row. */
    tableColumns: ReadonlyArray<{ name: string; type: ContextColumnType }>;
  },
): number {
  // Names checked before anything is written.
  const columns = dataset.tableColumns.map((c) => `, ${column(c.name)} ${c.type}`).join('');
  const ddl = `CREATE TABLE ${table(dataset.tableName)} (id INTEGER PRIMARY KEY, source_row INTEGER NOT NULL${columns})`;
  const id = Number(
    prepared(
      db,
      `INSERT INTO context_datasets (name, table_name, label, file_name, file_hash, columns, rows, created_at, updated_at, district_from) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`,
    ).run(
      dataset.name,
      dataset.tableName,
      dataset.label,
      dataset.fileName,
      dataset.fileHash,
      dataset.columnsJson,
      dataset.createdAt,
      dataset.createdAt,
      dataset.districtFrom,
    ).lastInsertRowid,
  );
  db.exec(ddl);
  return id;
}

/** The file's batch, open until completeContextBatch; returns its id. */
export function openContextBatch(
  db: SqlDatabase,
  batch: { dataset: string; fileName: string; fileHash: string; startedAt: string; userName: string },
): number {
  return Number(
    prepared(
      db,
      `INSERT INTO import_batches (cohort, file_name, file_hash, profile_name, started_at, user_name, status) VALUES (?, ?, ?, NULL, ?, ?, 'importing')`,
    ).run(batch.dataset, batch.fileName, batch.fileHash, batch.startedAt, batch.userName).lastInsertRowid,
  );
}

/** The id the dataset's table gives its next row. */
export function nextContextRowId(db: SqlDatabase, tableName: string): number {
  return (
    Number((prepared(db, `SELECT max(id) AS id FROM ${table(tableName)}`).get() as { id: number | null }).id ?? 0) + 1
  );
}

export interface ContextCategoryRow {
  column_name: string;
  code: number;
  label: string;
  position: number;
}

export function contextCategories(db: SqlDatabase, datasetId: number): ContextCategoryRow[] {
  return prepared(db, 'SELECT column_name, code, label, position FROM context_categories WHERE dataset_id = ?').all(
    datasetId,
  ) as ContextCategoryRow[];
}

export function addContextCategory(db: SqlDatabase, datasetId: number, category: ContextCategoryRow): void {
  prepared(
    db,
    'INSERT INTO context_categories (dataset_id, column_name, code, label, position) VALUES (?, ?, ?, ?, ?)',
  ).run(datasetId, category.column_name, category.code, category.label, category.position);
}

/** Writes one row of the dataset: source_row, then `columns`' values, in order. */
export type ContextRowInsert = (values: ReadonlyArray<string | number | null>) => void;

export function contextRowInsert(db: SqlDatabase, tableName: string, columns: readonly string[]): ContextRowInsert {
  const statement = prepared(
    db,
    `INSERT INTO ${table(tableName)} (source_row${columns.map((c) => `, ${column(c)}`).join('')}) VALUES (?${columns.map(() => ', ?').join('')})`,
  );
  return (values) => {
    statement.run(values);
  };
}

/** A rejected row of the file: its reasons and its cells (no direct identifiers: context files hold none). */
export function addContextRejectedRow(
  db: SqlDatabase,
  batchId: number,
  sourceRow: number,
  reasonsJson: string,
  rawJson: string,
): void {
  prepared(db, 'INSERT INTO rejected_rows (batch_id, source_row, reasons, raw) VALUES (?, ?, ?, ?)').run(
    batchId,
    sourceRow,
    reasonsJson,
    rawJson,
  );
}

/** Completes the batch with its counts and row range, and adds its rows to the dataset's count. */
export function completeContextBatch(
  db: SqlDatabase,
  batch: {
    id: number;
    datasetId: number;
    rowsRead: number;
    accepted: number;
    rejected: number;
    firstRow: number;
    lastRow: number;
    finishedAt: string;
  },
): void {
  prepared(
    db,
    `UPDATE import_batches SET rows_read = ?, accepted = ?, rejected = ?, first_row = ?, last_row = ?, finished_at = ?, status = 'committed' WHERE id = ?`,
  ).run(batch.rowsRead, batch.accepted, batch.rejected, batch.firstRow, batch.lastRow, batch.finishedAt, batch.id);
  prepared(db, 'UPDATE context_datasets SET rows = rows + ?, updated_at = ? WHERE id = ?').run(
    batch.accepted,
    batch.finishedAt,
    batch.datasetId,
  );
}
