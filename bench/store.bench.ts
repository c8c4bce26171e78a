// Store benchmark (issue 3): create, and open + close (SQLCipher's PBKDF2 key derivation
// included), of an encrypted workspace; and the cost of encryption on writes: the same 200,000
// victims records inserted in one transaction into the encrypted workspace and into plain
// better-sqlite3 with the same schema and pragmas, in the same run, as a ratio.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CipherDatabase } from '../src-main/store/cipherDatabase.ts';
import { MIGRATIONS } from '../src-main/store/migrations/index.ts';
import { Workspace } from '../src-main/store/workspace.ts';
import type { BenchRow } from './types.ts';

const PASSPHRASE = 'benchmark passphrase, long enough 42';
const ROWS = 200_000;
const PERSONS = 50_000;

const require = createRequire(import.meta.url);
const PlainDatabase = require('better-sqlite3') as typeof import('better-sqlite3-multiple-ciphers');

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function timed(work: () => void): number {
  const start = performance.now();
  work();
  return performance.now() - start;
}

/** Persons and one batch row, not timed; returns the batch id. */
function prepareTarget(db: CipherDatabase): number {
  db.transaction(() => {
    const person = db.prepare('INSERT INTO persons (person_key) VALUES (?)');
    for (let i = 0; i < PERSONS; i++) person.run(`bench-person-${i}`);
  })();
  return Number(
    db
      .prepare(
        `INSERT INTO import_batches (cohort, file_name, file_hash, started_at, user_name)
         VALUES ('victims', 'bench.csv', 'bench', '2024-01-01T00:00:00Z', 'bench')`,
      )
      .run().lastInsertRowid,
  );
}

/** The timed part: ROWS victims records with typical codes, in one transaction. */
function insertRecords(db: CipherDatabase, batchId: number): void {
  const insert = db.prepare(
    `INSERT INTO victims (batch_id, source_row, person_id, date, month, financial_year, district, imd_decile,
       age_band, sex, ethnicity, offence_group, domestic_abuse, hate_crime, repeat_victim, enhanced_rights,
       referred_to_services, service_used)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (let i = 0; i < ROWS; i++) {
      const day = String(1 + (i % 28)).padStart(2, '0');
      const month = String(1 + (i % 12)).padStart(2, '0');
      insert.run(
        batchId,
        i + 2,
        1 + (i % PERSONS),
        `2023-${month}-${day}`,
        i % 12,
        i % 2,
        i % 8,
        i % 11,
        i % 9,
        i % 3,
        i % 6,
        i % 13,
        i % 2,
        (i >> 3) % 2,
        (i >> 2) % 2,
        i % 5,
        (i >> 1) % 2,
        i % 6,
      );
    }
  })();
}

function plainWorkspaceLike(path: string): CipherDatabase {
  const db = new PlainDatabase(path);
  db.pragma('journal_mode=WAL');
  db.pragma('temp_store=MEMORY');
  db.pragma('secure_delete=ON');
  db.pragma('foreign_keys=ON');
  for (const migration of MIGRATIONS) db.exec(migration.sql);
  return db;
}

export async function benchStore(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'vso-bench-store-'));
  try {
    const createMs: number[] = [];
    for (let i = 0; i < 5; i++) {
      createMs.push(timed(() => Workspace.create(join(dir, `create-${i}.vsow`), PASSPHRASE).close()));
    }
    const openPath = join(dir, 'create-0.vsow');
    const openMs: number[] = [];
    for (let i = 0; i < 7; i++) openMs.push(timed(() => Workspace.open(openPath, PASSPHRASE).close()));

    const encryptedMs: number[] = [];
    const plainMs: number[] = [];
    for (let run = 0; run < 3; run++) {
      const ws = Workspace.create(join(dir, `insert-${run}.vsow`), PASSPHRASE);
      const batch = prepareTarget(ws.db);
      encryptedMs.push(timed(() => insertRecords(ws.db, batch)));
      ws.close();

      const plain = plainWorkspaceLike(join(dir, `plain-${run}.db`));
      const plainBatch = prepareTarget(plain);
      plainMs.push(timed(() => insertRecords(plain, plainBatch)));
      plain.close();
    }
    const encrypted = median(encryptedMs);
    const plain = median(plainMs);
    return [
      { name: 'store: create workspace (KDF, schema, codebook)', medianMs: median(createMs), unit: 'ms' },
      { name: 'store: open + close workspace (KDF included)', medianMs: median(openMs), unit: 'ms' },
      {
        name: `store: insert ${ROWS.toLocaleString('en-GB')} records, one transaction`,
        medianMs: encrypted,
        peer: 'plain better-sqlite3, same schema and pragmas',
        peerMedianMs: plain,
        ratio: encrypted / plain,
        unit: 'ms',
        extra: {
          encryptedRowsPerSecond: Math.round(ROWS / (encrypted / 1000)),
          plainRowsPerSecond: Math.round(ROWS / (plain / 1000)),
        },
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.filename === process.argv[1]) {
  for (const row of await benchStore()) console.log(JSON.stringify(row));
}
