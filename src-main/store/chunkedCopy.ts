// A whole workspace copied into a new encrypted file a chunk of rows at a time, so that a cancel
// is heard between chunks: `VACUUM INTO` is one statement that cannot be left, and better-sqlite3's
// `backup()` opens its destination without a key (SQLite3MultipleCiphers refuses to back an
// encrypted database up into it). The copy is the connection's main database, created under the
// key it is to have (the source's key and salt for a backup or restore, so the same passphrase
// opens it; a new key for a hand-over); the source is attached beside it. Everything is copied in
// one transaction, which is also the source's one read snapshot: tables, then their indexes (so
// no step is one long index build), rows in key order, the AUTOINCREMENT counters, the schema
// version, and last the triggers and views (a trigger must not fire on copied rows). Then the
// copy is checked table by table. A cancel rolls back; the caller removes the file.
import { openCipherDatabase, type CipherDatabase } from './cipherDatabase.ts';
import { sqliteIntegrityInSteps } from './integrity.ts';
import { safePoint, type Steps } from './safePoints.ts';
import { rawKeyText, type DerivedKey } from './workspaceKey.ts';

export interface CopyEnds {
  source: string;
  /** The source's key when it is not the copy's (a hand-over's copy has a new one). */
  sourceKey?: DerivedKey;
  /** A new file: created here, owner-only from its first byte. */
  target: string;
  targetKey: DerivedKey;
  /** Tables whose rows stay behind (their schema is copied); their counts are returned. */
  leaveRows?: readonly string[];
  /** Last changes to the copy, inside its transaction, knowing the rows left behind. */
  beforeCommit?: (copy: CipherDatabase, leftRows: Record<string, number>) => void;
  /** Said in errors: "The backup", "The hand-over copy". */
  what: string;
}

export interface CopyOutcome {
  /** Rows left behind, by table (`leaveRows`). */
  leftRows: Record<string, number>;
  /** SQLite's check of the copy, table by table. */
  check: { ok: boolean; messages: string[] };
}

interface SchemaObject {
  type: 'table' | 'index' | 'trigger' | 'view';
  name: string;
  sql: string;
}

interface ColumnInfo {
  name: string;
  type: string;
  pk: number;
  hidden: number;
}

const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** Rows per chunk: grown or shrunk so that a chunk takes about this long. */
const CHUNK_TARGET_MS = 15;

export async function copyDatabase(ends: CopyEnds, steps: Steps): Promise<CopyOutcome> {
  const copy = openCipherDatabase(ends.target, ends.targetKey, { create: true });
  try {
    // Rollback journal, as VACUUM INTO leaves it; no foreign key checks while parents and children arrive.
    copy.pragma('journal_mode=DELETE');
    copy.pragma('foreign_keys=OFF');
    attachSource(copy, ends);
    let leftRows: Record<string, number>;
    try {
      copy.exec('BEGIN');
      try {
        leftRows = await copyEverything(copy, ends, steps);
        ends.beforeCommit?.(copy, leftRows);
        copy.exec('COMMIT');
      } finally {
        if (copy.inTransaction) copy.exec('ROLLBACK');
      }
    } finally {
      copy.exec('DETACH DATABASE src');
    }
    const check = await sqliteIntegrityInSteps(copy, steps, ends.what);
    return { leftRows, check };
  } finally {
    copy.close();
  }
}

function attachSource(copy: CipherDatabase, ends: CopyEnds): void {
  if (ends.sourceKey === undefined) {
    // Without KEY, the attached file takes the main database's key: the same key and salt.
    copy.prepare('ATTACH DATABASE ? AS src').run(ends.source);
    return;
  }
  const key = rawKeyText(ends.sourceKey);
  try {
    copy.prepare('ATTACH DATABASE ? AS src KEY ?').run(ends.source, key);
  } finally {
    key.fill(0);
  }
}

