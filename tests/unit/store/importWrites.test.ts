// The store's write modules the importer calls: statements prepared once per connection (and
// never shared between connections), the import transaction rolled back as a whole, and
// context table and column names refused before they reach SQL text. A real SQLite file each.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { cohortTableColumns } from '../../../src-main/store/bulkInserts.ts';
import { contextRowInsert, createContextDataset, nextContextRowId } from '../../../src-main/store/contextWrites.ts';
import { profileJson, profileRows, writeProfile } from '../../../src-main/store/mappingProfiles.ts';
import { beginImmediate, commit, prepared, rollbackIfOpen } from '../../../src-main/store/sqlConnection.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A plain SQLite file whose prepare calls are counted, with the tables these modules write. */
function countingDatabase(): { db: Database.Database; prepares: () => number } {
  const dir = mkdtempSync(join(tmpdir(), 'vso-store-writes-'));
  dirs.push(dir);
  const db = new Database(join(dir, 'w.db'));
  db.exec(`CREATE TABLE mapping_profiles (name TEXT PRIMARY KEY, cohort TEXT, profile TEXT, created_at TEXT, updated_at TEXT);
    CREATE TABLE context_datasets (id INTEGER PRIMARY KEY, name TEXT UNIQUE, table_name TEXT, label TEXT, file_name TEXT,
      file_hash TEXT, columns TEXT, rows INTEGER, created_at TEXT, updated_at TEXT, district_from TEXT);`);
  let count = 0;
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    count++;
    return prepare(sql);
  }) as typeof db.prepare;
  return { db, prepares: () => count };
}

describe('the store’s import writes', () => {
  it('prepare each statement once per connection, and a second connection its own', () => {
    const first = countingDatabase();
    for (let i = 0; i < 5; i++) writeProfile(first.db, `p${i}`, 'victims', `{"n":${i}}`, '2026-01-01T00:00:00Z');
    expect(first.prepares()).toBe(1);
    expect(profileJson(first.db, 'p3')).toBe('{"n":3}');
    expect(profileJson(first.db, 'p4')).toBe('{"n":4}');
    expect(first.prepares()).toBe(2);
    // Written five times through one statement: the rows read back another way agree.
    const direct = first.db.prepare('SELECT name FROM mapping_profiles ORDER BY name').all() as Array<{ name: string }>;
    expect(profileRows(first.db).map((p) => p.name)).toEqual(direct.map((r) => r.name));

    const second = countingDatabase();
    writeProfile(second.db, 'other', 'suspects', '{}', '2026-01-01T00:00:00Z');
    expect(second.prepares()).toBe(1);
    expect(profileJson(second.db, 'p3')).toBeUndefined();
    expect(prepared(first.db, 'SELECT 1')).not.toBe(prepared(second.db, 'SELECT 1'));
  });

  it('read a cohort table’s columns afresh after a column is added (as the source band column is)', () => {
    const { db } = countingDatabase();
    db.exec('CREATE TABLE victims (id INTEGER PRIMARY KEY, batch_id INTEGER, source_row INTEGER, person_id INTEGER)');
    expect(cohortTableColumns(db, 'victims')).toEqual(['person_id']);
    db.exec('ALTER TABLE victims ADD COLUMN age_band_as_recorded INTEGER');
    expect(cohortTableColumns(db, 'victims')).toEqual(['person_id', 'age_band_as_recorded']);
  });

  it('roll back a whole import transaction, the dataset’s new table included', () => {
    const { db } = countingDatabase();
    beginImmediate(db);
    createContextDataset(db, {
      name: 'crime',
      tableName: 'ctx_crime',
      label: 'Crime',
      fileName: 'a.csv',
      fileHash: 'h',
      columnsJson: '[]',
      createdAt: '2026-01-01T00:00:00Z',
      districtFrom: null,
      tableColumns: [{ name: 'month', type: 'TEXT' }],
    });
    contextRowInsert(db, 'ctx_crime', ['month'])([2, '2026-01']);
    expect(nextContextRowId(db, 'ctx_crime')).toBe(2);
    expect(rollbackIfOpen(db)).toBe(true);
    expect(rollbackIfOpen(db)).toBe(false);
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE name = 'ctx_crime'`).all();
    expect(tables).toEqual([]);
    expect(db.prepare('SELECT count(*) AS n FROM context_datasets').get()).toEqual({ n: 0 });

    beginImmediate(db);
    writeProfile(db, 'kept', 'victims', '{}', '2026-01-01T00:00:00Z');
    commit(db);
    expect(db.inTransaction).toBe(false);
    expect(profileJson(db, 'kept')).toBe('{}');
  });

  it('refuse table and column names that are not plain identifiers, before any SQL runs', () => {
    const { db } = countingDatabase();
    const base = {
      name: 'crime',
      label: 'Crime',
      fileName: 'a.csv',
      fileHash: 'h',
      columnsJson: '[]',
      createdAt: '2026-01-01T00:00:00Z',
      districtFrom: null,
    };
    expect(() =>
      createContextDataset(db, { ...base, tableName: 'ctx_crime"; DROP TABLE context_datasets; --', tableColumns: [] }),
    ).toThrow(/refusing the context table name/);
    expect(() =>
      createContextDataset(db, { ...base, tableName: 'ctx_ok', tableColumns: [{ name: 'Bad Name', type: 'TEXT' }] }),
    ).toThrow(/refusing the context column name/);
    expect(() => contextRowInsert(db, 'ctx_ok', ['x"y'])).toThrow(/refusing the context/);
    expect(() => nextContextRowId(db, 'persons')).toThrow(/refusing the context table name/);
    expect(db.prepare('SELECT count(*) AS n FROM context_datasets').get()).toEqual({ n: 0 });
  });
});
