// The keyed hashes of the source lines a dataset holds (migration 011): read whole before an
// import, so its pipeline can tell a line the dataset already has; written a part per pipeline
// batch inside the import's transaction; deleted with their batch. The hashes are made by the
// importer (import/lineHash.ts); here they are only bytes.

/** The part of a better-sqlite3 database used here (the store's and the importer's both fit). */
interface Db {
  prepare(sql: string): { run(...params: unknown[]): unknown; all(...params: unknown[]): unknown[] };
}

/** The hashes of every line still stored in `dataset` (a cohort, or `context:NAME`), in one array. */
export function storedLineHashes(db: Db, dataset: string): Float64Array {
  const parts = db
    .prepare(
      `SELECT h.hashes AS hashes FROM line_hashes h JOIN import_batches b ON b.id = h.batch_id
       WHERE b.cohort = ? AND b.status = 'committed' AND b.deleted_at IS NULL ORDER BY h.batch_id, h.part`,
    )
    .all(dataset) as Array<{ hashes: Buffer }>;
  let total = 0;
  for (const p of parts) total += p.hashes.byteLength / 8;
  const out = new Float64Array(total);
  const bytes = new Uint8Array(out.buffer);
  let at = 0;
  for (const p of parts) {
    bytes.set(p.hashes, at);
    at += p.hashes.byteLength;
  }
  return out;
}

/** Writes an import's line hashes, a part at a time, inside its transaction. */
export class LineHashWriter {
  private part = 0;
  private readonly insert;

  constructor(
    db: Db,
    private readonly batchId: number,
  ) {
    this.insert = db.prepare('INSERT INTO line_hashes (batch_id, part, hashes) VALUES (?, ?, ?)');
  }

  write(hashes: Float64Array): void {
    if (hashes.length === 0) return;
    this.insert.run(this.batchId, this.part++, Buffer.from(hashes.buffer, hashes.byteOffset, hashes.byteLength));
  }
}

/** Deletes a batch's line hashes (inside the caller's transaction). */
export function deleteLineHashes(db: Db, batchId: number): void {
  db.prepare('DELETE FROM line_hashes WHERE batch_id = ?').run(batchId);
}

/** Deletes every line hash of a dataset (a purge took some of its rows, which no hash can be told apart by). */
export function forgetLineHashes(db: Db, dataset: string): void {
  db.prepare('DELETE FROM line_hashes WHERE batch_id IN (SELECT id FROM import_batches WHERE cohort = ?)').run(dataset);
}