async function copyEverything(copy: CipherDatabase, ends: CopyEnds, steps: Steps): Promise<Record<string, number>> {
  const objects = copy
    .prepare(
      `SELECT type, name, sql FROM src.sqlite_schema
       WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid`,
    )
    .all() as SchemaObject[];
  const tables = objects.filter((o) => o.type === 'table');
  for (const object of [...tables, ...objects.filter((o) => o.type === 'index')]) copy.exec(object.sql);

  const leave = new Set(ends.leaveRows ?? []);
  const leftRows: Record<string, number> = {};
  const counts = new Map<string, number>();
  for (const table of tables) {
    const n = copy
      .prepare(`SELECT count(*) FROM src.${quote(table.name)}`)
      .pluck()
      .get() as number;
    if (leave.has(table.name)) leftRows[table.name] = n;
    else counts.set(table.name, n);
  }
  const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
  const progress = { phase: 'copy', done: 0, total };
  await safePoint(steps, ends.what, { ...progress });
  const chunk = { rows: 1_000 };
  for (const table of tables) {
    if (leave.has(table.name)) continue;
    await copyRows(copy, table, chunk, async (copied) => {
      progress.done += copied;
      await safePoint(steps, ends.what, { ...progress });
    });
  }

  const hasSequence = (schema: string): boolean =>
    copy.prepare(`SELECT 1 FROM ${schema}.sqlite_schema WHERE name = 'sqlite_sequence'`).get() !== undefined;
  if (hasSequence('src') && hasSequence('main')) {
    copy.exec('DELETE FROM main.sqlite_sequence');
    copy.exec('INSERT INTO main.sqlite_sequence (name, seq) SELECT name, seq FROM src.sqlite_sequence');
  }
  const version = copy.pragma('src.user_version', { simple: true }) as number;
  copy.pragma(`main.user_version = ${Math.trunc(Number(version))}`);
  for (const object of objects.filter((o) => o.type === 'view' || o.type === 'trigger')) copy.exec(object.sql);
  return leftRows;
}

/** The columns that order a table's rows: its rowid (or the column that is it), else its primary key. */
function keyColumns(columns: ColumnInfo[], withoutRowid: boolean): string[] {
  const pk = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
  if (withoutRowid) return pk.map((c) => c.name);
  const only = pk.length === 1 ? pk[0] : undefined;
  return only !== undefined && only.type.toUpperCase() === 'INTEGER' ? [only.name] : ['rowid'];
}

/** Copies one table's rows in key order, a chunk per statement, calling `between` after each chunk. */
async function copyRows(
  copy: CipherDatabase,
  table: SchemaObject,
  chunk: { rows: number },
  between: (copied: number) => Promise<void>,
): Promise<void> {
  const columns = (copy.pragma(`src.table_xinfo(${quote(table.name)})`) as ColumnInfo[]).filter((c) => c.hidden === 0);
  const withoutRowid = /\bWITHOUT\s+ROWID\s*$/i.test(table.sql.trim());
  const key = keyColumns(columns, withoutRowid);
  const names = columns.map((c) => quote(c.name));
  const keyList = key.map((k) => (k === 'rowid' ? 'rowid' : quote(k)));
  const copied = key[0] === 'rowid' ? ['rowid', ...names] : names;
  const into = `INSERT INTO main.${quote(table.name)} (${copied.join(', ')}) SELECT ${copied.join(', ')} FROM src.${quote(table.name)}`;
  const order = `ORDER BY ${keyList.join(', ')} LIMIT ?`;
  const first = copy.prepare(`${into} ${order}`);
  const next = copy.prepare(`${into} WHERE (${keyList.join(', ')}) > (${key.map(() => '?').join(', ')}) ${order}`);
  const last = copy
    .prepare(
      `SELECT ${keyList.join(', ')} FROM main.${quote(table.name)} ORDER BY ${keyList.map((k) => `${k} DESC`).join(', ')} LIMIT 1`,
    )
    .raw();
  let after: unknown[] | null = null;
  for (;;) {
    const started = performance.now();
    const limit = chunk.rows;
    const changes = (after === null ? first.run(limit) : next.run(...after, limit)).changes;
    const took = performance.now() - started;
    if (took < CHUNK_TARGET_MS / 2 && changes === limit) chunk.rows = Math.min(chunk.rows * 2, 1_000_000);
    else if (took > CHUNK_TARGET_MS * 2) chunk.rows = Math.max(Math.floor(chunk.rows / 2), 16);
    if (changes > 0) await between(changes);
    if (changes < limit) return;
    after = last.get() as unknown[];
  }
}
