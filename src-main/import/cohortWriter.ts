// Writes accepted rows into a cohort table and rejected rows into `rejected_rows`, with
// prepared multi-row INSERTs (64 rows a statement) inside the import's one transaction:
// the per-statement cost of SQLite is paid once per 64 rows, and no row object is built.
import { COLUMN_NAME_PATTERN, type Cohort } from '../../shared/codebook.ts';
import type { SqlDatabase, SqlStatement } from './importTarget.ts';
import type { CellValue, Reason } from './validate.ts';

const ROWS_PER_STATEMENT = 64;

/** The cohort table's columns after id, batch_id and source_row, in table order. */
export function cohortTableColumns(db: SqlDatabase, cohort: Cohort): string[] {
  const info = db.prepare(`PRAGMA table_info(${cohort})`).all() as Array<{ name: string }>;
  if (info.length === 0) throw new Error(`the workspace has no ${cohort} table`);
  return info.map((c) => c.name).filter((n) => n !== 'id' && n !== 'batch_id' && n !== 'source_row');
}

function quoted(name: string): string {
  if (!COLUMN_NAME_PATTERN.test(name)) throw new Error(`refusing the column name ${JSON.stringify(name)}`);
  return `"${name}"`;
}

export class CohortWriter {
  private readonly many: SqlStatement;
  private readonly one: SqlStatement;
  private readonly width: number;
  private readonly params: CellValue[];
  private pending = 0;
  written = 0;

  constructor(
    db: SqlDatabase,
    cohort: Cohort,
    columns: readonly string[],
    private readonly batchId: number,
  ) {
    this.width = columns.length + 2;
    const names = ['batch_id', 'source_row', ...columns].map(quoted).join(', ');
    const tuple = `(${new Array(this.width).fill('?').join(', ')})`;
    this.many = db.prepare(
      `INSERT INTO ${cohort} (${names}) VALUES ${new Array(ROWS_PER_STATEMENT).fill(tuple).join(', ')}`,
    );
    this.one = db.prepare(`INSERT INTO ${cohort} (${names}) VALUES ${tuple}`);
    this.params = new Array<CellValue>(this.width * ROWS_PER_STATEMENT).fill(null);
  }

  add(sourceRow: number, values: readonly CellValue[]): void {
    let at = this.pending * this.width;
    this.params[at++] = this.batchId;
    this.params[at++] = sourceRow;
    for (let i = 0; i < values.length; i++) this.params[at++] = values[i] as CellValue;
    this.pending++;
    if (this.pending === ROWS_PER_STATEMENT) {
      this.many.run(this.params);
      this.written += this.pending;
      this.pending = 0;
    }
  }

  flush(): void {
    for (let r = 0; r < this.pending; r++) {
      this.one.run(this.params.slice(r * this.width, (r + 1) * this.width));
    }
    this.written += this.pending;
    this.pending = 0;
  }
}

export class RejectedWriter {
  private readonly insert: SqlStatement;
  written = 0;

  constructor(
    db: SqlDatabase,
    private readonly batchId: number,
  ) {
    this.insert = db.prepare('INSERT INTO rejected_rows (batch_id, source_row, reasons, raw) VALUES (?, ?, ?, ?)');
  }

  /** `raw` must already be free of direct identifiers. */
  add(sourceRow: number, reasons: readonly Reason[], raw: Readonly<Record<string, string>>): void {
    this.insert.run(this.batchId, sourceRow, JSON.stringify(reasons), JSON.stringify(raw));
    this.written++;
  }
}
