// The fast import path: the worker thread gives exactly the rows the calling thread gives,
// each row's person its own key (made by the reader worker beside the pipeline, or inline),
// a worker that dies fails the import and commits nothing, the cohort's indexes are set aside
// and rebuilt (or restored by a rollback), the bulk store operations keep the codebook's and
// the persons' rules, and the row-hash set behaves as a set.
import { createHmac } from 'node:crypto';
import { statSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CategoryAllocator } from '../../../src-main/import/categoryAllocator.ts';
import { DateTexts, dateNumber } from '../../../src-main/import/encodedRows.ts';
import { normaliseIdentifier } from '../../../src-main/import/pseudonymise.ts';
import { RowHashSet } from '../../../src-main/import/rowHash.ts';
import { runImport } from '../../../src-main/import/runImport.ts';
import type { Workspace } from '../../../src-main/store/workspace.ts';
import { count, createWorkspace, fixture, TempDir } from './importTestKit.ts';

const dir = new TempDir();
const open: Workspace[] = [];
let n = 0;
function workspace(): Workspace {
  const ws = createWorkspace(dir, `pipeline-${++n}.vsow`);
  open.push(ws);
  return ws;
}
afterEach(() => {
  for (const ws of open.splice(0)) ws.close();
});
afterAll(() => dir.remove());

