// Child process of the crash test: opens the workspace, starts one long write transaction (an
// import of many rows), says "writing" once thousands of rows are in it (enough for pages to
// reach the file and its journal), then keeps inserting until the parent kills it with SIGKILL.
import { Workspace } from '../../../../src-main/store/workspace.ts';

const workspace = Workspace.open(process.env.WS_PATH ?? '', process.env.VSO_PASSPHRASE ?? '');
const db = workspace.db;
// A small page cache makes SQLite spill pages of the open transaction to the file early, as a
// real import larger than the cache (16 MB) does: the kill then lands on a half-written file.
db.pragma('cache_size = 200');
db.exec('BEGIN IMMEDIATE');
const batchId = Number(
  db
    .prepare(
      `INSERT INTO import_batches (cohort, file_name, file_hash, started_at, user_name)
       VALUES ('victims', 'second-extract.csv', 'feed', '2024-06-01T09:00:00Z', 'child')`,
    )
    .run().lastInsertRowid,
);
const person = db.prepare('INSERT INTO persons (person_key) VALUES (?)');
const record = db.prepare('INSERT INTO victims (batch_id, source_row, person_id, date, sex) VALUES (?, ?, ?, ?, 1)');
let row = 0;
function insertSome(count: number): void {
  for (let i = 0; i < count; i++, row++) {
    const id = Number(person.run(`CHILDKEY${row}`).lastInsertRowid);
    record.run(batchId, row + 2, id, '2024-01-15');
  }
}
insertSome(20_000);
process.stdout.write('writing\n');
for (;;) insertSome(1000);
