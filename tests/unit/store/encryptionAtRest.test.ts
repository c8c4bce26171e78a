// Encryption at rest: the file is a standard SQLCipher 4 file, nothing readable without the
// passphrase (main file, journal or any side file, during and after a write), and the open
// errors say what is actually wrong.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCipherDatabase } from '../../../src-main/store/cipherDatabase.ts';
import { Workspace } from '../../../src-main/store/workspace.ts';
import {
  codeOf,
  codeOfAsync,
  decryptSqlcipher4,
  filesIn,
  findNeedles,
  insertBatch,
  openImage,
  PASSPHRASE,
  PlainDatabase,
  tempDir,
  type SampleRecord,
} from './storeTestKit.ts';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

const markers = (n: number, prefix: string): SampleRecord[] =>
  Array.from({ length: n }, (_, i) => ({ personKey: `${prefix}${String(i).padStart(6, '0')}`, date: '2023-04-05' }));

describe('encryption at rest', () => {
  it('round-trips records and reopens them only with the passphrase', () => {
    const path = join(dir, 'a.vsow');
    const ws = Workspace.create(path, PASSPHRASE);
    insertBatch(ws.db, 'victims', markers(50, 'PERSONKEY'));
    ws.close();

    const again = Workspace.open(path, PASSPHRASE);
    expect(again.info().counts.victims).toBe(50);
    expect(again.info().persons).toBe(50);
    expect(again.db.prepare('SELECT person_key FROM persons ORDER BY id LIMIT 1').pluck().get()).toBe(
      'PERSONKEY000000',
    );
    again.close();

    expect(codeOf(() => Workspace.open(path, 'not the passphrase at all'))).toBe('WRONG_PASSPHRASE');
    expect(codeOf(() => Workspace.open(path, PASSPHRASE.toUpperCase()))).toBe('WRONG_PASSPHRASE');
  });

  it('is a standard SQLCipher 4 file: an independent decryptor reads it and plain SQLite opens the result', () => {
    const path = join(dir, 'a.vsow');
    const ws = Workspace.create(path, PASSPHRASE);
    insertBatch(ws.db, 'victims', markers(20, 'STANDARDKEY'));
    ws.close();

    const image = decryptSqlcipher4(readFileSync(path), PASSPHRASE);
    expect(image.readUInt16BE(16)).toBe(4096); // page size, from the decrypted header
    expect(image[20]).toBe(80); // reserved bytes per page: IV + HMAC-SHA512
    const plain = openImage(image); // deserialised in memory: no plaintext on disk
    expect(plain.prepare('SELECT count(*) FROM victims').pluck().get()).toBe(20);
    expect(plain.prepare(`SELECT value FROM meta WHERE key = 'format'`).pluck().get()).toBe('vso-workspace');
    plain.close();
    expect(() => decryptSqlcipher4(readFileSync(path), 'another passphrase')).toThrow(/HMAC mismatch on page 1/);
  });

  it('binds any passphrase safely: quotes, semicolons and non-ASCII', () => {
    const path = join(dir, 'q.vsow');
    const tricky = `it's "x"; DROP TABLE meta; -- ünïcødé`;
    Workspace.create(path, tricky).close();
    const ws = Workspace.open(path, tricky);
    expect(ws.info().schemaVersion).toBeGreaterThan(0);
    ws.close();
    expect(decryptSqlcipher4(readFileSync(path), tricky).readUInt16BE(16)).toBe(4096);
  });

  it('leaves no plaintext in the file or any side file, during a write and after it', () => {
    const path = join(dir, 'a.vsow');
    const ws = Workspace.create(path, PASSPHRASE);
    insertBatch(ws.db, 'victims', markers(30, 'COMMITTEDKEY'));
    const needles = [
      'COMMITTEDKEY',
      'INFLIGHTKEY',
      'SQLite format 3',
      '2023-04-05',
      'vso-workspace',
      'Huntingdonshire',
    ];

    // Mid-transaction: enough rows, and a small cache, so that pages spill to the WAL.
    ws.db.pragma('cache_size = 100');
    ws.db.exec('BEGIN');
    const insert = ws.db.prepare('INSERT INTO persons (person_key) VALUES (?)');
    for (let i = 0; i < 60_000; i++) insert.run(`INFLIGHTKEY${i}`);
    const during = filesIn(dir);
    expect(during.map((f) => f.name).sort()).toEqual(['a.vsow', 'a.vsow-shm', 'a.vsow-wal', 'a.vsow.lock']);
    expect(during.find((f) => f.name === 'a.vsow-wal')?.bytes.length).toBeGreaterThan(100 * 4096);
    for (const file of during) expect(findNeedles(file.bytes, needles), file.name).toEqual([]);
    ws.db.exec('COMMIT');

    for (const file of filesIn(dir)) expect(findNeedles(file.bytes, needles), file.name).toEqual([]);
    ws.close();
    const after = filesIn(dir);
    expect(after.map((f) => f.name).sort()).toEqual(['a.vsow', 'a.vsow.lock']);
    for (const file of after) expect(findNeedles(file.bytes, needles), file.name).toEqual([]);
    expect(after.find((f) => f.name === 'a.vsow.lock')?.bytes.length).toBe(0);

    // The search itself works: the same values are there once decrypted.
    const image = decryptSqlcipher4(readFileSync(path), PASSPHRASE);
    expect(findNeedles(image, needles)).toEqual(needles);
  });

  it('says what is wrong with a file that cannot be opened', () => {
    const text = join(dir, 'notes.vsow');
    writeFileSync(text, 'district,count\nFenland,12\n'.repeat(400));
    expect(codeOf(() => Workspace.open(text, PASSPHRASE))).toBe('NOT_A_WORKSPACE');

    const plainPath = join(dir, 'plain.vsow');
    const plain = new PlainDatabase(plainPath);
    plain.exec('CREATE TABLE t (x)');
    plain.close();
    expect(codeOf(() => Workspace.open(plainPath, PASSPHRASE))).toBe('NOT_A_WORKSPACE');

    const empty = join(dir, 'empty.vsow');
    writeFileSync(empty, '');
    expect(codeOf(() => Workspace.open(empty, PASSPHRASE))).toBe('NOT_A_WORKSPACE');
    mkdirSync(join(dir, 'folder.vsow'));
    expect(codeOf(() => Workspace.open(join(dir, 'folder.vsow'), PASSPHRASE))).toBe('NOT_A_WORKSPACE');

    expect(codeOf(() => Workspace.open(join(dir, 'missing.vsow'), PASSPHRASE))).toBe('FILE_NOT_FOUND');
    // No lock file is left beside files that were refused before any key was tried.
    expect(filesIn(dir).some((f) => f.name.endsWith('.lock'))).toBe(false);

    // An encrypted SQLCipher database that is not a workspace.
    const foreign = join(dir, 'foreign.db');
    const db = openCipherDatabase(foreign, PASSPHRASE, { create: true });
    db.exec('CREATE TABLE other (x)');
    db.close();
    expect(codeOf(() => Workspace.open(foreign, PASSPHRASE))).toBe('NOT_A_WORKSPACE');
  });

  it('refuses weak passphrases and existing files on create', () => {
    const path = join(dir, 'a.vsow');
    expect(codeOf(() => Workspace.create(path, 'short pass'))).toBe('WEAK_PASSPHRASE');
    expect(filesIn(dir)).toEqual([]);
    Workspace.create(path, PASSPHRASE).close();
    expect(codeOf(() => Workspace.create(path, PASSPHRASE))).toBe('FILE_EXISTS');
    expect(codeOf(() => Workspace.create(join(dir, 'no', 'such', 'x.vsow'), PASSPHRASE))).toBe('FILE_NOT_FOUND');
  });

  it('reports a damaged file as damaged, and a damaged first page as ambiguous', async () => {
    const path = join(dir, 'a.vsow');
    const ws = Workspace.create(path, PASSPHRASE);
    insertBatch(ws.db, 'victims', markers(3000, 'DAMAGEKEY'));
    ws.close();

    // Damage one leaf page of the persons table, found through the decrypted image's dbstat.
    const bytes = readFileSync(path);
    const image = openImage(decryptSqlcipher4(bytes, PASSPHRASE));
    const pageNumber = image
      .prepare(
        `SELECT pageno FROM dbstat WHERE name = 'persons' AND pagetype = 'leaf' ORDER BY pageno LIMIT 1 OFFSET 3`,
      )
      .pluck()
      .get() as number;
    image.close();
    const middle = join(dir, 'middle.vsow');
    bytes.fill(0x41, (pageNumber - 1) * 4096 + 100, (pageNumber - 1) * 4096 + 200);
    writeFileSync(middle, bytes);
    // The damage is in a data page: opening works, reading it or checking it does not.
    const damaged = Workspace.open(middle, PASSPHRASE);
    const report = await damaged.checkIntegrity();
    expect(report.ok).toBe(false);
    expect(report.sqlite.ok).toBe(false);
    const readEverything = () => {
      for (const row of damaged.db.prepare('SELECT * FROM persons').iterate()) void row;
    };
    expect(codeOf(readEverything)).toBe('SQLITE_CORRUPT');
    // Through the Workspace, the same failure is a typed error, and no half copy is left.
    expect(await codeOfAsync(() => damaged.backupTo(join(dir, 'copy.vsow')))).toBe('DAMAGED_WORKSPACE');
    expect(filesIn(dir).some((f) => f.name.startsWith('copy.vsow'))).toBe(false);
    damaged.close();

    const first = join(dir, 'first.vsow');
    copyFileSync(path, first);
    const head = readFileSync(first);
    head.fill(0x42, 200, 300);
    writeFileSync(first, head);
    let message = '';
    try {
      Workspace.open(first, PASSPHRASE);
    } catch (error) {
      message = (error as Error).message;
      expect((error as { code?: string }).code).toBe('WRONG_PASSPHRASE');
    }
    expect(message).toMatch(/damaged/);

    const truncated = join(dir, 'cut.vsow');
    writeFileSync(truncated, readFileSync(path).subarray(0, 4096 * 3 + 1000));
    // With the right passphrase a cut-short file is plainly damaged; with another, it is ambiguous.
    expect(codeOf(() => Workspace.open(truncated, PASSPHRASE))).toBe('DAMAGED_WORKSPACE');
    expect(codeOf(() => Workspace.open(truncated, 'a different passphrase'))).toBe('NOT_A_WORKSPACE');
  });
});