function indexNames(ws: Workspace, table: string): string[] {
  return (
    ws.db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name`)
      .all(table) as Array<{ name: string }>
  ).map((r) => r.name);
}

/**
 * Every stored record with its category labels and its person as the order in which the person
 * first appears (each workspace has its own HMAC secret, so the keys themselves differ).
 */
function records(ws: Workspace): string[] {
  const columns = (ws.db.prepare('PRAGMA table_info(victims)').all() as Array<{ name: string }>)
    .map((c) => c.name)
    .filter((c) => !['id', 'batch_id', 'person_id'].includes(c));
  const rows = ws.db
    .prepare(
      `SELECT p.person_key AS person, v.* FROM victims v LEFT JOIN persons p ON p.id = v.person_id ORDER BY v.source_row`,
    )
    .all() as Array<Record<string, unknown>>;
  const labels = new Map<string, Map<number, string>>();
  const labelOf = (column: string, code: unknown): unknown => {
    if (typeof code !== 'number') return code;
    let map = labels.get(column);
    if (!map) {
      const found = ws.db.prepare('SELECT code, label FROM categories WHERE column_name = ?').all(column) as Array<{
        code: number;
        label: string;
      }>;
      labels.set(column, (map = new Map(found.map((f) => [f.code, f.label]))));
    }
    return map.size > 0 ? map.get(code) : code;
  };
  const personOrder = new Map<unknown, number>();
  const personOf = (key: unknown): unknown => {
    if (key === null) return null;
    if (!personOrder.has(key)) personOrder.set(key, personOrder.size);
    return personOrder.get(key);
  };
  return rows.map((r) => JSON.stringify([personOf(r.person), ...columns.map((c) => labelOf(c, r[c]))]));
}

describe('worker and calling thread', () => {
  it('store the same records, persons, rejected rows and categories', async () => {
    const file = await fixture(dir, 'victims', 6000, { seed: 21 });
    const a = workspace();
    const b = workspace();
    const viaWorker = await runImport(a, { cohort: 'victims', path: file.path, thread: 'worker' });
    const onMain = await runImport(b, { cohort: 'victims', path: file.path, thread: 'main' });
    expect({ ...viaWorker, batchId: 0 }).toEqual({ ...onMain, batchId: 0 });
    expect(viaWorker.accepted).toBeGreaterThan(5000);
    expect(records(a)).toEqual(records(b));
    const rejected = (ws: Workspace) =>
      ws.db.prepare('SELECT source_row, reasons, raw FROM rejected_rows ORDER BY id').all();
    expect(rejected(a)).toEqual(rejected(b));
    const categories = (ws: Workspace) =>
      ws.db.prepare('SELECT column_name, code, label, position FROM categories ORDER BY column_name, code').all();
    expect(categories(a)).toEqual(categories(b));
    expect(count(a, 'SELECT count(*) AS n FROM persons')).toBe(count(b, 'SELECT count(*) AS n FROM persons'));
  });

  it.each([
    ['worker', 'no persons yet'],
    ['worker', 'persons already'],
    ['main', 'no persons yet'],
    ['main', 'persons already'],
  ] as const)(
    'on the %s thread, into a workspace with %s, give each row the key of its own reference under the workspace secret',
    async (thread, held) => {
      // Spellings of one reference (case, spaces, punctuation, a non-ASCII letter that upper-cases
      // to two ASCII ones, a reference longer than the pipeline's scratch space), and blanks.
      const long = `NM${'7'.repeat(300)}`;
      const spellings = (i: number): string[] => [
        `NM${100000 + i}`,
        ` nm ${100000 + i} `,
        `nm-${100000 + i}`,
        i % 7 === 0 ? `nmß${i}` : `NM${100000 + i}`,
        i % 7 === 0 ? `NMSS${i}` : `nm${100000 + i}`,
        i % 11 === 0 ? long.toLowerCase() : '',
      ];
      const lines = ['Nominal Ref,Date Committed,Gender'];
      for (let i = 0; i < 400; i++) {
        for (const ref of spellings(i)) lines.push(`"${ref}",0${1 + (i % 9)}/05/2021,${i % 2 ? 'M' : 'F'}`);
      }
      const path = dir.write(`refs-${thread}.csv`, `${lines.join('\n')}\n`);
      const ws = workspace();
      if (held === 'persons already') {
        // Keys made with the rows (the ids of persons held are found by key) rather than after them.
        const earlier = dir.write(
          `earlier-${thread}.csv`,
          'Nominal Ref,Date Committed,Gender\nnm 100003,01/04/2021,F\n',
        );
        await runImport(ws, { cohort: 'suspects', path: earlier, thread: 'main' });
        expect(count(ws, 'SELECT count(*) AS n FROM persons')).toBe(1);
      }
      const result = await runImport(ws, { cohort: 'victims', path, thread, duplicateRows: 'keep' });
      expect(result.accepted).toBe(lines.length - 1);
      const secret = ws.hmacSecret();
      const expected = (ref: string): string | null => {
        const id = normaliseIdentifier(ref);
        return id === '' ? null : createHmac('sha256', secret).update(`id:${id}`, 'utf8').digest('hex');
      };
      const stored = ws.db
        .prepare(
          'SELECT v.source_row AS line, p.person_key AS key FROM victims v LEFT JOIN persons p ON p.id = v.person_id',
        )
        .all() as Array<{ line: number; key: string | null }>;
      const refs = lines.slice(1).map((l) => JSON.parse(l.slice(0, l.indexOf('",') + 1)) as string);
      let wrong = 0;
      for (const row of stored) if (row.key !== expected(refs[row.line - 2] as string)) wrong++;
      expect(stored).toHaveLength(refs.length);
      expect(wrong).toBe(0);
      const distinct = new Set(refs.map(expected).filter((k) => k !== null));
      expect(count(ws, 'SELECT count(*) AS n FROM persons')).toBe(distinct.size);
    },
  );

  it('reports a broken file from the worker with its line, committing nothing', async () => {
    const ws = workspace();
    const path = dir.write('broken-worker.csv', 'Offence Date,Gender\n01/05/2021,F\n02/05/2021,"M\n');
    await expect(runImport(ws, { cohort: 'victims', path, thread: 'worker' })).rejects.toMatchObject({
      code: 'INVALID_FILE',
      message: expect.stringMatching(/broken-worker\.csv, line \d+/),
    });
    expect(count(ws, 'SELECT count(*) AS n FROM import_batches')).toBe(0);
  });
  it.each([
    ['reader', '', ''],
    ['pipeline', '', ''],
    ['pipeline', ' after the reader ends', '&portFirst=1'],
  ] as const)(
    'fail the import, committing nothing, when the %s worker dies%s, naming it, and leave the workspace usable',
    async (dies, _order, query) => {
      const ws = workspace();
      const file = await fixture(dir, 'victims', 3000, { seed: 5 });
      const workerEntry = new URL(`./children/dyingWorker.ts?dies=${dies}${query}`, import.meta.url);
      const name = dies === 'reader' ? "import's reader" : 'import worker';
      await expect(
        runImport(ws, { cohort: 'victims', path: file.path, thread: 'worker', workerEntry }),
      ).rejects.toMatchObject({ code: 'INTERNAL', message: `The ${name} stopped (exit code 3).` });
      expect(count(ws, 'SELECT count(*) AS n FROM import_batches')).toBe(0);
      expect(count(ws, 'SELECT count(*) AS n FROM victims')).toBe(0);
      const again = await runImport(ws, { cohort: 'victims', path: file.path, thread: 'worker' });
      expect(again.accepted).toBeGreaterThan(2500);
    },
  );
});

describe('indexes of a first import', () => {
  it('are rebuilt before commit, restored by a rollback, and kept by later imports', async () => {
    const ws = workspace();
    const before = indexNames(ws, 'victims');
    expect(before).toEqual(['victims_person']);
    expect(indexNames(ws, 'persons')).toEqual(['persons_key']);
    const file = await fixture(dir, 'victims', 30_000, { seed: 22 });
    const controller = new AbortController();
    await expect(
      runImport(ws, {
        cohort: 'victims',
        path: file.path,
        signal: controller.signal,
        onProgress: (p) => p.phase === 'reading' && controller.abort(),
      }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(indexNames(ws, 'victims')).toEqual(before);
    expect(indexNames(ws, 'persons')).toEqual(['persons_key']);
    await runImport(ws, { cohort: 'victims', path: file.path });
    // The persons' key index, set aside for the import, is back, unique, and used.
    expect(indexNames(ws, 'persons')).toEqual(['persons_key']);
    const key = ws.db.prepare('SELECT person_key FROM persons LIMIT 1').pluck().get() as string;
    expect(() => ws.db.prepare('INSERT INTO persons (person_key) VALUES (?)').run(key)).toThrow(/UNIQUE/);
    const keyPlan = ws.db.prepare('EXPLAIN QUERY PLAN SELECT id FROM persons WHERE person_key = ?').all(key) as Array<{
      detail: string;
    }>;
    expect(keyPlan.map((p) => p.detail).join(' ')).toMatch(/persons_key/);
    const fileBytesAtCommit = statSync(ws.path).size;
    expect(indexNames(ws, 'victims')).toEqual(before);
    const plan = ws.db.prepare('EXPLAIN QUERY PLAN SELECT count(*) FROM victims WHERE person_id = ?').all(1) as Array<{
      detail: string;
    }>;
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/victims_person/);
    expect(ws.db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    // The import set foreign keys and the automatic checkpoint aside only for its own transaction.
    expect(ws.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(ws.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    // The rows were committed to the WAL only; the workspace copies them into the file soon after.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(statSync(ws.path).size).toBeGreaterThan(fileBytesAtCommit + 1_000_000);
    expect(ws.db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
    const second = await fixture(dir, 'victims', 2000, { seed: 23 });
    await runImport(ws, { cohort: 'victims', path: second.path });
    expect(indexNames(ws, 'victims')).toEqual(before);
    expect(indexNames(ws, 'persons')).toEqual(['persons_key']);
  });
});

describe('bulk store operations', () => {
  it('give person ids in bulk, shared with ids given one at a time', () => {
    const ws = workspace();
    const single = ws.personId('k-existing');
    ws.db.exec('BEGIN IMMEDIATE');
    const persons = ws.personIdsForImport();
    const keys = Array.from({ length: 250 }, (_, i) => `k-${i % 180}`);
    const ids = persons.idsOf([...keys, 'k-existing']);
    ws.db.exec('COMMIT');
    expect(ids.at(-1)).toBe(single);
    expect(new Set(ids.slice(0, 250)).size).toBe(180);
    for (let i = 0; i < 250; i++) expect(ids[i]).toBe(ids[i % 180]);
    expect(ws.personId('k-5')).toBe(ids[5]);
    expect(count(ws, 'SELECT count(*) AS n FROM persons')).toBe(181);
  });

  it('give repeated keys one id in a workspace with no persons yet', () => {
    const ws = workspace();
    ws.db.exec('BEGIN IMMEDIATE');
    const ids = ws.personIdsForImport().idsOf(['k-1', 'k-2', 'k-1']);
    ws.db.exec('COMMIT');
    expect(ids[2]).toBe(ids[0]);
    expect(count(ws, 'SELECT count(*) AS n FROM persons')).toBe(2);
  });

  it("give ids to an import's new keys without a lookup among them, finding the persons held before", () => {
    const ws = workspace();
    const held = ws.personId('k-held');
    ws.db.exec('BEGIN IMMEDIATE');
    const persons = ws.personIdsForImport();
    const ids = persons.idsOfNew(['k-a', 'k-held', 'k-b']);
    expect(ids[1]).toBe(held);
    expect(new Set(ids).size).toBe(3);
    expect(persons.idsOfNew(['k-c'])).toEqual([Math.max(...ids) + 1]);
    // A key given twice is refused by the unique index, not stored twice.
    expect(() => persons.idsOfNew(['k-a'])).toThrow(/UNIQUE/);
    ws.db.exec('ROLLBACK');
    expect(count(ws, 'SELECT count(*) AS n FROM persons')).toBe(1);
  });

  it('give ids before keys only in a workspace with no persons, and store the keys given after in that order', () => {
    const ws = workspace();
    ws.db.exec('BEGIN IMMEDIATE');
    const persons = ws.personIdsForImport();
    expect(persons.held).toBe(0);
    // Two ids from 1, none (the next would be 3), one from 3.
    const firsts = [persons.idsBeforeKeys(2), persons.idsBeforeKeys(0), persons.idsBeforeKeys(1)];
    expect(firsts).toEqual([1, 3, 3]);
    expect(() => persons.keysAfterIds(['k-1', 'k-2'])).toThrow(/3 persons are waiting/);
    persons.keysAfterIds(['k-1', 'k-2', 'k-3']);
    ws.db.exec('COMMIT');
    const stored = ws.db.prepare('SELECT id, person_key AS key FROM persons ORDER BY id').all();
    expect(stored).toEqual([
      { id: 1, key: 'k-1' },
      { id: 2, key: 'k-2' },
      { id: 3, key: 'k-3' },
    ]);

    ws.db.exec('BEGIN IMMEDIATE');
    const later = ws.personIdsForImport();
    expect(later.held).toBe(3);
    // With persons held, a new key may be one of theirs: an id needs the key first.
    expect(() => later.idsBeforeKeys(1)).toThrow(/no persons/);
    ws.db.exec('ROLLBACK');
  });

  it('add categories with the codes an import chose, in display order, audited for closed lists', () => {
    const ws = workspace();
    const monthCodes = ws.categoryCodes('month');
    const next = Math.max(-1, ...monthCodes.values()) + 1;
    ws.addCategoriesWithCodes('month', [
      ['2024-03', next],
      ['2023-11', next + 1],
    ]);
    ws.addCategoriesWithCodes('month', [['2023-11', next + 1]]); // already there with that code: nothing to do
    expect(ws.categoryCodes('month').get('2023-11')).toBe(next + 1);
    expect(
      ws
        .codebook()
        .columns.find((c) => c.name === 'month')
        ?.categories.slice(-2),
    ).toEqual(['2023-11', '2024-03']);
    expect(ws.audit.list({ action: 'codebook.add_categories' })).toHaveLength(0);

    const district = ws.categoryCodes('district');
    const code = Math.max(...district.values()) + 1;
    ws.addCategoriesWithCodes('district', [['Norfolk', code]]);
    expect(
      ws
        .codebook()
        .columns.find((c) => c.name === 'district')
        ?.categories.slice(-2),
    ).toEqual(['Norfolk', 'Unknown']);
    expect(ws.audit.list({ action: 'codebook.add_categories' })).toHaveLength(1);
    expect(() => ws.addCategoriesWithCodes('district', [['Suffolk', code]])).toThrow(/cannot take code/);
    expect(() => ws.addCategoriesWithCodes('district', [['Norfolk', code + 1]])).toThrow(/cannot take code/);
  });

  it('allocate codes from max + 1 per column, once per label, trimmed', () => {
    const allocator = new CategoryAllocator({ lsoa: [['E01000001', 4]], month: [] });
    expect(allocator.codeOf('lsoa', 'E01000001')).toBe(4);
    expect(allocator.codeOf('lsoa', 'E01000002')).toBe(5);
    expect(allocator.codeOf('lsoa', ' E01000003 ')).toBe(6);
    expect(allocator.codeOf('lsoa', 'E01000003')).toBe(6);
    expect(allocator.codeOf('month', '2021-04')).toBe(0);
    expect(allocator.takeNew()).toEqual([
      ['lsoa', 'E01000002', 5],
      ['lsoa', 'E01000003', 6],
      ['month', '2021-04', 0],
    ]);
    expect(allocator.takeNew()).toEqual([]);
    expect(() => allocator.codeOf('lsoa', '   ')).toThrow(/cannot be a category label/);
  });
});

describe('encoding helpers', () => {
  it('RowHashSet answers as a Set of numbers does', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 52 - 1 }), { maxLength: 3000 }), (values) => {
        const mine = new RowHashSet(values.slice(0, 100));
        const reference = new Set(values.slice(0, 100));
        for (const v of values.slice(100)) {
          expect(mine.has(v)).toBe(reference.has(v));
          expect(mine.add(v)).toBe(!reference.has(v));
          reference.add(v);
        }
        expect(mine.size).toBe(reference.size);
      }),
      { numRuns: 50 },
    );
  });

  it('dates travel as YYYYMMDD and come back as ISO text', () => {
    const texts = new DateTexts();
    for (const iso of ['2019-04-01', '2024-02-29', '0999-12-31']) expect(texts.text(dateNumber(iso))).toBe(iso);
    expect(() => dateNumber('01/02/2021')).toThrow();
  });
});
