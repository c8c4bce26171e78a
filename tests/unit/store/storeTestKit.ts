// Shared tools of the store tests: temporary folders, sample records, a digest of a workspace's
// content, byte searches over every file of a folder, and an independent SQLCipher 4 page
// decryptor (Node's crypto only) used to look at the raw pages "under the key".
import { createHash, createDecipheriv, createHmac, pbkdf2Sync } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cohort } from '../../../shared/codebook.ts';
import type { CipherDatabase } from '../../../src-main/store/cipherDatabase.ts';
import { Workspace } from '../../../src-main/store/workspace.ts';

export const PASSPHRASE = 'correct horse battery staple';

const require = createRequire(import.meta.url);
/** The plain (unencrypted) better-sqlite3, independent of the SQLCipher build. */
export const PlainDatabase = require('better-sqlite3') as typeof import('better-sqlite3-multiple-ciphers');

/** The `code` of the AppError a call throws, or undefined when it does not throw. */
export function codeOf(work: () => unknown): string | undefined {
  try {
    work();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

/** As `codeOf`, for a call that answers with a promise. */
export async function codeOfAsync(work: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await work();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

export function tempDir(prefix = 'vso-store-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface SampleRecord {
  personKey: string;
  date: string;
  sex?: number;
  district?: number;
}

/** Inserts one import batch of records (as the importer would) and returns its id. */
export function insertBatch(
  db: CipherDatabase,
  cohort: Cohort,
  records: readonly SampleRecord[],
  options: { fileName?: string; rejected?: readonly { raw: Record<string, unknown>; date?: string }[] } = {},
): number {
  return db.transaction(() => {
    const batchId = Number(
      db
        .prepare(
          `INSERT INTO import_batches (cohort, file_name, file_hash, rows_read, accepted, rejected, started_at, finished_at, user_name)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'tester')`,
        )
        .run(
          cohort,
          options.fileName ?? 'extract.csv',
          createHash('sha256').update(JSON.stringify(records)).digest('hex'),
          records.length + (options.rejected?.length ?? 0),
          records.length,
          options.rejected?.length ?? 0,
          '2024-05-01T10:00:00.000Z',
          '2024-05-01T10:01:00.000Z',
        ).lastInsertRowid,
    );
    const person = db.prepare(
      `INSERT INTO persons (person_key) VALUES (?) ON CONFLICT(person_key) DO UPDATE SET person_key = excluded.person_key RETURNING id`,
    );
    const insert = db.prepare(
      `INSERT INTO ${cohort} (batch_id, source_row, person_id, date, sex, district) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    const nextId = (): number =>
      Number((db.prepare(`SELECT max(id) AS id FROM ${cohort}`).get() as { id: number | null }).id ?? 0) + 1;
    const firstRow = nextId();
    records.forEach((record, index) => {
      const { id } = person.get(record.personKey) as { id: number };
      insert.run(batchId, index + 2, id, record.date, record.sex ?? 0, record.district ?? 0);
    });
    // The batch's range of record ids, as an import records it (schema 7 on; older files backfill it).
    const columns = db.prepare('PRAGMA table_info(import_batches)').all() as Array<{ name: string }>;
    if (columns.some((c) => c.name === 'first_row'))
      db.prepare('UPDATE import_batches SET first_row = ?, last_row = ? WHERE id = ?').run(
        firstRow,
        nextId() - 1,
        batchId,
      );
    // The date the importer reads from the row's date cell (schema 9 on).
    const dated = (db.prepare('PRAGMA table_info(rejected_rows)').all() as Array<{ name: string }>).some(
      (c) => c.name === 'date',
    );
    const reject = db.prepare(
      dated
        ? `INSERT INTO rejected_rows (batch_id, source_row, reasons, raw, date) VALUES (?, ?, ?, ?, ?)`
        : `INSERT INTO rejected_rows (batch_id, source_row, reasons, raw) VALUES (?, ?, ?, ?)`,
    );
    (options.rejected ?? []).forEach((row, index) => {
      const values = [
        batchId,
        1000 + index,
        JSON.stringify([{ column: 'date', rule: 'invalid' }]),
        JSON.stringify(row.raw),
      ];
      reject.run(...values, ...(dated ? [row.date ?? null] : []));
    });
    return batchId;
  })();
}

/** A workspace at `file` of `count` victims, one record each on one day, `sexOf(i)` the sex code of the i-th. */
export function victimsWorkspace(file: string, count: number, sexOf: (i: number) => number): void {
  const ws = Workspace.create(file, PASSPHRASE);
  insertBatch(
    ws.db,
    'victims',
    Array.from({ length: count }, (_, i) => ({ personKey: `P${i}`, date: '2023-01-01', sex: sexOf(i) })),
  );
  ws.close();
}

/** A digest of the data (not the audit log): equal digests mean equal content. */
export function contentDigest(db: CipherDatabase): string {
  const hash = createHash('sha256');
  const queries = [
    ...['victims', 'suspects', 'offenders', 'persons', 'rejected_rows', 'categories'].map(
      (table) => `SELECT * FROM ${table} ORDER BY 1, 2`,
    ),
    // The columns of version 1, so that a migrated file compares with its older self.
    'SELECT id, cohort, file_name, file_hash, accepted, rejected, status FROM import_batches ORDER BY id',
  ];
  for (const sql of queries) {
    hash.update(sql);
    for (const row of db.prepare(sql).raw().iterate()) hash.update(JSON.stringify(row));
  }
  return hash.digest('hex');
}

/** Every file in `dir` (side files included) with its bytes. */
export function filesIn(dir: string): { name: string; bytes: Buffer }[] {
  return readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isFile())
    .map((name) => ({ name, bytes: readFileSync(join(dir, name)) }));
}

export function findNeedles(bytes: Buffer, needles: readonly string[]): string[] {
  return needles.filter((needle) => bytes.includes(Buffer.from(needle, 'utf8')));
}

/** A decrypted image, marked as rollback-journal mode so that SQLite can open it from memory (WAL needs files). */
export function openImage(image: Buffer): InstanceType<typeof PlainDatabase> {
  const copy = Buffer.from(image);
  copy[18] = 1;
  copy[19] = 1;
  return new PlainDatabase(copy);
}

const PAGE = 4096;
const RESERVED = 80; // 16 bytes IV + 64 bytes HMAC-SHA512

/**
 * Decrypts every page of a SQLCipher 4 file (PBKDF2-HMAC-SHA512 x 256,000, AES-256-CBC,
 * HMAC-SHA512 over ciphertext + IV + page number) written from scratch here: it checks each
 * page's HMAC and returns the plaintext database image, free pages included.
 */
export function decryptSqlcipher4(fileBytes: Buffer, passphrase: string): Buffer {
  if (fileBytes.length % PAGE !== 0) throw new Error(`not a whole number of pages: ${fileBytes.length}`);
  const salt = fileBytes.subarray(0, 16);
  const key = pbkdf2Sync(Buffer.from(passphrase.normalize('NFC'), 'utf8'), salt, 256_000, 32, 'sha512');
  const hmacSalt = Buffer.from(salt.map((byte) => byte ^ 0x3a));
  const hmacKey = pbkdf2Sync(key, hmacSalt, 2, 32, 'sha512');
  const out = Buffer.alloc(fileBytes.length);
  for (let index = 0; index < fileBytes.length / PAGE; index++) {
    const page = fileBytes.subarray(index * PAGE, (index + 1) * PAGE);
    const start = index === 0 ? 16 : 0;
    const ciphertext = page.subarray(start, PAGE - RESERVED);
    const iv = page.subarray(PAGE - RESERVED, PAGE - RESERVED + 16);
    const pageNumber = Buffer.alloc(4);
    pageNumber.writeUInt32LE(index + 1);
    const mac = createHmac('sha512', hmacKey)
      .update(page.subarray(start, PAGE - 64))
      .update(pageNumber)
      .digest();
    if (!mac.equals(page.subarray(PAGE - 64))) throw new Error(`HMAC mismatch on page ${index + 1}`);
    const decipher = createDecipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
    const plain = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    if (index === 0) Buffer.from('SQLite format 3\0', 'latin1').copy(out, 0);
    plain.copy(out, index * PAGE + start);
  }
  return out;
}
