// Two real police.uk street-level crime files for Cambridgeshire (fixtures/real, OGL v3), as a
// user has them: August 2019 with its header, January 2021 whose header was lost on the way.
// Through `vso` as a real process they become one context dataset of both months: the headerless
// file is refused (naming its line 1) until it is added with --no-header, by position; the same
// file twice is refused; both batches are in the history and the workspace info, and deleting one
// takes exactly its rows. The counts are checked against a second, simple reading of the files
// (split by line and comma: these files quote nothing), in the store and in the engine, where an
// LSOA of another district is Outside area and a blank one Unknown.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../../src-main/engine/engine.ts';
import { Workspace } from '../../../src-main/store/workspace.ts';
import { runVso } from '../../helpers/cli.ts';
import { PASSPHRASE, TempDir } from './importTestKit.ts';
import { querySpec } from '../engine/specs.ts';

const REAL = resolve(import.meta.dirname, '../../../fixtures/real');
const AUGUST = resolve(REAL, '2019-08-cambridgeshire-street.csv');
const JANUARY = resolve(REAL, '2021-01-cambridgeshire-street.csv');
const SIX = ['Cambridge', 'East Cambridgeshire', 'Fenland', 'Huntingdonshire', 'South Cambridgeshire', 'Peterborough'];

/** The file's crimes, read the simple way: lines, then commas. */
function crimes(path: string, header: boolean): string[][] {
  const lines = readFileSync(path, 'utf8')
    .split(/\r\n|\n|\r/)
    .filter((l) => l !== '');
  return (header ? lines.slice(1) : lines).map((l) => l.split(','));
}

/** District from the LSOA name: its district when one of the six, Outside area when another's, Unknown when blank. */
function districtOf(lsoaName: string): string {
  if (lsoaName.trim() === '') return 'Unknown';
  const district = lsoaName.replace(/ \d{3}[A-Z]$/, '');
  return SIX.includes(district) ? district : 'Outside area';
}

