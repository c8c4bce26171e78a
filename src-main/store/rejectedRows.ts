// The rows an import rejected, a page at a time, with the reasons and the raw values the
// analyst needs to fix the source file (the Data screen's import history).
import type { CipherDatabase } from './cipherDatabase.ts';

export interface RejectedRow {
  sourceRow: number;
  reasons: Array<{ column: string; value: string; rule: string }>;
  values: Record<string, unknown>;
}

export function rejectedRowsOf(
  db: CipherDatabase,
  batchId: number,
  page: { limit: number; offset: number },
): { total: number; rows: RejectedRow[] } {
  const rows = db
    .prepare(
      'SELECT source_row, reasons, raw FROM rejected_rows WHERE batch_id = ? ORDER BY source_row LIMIT ? OFFSET ?',
    )
    .all(batchId, page.limit, page.offset) as Array<{ source_row: number; reasons: string; raw: string }>;
  const total = (db.prepare('SELECT count(*) AS n FROM rejected_rows WHERE batch_id = ?').get(batchId) as { n: number })
    .n;
  return {
    total,
    rows: rows.map((r) => ({
      sourceRow: r.source_row,
      reasons: JSON.parse(r.reasons) as RejectedRow['reasons'],
      values: JSON.parse(r.raw) as Record<string, unknown>,
    })),
  };
}
