// The source band column (`age_band_as_recorded`) is made inside the import's transaction: an
// import that stops on its values or is cancelled leaves the codebook and the cohort table as
// they were, read back from the real workspace file; the next import that succeeds makes it.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runImport } from '../../../src-main/import/runImport.ts';
import { SOURCE_BAND_COLUMN } from '../../../src-main/import/sourceBands.ts';
import { Workspace } from '../../../src-main/store/workspace.ts';
import { count, PASSPHRASE, TempDir } from './importTestKit.ts';

const STOP_SEARCH = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../../fixtures/real/2019-08-cambridgeshire-stop-and-search.csv',
);

const dir = new TempDir();
afterAll(() => dir.remove());

interface Shape {
  codebook: string[];
  table: string[];
  categories: number;
  addColumnEntries: number;
}

/** What the file on disk holds, read through a fresh connection. */
function shapeOnDisk(file: string): Shape {
  const ws = Workspace.open(file, PASSPHRASE);
  try {
    return {
      codebook: (ws.db.prepare('SELECT name FROM codebook_columns ORDER BY name').all() as Array<{ name: string }>).map(
        (r) => r.name,
      ),
      table: (ws.db.prepare('PRAGMA table_info(suspects)').all() as Array<{ name: string }>).map((r) => r.name),
      categories: count(ws, 'SELECT count(*) AS n FROM categories'),
      addColumnEntries: count(ws, `SELECT count(*) AS n FROM audit_log WHERE action = 'codebook.add_column'`),
    };
  } finally {
    ws.close();
  }
}

describe('keeping source bands as a column, on an import that does not finish', () => {
  it('a validation stop leaves the codebook and columns as before; a later import makes the column', async () => {
    const file = dir.file('stop.vsow');
    Workspace.create(file, PASSPHRASE).close();
    const before = shapeOnDisk(file);
    expect(before.codebook).not.toContain(SOURCE_BAND_COLUMN);

    const ws = Workspace.open(file, PASSPHRASE);
    try {
      // Outcomes such as "Arrest" have no sure group: with `unmapped: 'fail'` the import stops.
      await expect(
        runImport(ws, { cohort: 'suspects', path: STOP_SEARCH, sourceBands: 'column', unmapped: 'fail' }),
      ).rejects.toMatchObject({ code: 'IMPORT_FAILED' });
      expect(ws.codebook().columns.map((c) => c.name)).not.toContain(SOURCE_BAND_COLUMN);
    } finally {
      ws.close();
    }
    expect(shapeOnDisk(file)).toEqual(before);

    // The same session then imports with Unknown for those values: the column is made with it.
    const again = Workspace.open(file, PASSPHRASE);
    try {
      await expect(
        runImport(again, { cohort: 'suspects', path: STOP_SEARCH, sourceBands: 'column', unmapped: 'fail' }),
      ).rejects.toMatchObject({ code: 'IMPORT_FAILED' });
      const done = await runImport(again, {
        cohort: 'suspects',
        path: STOP_SEARCH,
        sourceBands: 'column',
        unmapped: 'unknown',
      });
      expect(done.accepted).toBeGreaterThan(0);
    } finally {
      again.close();
    }
    const after = shapeOnDisk(file);
    expect(after.codebook).toEqual([...before.codebook, SOURCE_BAND_COLUMN].sort());
    expect(after.table).toEqual([...before.table, SOURCE_BAND_COLUMN]);
    expect(after.addColumnEntries).toBe(before.addColumnEntries + 1);
  });

  it('a cancelled import leaves the codebook and columns as before', async () => {
    const file = dir.file('cancel.vsow');
    Workspace.create(file, PASSPHRASE).close();
    const before = shapeOnDisk(file);
    const controller = new AbortController();
    const ws = Workspace.open(file, PASSPHRASE);
    try {
      await expect(
        runImport(ws, {
          cohort: 'suspects',
          path: STOP_SEARCH,
          sourceBands: 'column',
          unmapped: 'unknown',
          signal: controller.signal,
          onProgress: (p) => {
            if (p.phase === 'reading' || p.phase === 'committing') controller.abort();
          },
        }),
      ).rejects.toMatchObject({ code: 'CANCELLED' });
    } finally {
      ws.close();
    }
    expect(shapeOnDisk(file)).toEqual(before);
  });
});
