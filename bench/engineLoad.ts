// Snapshot load from an encrypted workspace (SQLCipher through
// better-sqlite3-multiple-ciphers, the real schema): open with the key, then loadSnapshot.
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { join } from 'node:path';
import { BUILT_IN_CODEBOOK, BUILT_IN_COLUMNS } from '../shared/codebook.ts';
import { daysToIso } from '../src-main/engine/dates.ts';
import { loadSnapshot } from '../src-main/engine/loadSnapshot.ts';
import { migration001 } from '../src-main/store/migrations/001_initial.ts';
import type { BenchData } from './engineData.ts';
import type { BenchRow } from './types.ts';

const KEY = 'bench-passphrase-not-secret';

export function openEncrypted(file: string): BetterSqlite3.Database {
  const db = new BetterSqlite3(file);
  db.pragma("cipher='sqlcipher'");
  db.pragma(`key='${KEY}'`);
  return db;
}

/** Writes the data as the victims table of a new encrypted workspace (the real schema 001). */
export function writeEncryptedWorkspace(data: BenchData, file: string): void {
  const db = openEncrypted(file);
  db.exec(migration001.sql);
  const stored = data.columns.filter(
    (c) =>
      BUILT_IN_COLUMNS.some((b) => b.name === c.name && b.cohorts.includes('victims')) &&
      c.name !== 'month' &&
      c.name !== 'financial_year',
  );
  db.transaction(() => {
    const column = db.prepare(
      'INSERT INTO codebook_columns (name, label, kind, cohorts, position) VALUES (?, ?, ?, ?, ?)',
    );
    BUILT_IN_COLUMNS.forEach((c, p) => column.run(c.name, c.label, c.kind, JSON.stringify(c.cohorts), p));
    const category = db.prepare('INSERT INTO categories (column_name, code, label, position) VALUES (?, ?, ?, ?)');
    for (const c of stored) if (c.kind !== 'flag') c.labels.forEach((label, p) => category.run(c.name, p, label, p));
    db.prepare(
      "INSERT INTO import_batches (id, cohort, file_name, file_hash, started_at, user_name) VALUES (1, 'victims', 'bench', 'x', '2024-01-01', 'bench')",
    ).run();
    const person = db.prepare('INSERT INTO persons (id, person_key) VALUES (?, ?)');
    let max = 0;
    for (let i = 0; i < data.rows; i++) max = Math.max(max, data.personIds[i] as number);
    for (let p = 1; p <= max; p++) person.run(p, `k${p}`);
    const names = ['batch_id', 'source_row', 'person_id', 'date', ...stored.map((c) => c.name)];
    const insert = db.prepare(
      `INSERT INTO victims (${names.map((n) => `"${n}"`).join(',')}) VALUES (${names.map(() => '?').join(',')})`,
    );
    const arrays = stored.map((c) => data.codes.get(c.name) as Uint8Array);
    const flags = stored.map((c) => c.kind === 'flag');
    for (let i = 0; i < data.rows; i++) {
      const values: (number | string | null)[] = [
        1,
        i + 1,
        data.personIds[i] as number,
        daysToIso(data.days[i] as number),
      ];
      for (let k = 0; k < arrays.length; k++) {
        const code = (arrays[k] as Uint8Array)[i] as number;
        values.push(flags[k] ? (code === 0 ? 1 : 0) : code);
      }
      insert.run(...values);
    }
  })();
  db.close();
}

export async function measureEncryptedLoad(data: BenchData, workDir: string): Promise<BenchRow> {
  const file = join(workDir, `load-${data.rows}.vsow`);
  writeEncryptedWorkspace(data, file);
  const started = performance.now();
  const reopened = openEncrypted(file);
  const snapshot = loadSnapshot(reopened, BUILT_IN_CODEBOOK, 'victims');
  const elapsed = performance.now() - started;
  reopened.close();
  return {
    name: `snapshot load from encrypted workspace, ${data.rows / 1_000_000}M records`,
    medianMs: elapsed,
    unit: 'ms',
    extra: { runs: 1, dimensions: Object.keys(snapshot.dimensions).length, rows: snapshot.rowCount },
  };
}
