// Migrations: a workspace of every older schema version opens as the newest, with its data and
// the same schema as a new workspace, and takes what the newest schema added (a geography
// lookup); a newer or foreign history is refused; a failing migration leaves the file at the
// version before it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCipherDatabase, type CipherDatabase } from '../../../src-main/store/cipherDatabase.ts';
import { appliedMigrations, migrate, schemaVersion } from '../../../src-main/store/migrate.ts';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../../src-main/store/migrations/index.ts';
import { Workspace } from '../../../src-main/store/workspace.ts';
import { writeLsoaLookup } from '../../../src-main/sample/generator/lsoaLookup.ts';
import { importContextDataset } from '../../../src-main/import/contextDataset.ts';
import { inferContextColumns } from '../../../src-main/import/contextColumns.ts';
import { importLsoaLookup, lsoaLookupInfo } from '../../../src-main/import/lsoaLookup.ts';
import { streetCrimeCsv } from '../../helpers/streetCrime.ts';
import { PASSPHRASE, contentDigest, insertBatch, tempDir } from './storeTestKit.ts';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

/** Tables with their columns, and indexes: the schema as SQLite sees it, whatever DDL built it. */
function schemaShape(db: CipherDatabase): string[] {
  const objects = db
    .prepare(`SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name`)
    .all() as { type: string; name: string; tbl_name: string }[];
  return objects.map((object) => {
    if (object.type !== 'table') return `${object.type} ${object.name} on ${object.tbl_name}`;
    const columns = (db.pragma(`table_info(${object.name})`) as { name: string; type: string }[])
      .map((column) => `${column.name}:${column.type}`)
      .sort();
    return `table ${object.name}(${columns.join(',')})`;
  });
}