function tally(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

const dir = new TempDir();
const file = dir.file('real.vsow');
const vso = (args: string[]) => runVso(args, { VSO_PASSPHRASE: PASSPHRASE }, 120_000);
const all = [...crimes(AUGUST, true), ...crimes(JANUARY, false)];

beforeAll(() => Workspace.create(file, PASSPHRASE).close());
afterAll(() => dir.remove());

describe('two real street-crime months, one headerless, as one context dataset', () => {
  it('imports August 2019 with its header', () => {
    const run = vso(['--json', 'import', file, '--context', 'street', '--input', AUGUST]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { rows: number; files: Array<{ rows: number; appended: boolean }> };
    expect(result.files).toMatchObject([{ rows: crimes(AUGUST, true).length, appended: false }]);
    expect(result.rows).toBe(crimes(AUGUST, true).length);
  });

  it('refuses January 2021 as it is, naming line 1 as data, and imports nothing', () => {
    const run = vso(['import', file, '--context', 'street', '--input', JANUARY]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/2021-01-cambridgeshire-street\.csv, line 1: this looks like data, not a header line/);
    expect(run.stderr).toMatch(/--no-header/);
    const ws = Workspace.open(file, PASSPHRASE);
    try {
      expect(ws.info().contextRows).toEqual({ street: crimes(AUGUST, true).length });
    } finally {
      ws.close();
    }
  });

  it('adds January 2021 with --no-header, by position, and refuses it a second time', () => {
    const run = vso(['--json', 'import', file, '--context', 'street', '--input', JANUARY, '--no-header']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { rows: number; files: Array<{ rows: number; appended: boolean }> };
    expect(result.files).toMatchObject([{ rows: crimes(JANUARY, false).length, appended: true }]);
    expect(result.rows).toBe(all.length);
    expect(all.length).toBe(12_615);

    const again = vso(['import', file, '--context', 'street', '--input', JANUARY, '--no-header']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/2021-01-cambridgeshire-street\.csv is already in the dataset "street" \(batch \d+/);
  });

  it('holds both months with exact crime types and districts, in the store and in the engine', async () => {
    const ws = Workspace.open(file, PASSPHRASE);
    const engine = createEngine();
    try {
      const id = (ws.db.prepare(`SELECT id FROM context_datasets WHERE name = 'street'`).get() as { id: number }).id;
      const labelled = (column: string) =>
        Object.fromEntries(
          (
            ws.db
              .prepare(
                `SELECT coalesce(k.label, 'Unknown') AS label, count(*) AS n FROM ctx_street t LEFT JOIN context_categories k
                 ON k.dataset_id = ? AND k.column_name = ? AND k.code = t."${column}" GROUP BY label`,
              )
              .all(id, column) as Array<{ label: string; n: number }>
          ).map((r) => [r.label, r.n]),
        );
      const types = tally(all.map((c) => c[9] as string));
      const districts = tally(all.map((c) => districtOf(c[8] as string)));
      expect(labelled('crime_type')).toEqual(types);
      expect(labelled('district')).toEqual(districts);
      expect(districts['Outside area']).toBeGreaterThan(0);
      expect(districts.Unknown).toBeGreaterThan(0);
      const months = ws.db.prepare('SELECT month, count(*) AS n FROM ctx_street GROUP BY month').all();
      expect(months).toEqual([
        { month: '2019-08', n: crimes(AUGUST, true).length },
        { month: '2021-01', n: crimes(JANUARY, false).length },
      ]);

      await engine.loadFromStore(ws.db, ws.codebook());
      const table = await engine.query(
        querySpec({
          cohort: 'context:street',
          rows: ['district'],
          cols: ['month'],
          disclosure: null,
        }),
      );
      const byDistrict = Object.fromEntries(
        table.rows.keys.map(([d], i) => [d, (table.counts[i] ?? []).reduce<number>((a, b) => a + (b ?? 0), 0)]),
      );
      expect(Object.fromEntries(Object.entries(byDistrict).filter(([, n]) => (n as number) > 0))).toEqual(districts);
      expect(table.rows.keys.filter(([d]) => d === 'Unknown')).toHaveLength(1);
      expect(table.cols.keys.map(([m]) => m)).toEqual(['2019-08', '2021-01']);
      expect(table.total).toBe(all.length);
    } finally {
      await engine.dispose();
      ws.close();
    }
  });

  it('lists both batches, counts them in workspace info, and deleting January takes exactly its rows', () => {
    const info = vso(['--json', 'workspace', 'info', file]);
    expect(info.code).toBe(0);
    const parsed = JSON.parse(info.stdout) as { lastImportAt: string | null; contextRows: Record<string, number> };
    expect(parsed.lastImportAt).not.toBeNull();
    expect(parsed.contextRows).toEqual({ street: all.length });

    const ws = Workspace.open(file, PASSPHRASE);
    const batches = ws.listBatches().filter((b) => b.cohort === 'context:street');
    ws.close();
    expect(batches.map((b) => [b.fileName, b.accepted])).toEqual([
      ['2021-01-cambridgeshire-street.csv', crimes(JANUARY, false).length],
      ['2019-08-cambridgeshire-street.csv', crimes(AUGUST, true).length],
    ]);
    const deleted = vso(['batch', 'delete', file, String(batches[0]?.id), '--yes']);
    expect(deleted.stderr).toBe('');
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toMatch(new RegExp(`${crimes(JANUARY, false).length} record\\(s\\)`));
    const after = Workspace.open(file, PASSPHRASE);
    try {
      expect(after.info().contextRows).toEqual({ street: crimes(AUGUST, true).length });
      expect(after.db.prepare('SELECT count(*) AS n FROM ctx_street').get()).toEqual({
        n: crimes(AUGUST, true).length,
      });
    } finally {
      after.close();
    }
  });
});