function errorCode(work: () => unknown): string | undefined {
  try {
    work();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('migrations', () => {
  // Versions are given out to parallel work in advance, so one may be missing (10 before 9).
  it('knows at least two versions, from 1 in increasing order', () => {
    expect(MIGRATIONS.length).toBeGreaterThanOrEqual(2);
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions[0]).toBe(1);
    expect(versions).toEqual([...new Set(versions)].sort((a, b) => a - b));
    expect(LATEST_SCHEMA_VERSION).toBe(versions.at(-1));
  });

  const olderVersions = MIGRATIONS.slice(0, -1).map((m) => m.version);
  it.each(olderVersions)('opens a version %i workspace as the newest, data intact', (version) => {
    const fresh = Workspace.create(join(dir, 'fresh.vsow'), PASSPHRASE);
    const expectedShape = schemaShape(fresh.db);
    fresh.close();

    const path = join(dir, `v${version}.vsow`);
    const old = Workspace.create(path, PASSPHRASE, { schemaVersion: version });
    expect(schemaVersion(old.db)).toBe(version);
    expect(old.db.pragma('user_version', { simple: true })).toBe(version);
    insertBatch(old.db, 'victims', [
      { personKey: 'P1', date: '2020-05-01', sex: 1 },
      { personKey: 'P2', date: '2021-06-01', sex: 0 },
    ]);
    insertBatch(old.db, 'offenders', [{ personKey: 'P1', date: '2019-01-01' }]);
    const before = contentDigest(old.db);
    old.close();

    const upgraded = Workspace.open(path, PASSPHRASE);
    expect(upgraded.info().schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(appliedMigrations(upgraded.db).map((m) => m.version)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(upgraded.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(schemaShape(upgraded.db)).toEqual(expectedShape);
    expect(contentDigest(upgraded.db)).toBe(before);
    expect(upgraded.info().counts).toEqual({ victims: 2, suspects: 0, offenders: 1 });
    const opened = upgraded.audit.list({ limit: 1 })[0];
    expect(opened?.action).toBe('workspace.open');
    expect(opened?.detail).toMatchObject({ migratedFrom: version, schemaVersion: LATEST_SCHEMA_VERSION });
    // What the newest schema added works on the upgraded file.
    const batchId = upgraded.listBatches()[0]?.id ?? 0;
    expect(upgraded.deleteBatch(batchId).records).toBeGreaterThan(0);
    upgraded.close();
  });

  // Version 4 (the geography lookup) on every older file: a lookup imports, and a context dataset
  // of LSOA codes only takes its districts from it.
  it.each(olderVersions)('a version %i workspace takes a geography lookup once upgraded', async (version) => {
    const path = join(dir, `lookup-v${version}.vsow`);
    Workspace.create(path, PASSPHRASE, { schemaVersion: version }).close();
    const lookupFile = join(dir, 'lookup.csv');
    await writeLsoaLookup(lookupFile);
    const street = join(dir, 'street.csv');
    writeFileSync(street, streetCrimeCsv(50, { lsoaNames: false }));
    const upgraded = Workspace.open(path, PASSPHRASE);
    try {
      expect(lsoaLookupInfo(upgraded.db)).toBeNull();
      expect((await importLsoaLookup(upgraded, lookupFile)).lookup.lsoas).toBe(500);
      const inferred = await inferContextColumns(street, { hasLsoaLookup: true });
      const imported = await importContextDataset(upgraded, {
        name: 'street',
        path: street,
        columns: inferred.columns,
        districtFrom: inferred.districtFrom,
      });
      expect(imported.districts).toMatchObject({ Fenland: 10, Peterborough: 10, 'Outside area': 10 });
    } finally {
      upgraded.close();
    }
  });

  // Version 6 rebuilt `persons` with foreign keys off: they are on again, still enforced, and
  // the keys still unique, now through the named index an import can set aside.
  it('a version 5 workspace keeps its persons, their references and unique keys through version 6', () => {
    const path = join(dir, 'v5-persons.vsow');
    const old = Workspace.create(path, PASSPHRASE, { schemaVersion: 5 });
    insertBatch(old.db, 'victims', [
      { personKey: 'P1', date: '2020-05-01', sex: 1 },
      { personKey: 'P2', date: '2021-06-01', sex: 0 },
    ]);
    const before = old.db.prepare('SELECT id, person_key FROM persons ORDER BY id').all();
    old.close();
    const upgraded = Workspace.open(path, PASSPHRASE);
    try {
      const db = upgraded.db;
      expect(db.prepare('SELECT id, person_key FROM persons ORDER BY id').all()).toEqual(before);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
      expect(() => db.prepare('INSERT INTO persons (person_key) VALUES (?)').run('P1')).toThrow(/UNIQUE/);
      const person = db.prepare('SELECT person_id FROM victims LIMIT 1').pluck().get() as number;
      expect(() => db.prepare('DELETE FROM persons WHERE id = ?').run(person)).toThrow(/FOREIGN KEY/);
      expect(
        db
          .prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'persons' AND sql IS NOT NULL`)
          .all(),
      ).toEqual([{ name: 'persons_key' }]);
    } finally {
      upgraded.close();
    }
  });

  // Version 10 makes each file of a context dataset a batch: a dataset imported before it (one
  // file, rows 1 to n) becomes its first batch, which a later file joins and which can be deleted.
  it('a version 7 context dataset becomes its first batch through version 10, and grows', async () => {
    const path = join(dir, 'v7-context.vsow');
    const old = Workspace.create(path, PASSPHRASE, { schemaVersion: 7 });
    const columns = [
      { source: 'Crime type', name: 'crime_type', label: 'Crime type', kind: 'category', included: true },
    ];
    old.db
      .prepare(
        `INSERT INTO context_datasets (name, table_name, label, file_name, file_hash, columns, rows, created_at, updated_at)
         VALUES ('street', 'ctx_street', 'Street', 'old.csv', 'abc', ?, 3, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z')`,
      )
      .run(JSON.stringify(columns));
    old.db.exec('CREATE TABLE ctx_street (id INTEGER PRIMARY KEY, source_row INTEGER NOT NULL, crime_type INTEGER)');
    old.db.exec(
      `INSERT INTO context_categories (dataset_id, column_name, code, label, position) VALUES (1, 'crime_type', 0, 'Burglary', 0)`,
    );
    old.db.exec('INSERT INTO ctx_street (source_row, crime_type) VALUES (2, 0), (3, 0), (4, 0)');
    old.close();
    const upgraded = Workspace.open(path, PASSPHRASE);
    try {
      const batch = upgraded.listBatches().find((b) => b.cohort === 'context:street');
      expect(batch).toMatchObject({ fileName: 'old.csv', accepted: 3, deletedAt: null });
      expect(upgraded.batchSummary(batch?.id ?? 0).records).toBe(3);
      const added = join(dir, 'added.csv');
      writeFileSync(added, 'Crime type\nShoplifting\nBurglary\n');
      const result = await importContextDataset(upgraded, { name: 'street', path: added, columns: [], append: true });
      expect(result).toMatchObject({ appended: true, rows: 2, datasetRows: 5 });
      expect(upgraded.deleteBatch(batch?.id ?? 0).records).toBe(3);
      expect(upgraded.db.prepare('SELECT rows FROM context_datasets').pluck().get()).toBe(2);
      expect(upgraded.batchSummary(result.batchId).records).toBe(2);
    } finally {
      upgraded.close();
    }
  });

  // Version 7 records each batch's range of record ids (read from the `batch_id` indexes it then
  // drops): counts and deletions of batches imported before it still find their records.
  it('a version 6 workspace gets the record ranges of its batches through version 7', () => {
    const path = join(dir, 'v6-batches.vsow');
    const old = Workspace.create(path, PASSPHRASE, { schemaVersion: 6 });
    const records = (n: number, from: number) =>
      Array.from({ length: n }, (_, i) => ({ personKey: `P${from + i}`, date: '2021-06-01', sex: i % 2 }));
    const first = insertBatch(old.db, 'victims', records(3, 0), { fileName: 'a.csv' });
    const suspects = insertBatch(old.db, 'suspects', records(2, 0), { fileName: 'b.csv' });
    const second = insertBatch(old.db, 'victims', records(4, 10), { fileName: 'c.csv' });
    const empty = insertBatch(old.db, 'offenders', [], { fileName: 'd.csv' });
    old.close();
    const upgraded = Workspace.open(path, PASSPHRASE);
    try {
      const db = upgraded.db;
      const range = (id: number) =>
        db.prepare('SELECT first_row AS first, last_row AS last FROM import_batches WHERE id = ?').get(id);
      expect(range(first)).toEqual({ first: 1, last: 3 });
      expect(range(suspects)).toEqual({ first: 1, last: 2 });
      expect(range(second)).toEqual({ first: 4, last: 7 });
      expect(range(empty)).toEqual({ first: null, last: null });
      expect(db.prepare(`SELECT name FROM sqlite_master WHERE name LIKE '%_batch' AND type = 'index'`).all()).toEqual([
        { name: 'rejected_rows_batch' },
      ]);
      expect(upgraded.batchSummary(second).records).toBe(4);
      expect(upgraded.batchSummary(empty).records).toBe(0);
      expect(upgraded.deleteBatch(first).records).toBe(3);
      expect(db.prepare('SELECT count(*) FROM victims').pluck().get()).toBe(4);
      expect(upgraded.batchSummary(suspects).records).toBe(2);
    } finally {
      upgraded.close();
    }
  });

  // Version 9 keeps each rejected row's date. Rows rejected before it have only their raw values,
  // keyed by the extract's headers: the date is read through the batch's saved profile when it
  // names the header, else through the header the automatic mapping gives `date`.
  it('a version 7 workspace gets the dates of its rejected rows, where the mapping allows, through version 9', async () => {
    const path = join(dir, 'v7-rejected.vsow');
    const old = Workspace.create(path, PASSPHRASE, { schemaVersion: 7 });
    const profiled = insertBatch(old.db, 'victims', [], {
      rejected: [
        { raw: { 'Incident Dt': '14/03/2019', Gender: 'F' } },
        { raw: { 'Incident Dt': 'soon', Gender: 'M' } },
        // The profile's header is missing here; "Date Committed" is a synonym of date.
        { raw: { 'Date Committed': '01/02/2018' } },
      ],
    });
    const automatic = insertBatch(old.db, 'suspects', [{ personKey: 'S', date: '2020-01-01' }], {
      rejected: [{ raw: { 'Date Committed': '02/01/2020 13:45' } }, { raw: { 'Offence Date': '43831' } }],
    });
    const unmapped = insertBatch(old.db, 'offenders', [], { rejected: [{ raw: { When: '01/02/2018' } }] });
    old.db
      .prepare(`INSERT INTO mapping_profiles (name, cohort, profile, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`)
      .run(
        'Police export',
        'victims',
        JSON.stringify({ columns: [{ source: 'Incident Dt', target: 'date' }] }),
        '2024-01-01',
        '2024-01-01',
      );
    old.db.prepare(`UPDATE import_batches SET profile_name = 'Police export' WHERE id = ?`).run(profiled);
    // A profile deleted since: the automatic mapping has nothing to go on either.
    old.db.prepare(`UPDATE import_batches SET profile_name = 'Gone' WHERE id = ?`).run(unmapped);
    old.close();

    const upgraded = Workspace.open(path, PASSPHRASE);
    try {
      const dates = (batchId: number) =>
        upgraded.db.prepare('SELECT date FROM rejected_rows WHERE batch_id = ? ORDER BY id').pluck().all(batchId);
      expect(dates(profiled)).toEqual(['2019-03-14', null, '2018-02-01']);
      // 43831 is the Excel serial of 1 January 2020.
      expect(dates(automatic)).toEqual(['2020-01-02', '2020-01-01']);
      expect(dates(unmapped)).toEqual([null]);
      // Retention now finds them: the cut-off is 1 January 2020, the batches were imported in 2024.
      const purged = await upgraded.purgeRetention(5, '2025-01-01');
      expect(purged.rejectedRows).toBe(2);
      expect(upgraded.db.prepare('SELECT date FROM rejected_rows ORDER BY id').pluck().all()).toEqual([
        null,
        '2020-01-02',
        '2020-01-01',
        null,
      ]);
    } finally {
      upgraded.close();
    }
  });

  it('refuses a workspace written by a newer build', () => {
    const path = join(dir, 'newer.vsow');
    Workspace.create(path, PASSPHRASE).close();
    const db = openCipherDatabase(path, PASSPHRASE);
    const future = { version: LATEST_SCHEMA_VERSION + 1, name: 'from_the_future', sql: 'CREATE TABLE future (x);' };
    migrate(db, path, future.version, [...MIGRATIONS, future]);
    db.close();
    expect(errorCode(() => Workspace.open(path, PASSPHRASE))).toBe('SCHEMA_TOO_NEW');
  });

  it('refuses a history that is not a prefix of the known migrations', () => {
    const path = join(dir, 'forked.vsow');
    Workspace.create(path, PASSPHRASE).close();
    const db = openCipherDatabase(path, PASSPHRASE);
    db.prepare('UPDATE schema_migrations SET name = ? WHERE version = 1').run('someone_elses_initial');
    db.close();
    expect(errorCode(() => Workspace.open(path, PASSPHRASE))).toBe('DAMAGED_WORKSPACE');
  });

  it('a failing migration leaves the file at the version before it', () => {
    const path = join(dir, 'fail.vsow');
    Workspace.create(path, PASSPHRASE).close();
    const db = openCipherDatabase(path, PASSPHRASE);
    const broken = {
      version: LATEST_SCHEMA_VERSION + 1,
      name: 'broken',
      sql: 'CREATE TABLE half_done (x); INSERT INTO no_such_table VALUES (1);',
    };
    expect(() => migrate(db, path, broken.version, [...MIGRATIONS, broken])).toThrow(/no_such_table/);
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(db.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'half_done'`).pluck().get()).toBe(0);
    db.close();
  });
});
