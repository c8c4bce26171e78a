// The packed fast path of the snapshot load must read exactly what the row-by-row reader
// reads, and hand over to it whenever a stored value is anything but plain: text or a real in
// a code column, a huge or fractional person id, dates that are not ISO text, rowid gaps
// longer than a run (and reads blobs as dates, as no date, like the row reader).
import { afterEach, describe, expect, it } from 'vitest';
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { BUILT_IN_CODEBOOK } from '../../../shared/codebook.ts';
import { loadSnapshot } from '../../../src-main/engine/loadSnapshot.ts';
import { MAX_PACKED_CODE, readPacked } from '../../../src-main/store/packedRead.ts';
import { allocateColumn } from '../../../src-main/store/storedColumns.ts';
import type { CohortSnapshot } from '../../../src-main/engine/snapshot.ts';
import { createSyntheticWorkspace } from './syntheticWorkspace.ts';

let db: BetterSqlite3.Database | undefined;
afterEach(() => db?.close());

function plain(snapshot: CohortSnapshot) {
  return {
    rowCount: snapshot.rowCount,
    personIds: Array.from(snapshot.personIds),
    dimensions: Object.fromEntries(
      Object.values(snapshot.dimensions).map((d) => [d.name, { labels: d.labels, codes: Array.from(d.codes) }]),
    ),
    dates: Object.fromEntries(Object.entries(snapshot.dates).map(([k, d]) => [k, Array.from(d.days)])),
    warnings: snapshot.warnings,
  };
}

/** Whether the packed reader takes every column of the table (null: it hands over). */
function packedTakes(): boolean {
  if (!db) throw new Error('no db');
  const columns = (
    db.prepare(`SELECT name, type FROM pragma_table_info('victims')`).all() as Array<{
      name: string;
      type: string;
    }>
  ).filter((c) => !['id', 'batch_id', 'source_row', 'person_id'].includes(c.name));
  const span = db.prepare('SELECT min(id) AS lo, max(id) AS hi, count(*) AS n FROM victims').get() as {
    lo: number;
    hi: number;
    n: number;
  };
  const n = readPacked(
    db,
    'victims',
    span,
    new Int32Array(span.n),
    columns.map((c) =>
      allocateColumn(
        c.type === 'TEXT' ? { kind: 'date', name: c.name } : { kind: 'code', name: c.name, maxCode: MAX_PACKED_CODE },
        span.n,
      ),
    ),
  );
  return n !== null;
}

/** Both readers on the same table give the same snapshot; and whether the packed one took it. */
function bothWays(): { packed: boolean } {
  if (!db) throw new Error('no db');
  const general = plain(loadSnapshot(db, BUILT_IN_CODEBOOK, 'victims', { packed: false }));
  const fast = plain(loadSnapshot(db, BUILT_IN_CODEBOOK, 'victims'));
  expect(fast).toEqual(general);
  return { packed: packedTakes() };
}

describe('the packed snapshot read', () => {
  it('reads generated data (NULLs included) exactly as the row reader, on the fast path', () => {
    db = createSyntheticWorkspace({ rows: { victims: 3000 }, seed: 11, storePeriodsFor: ['victims'] });
    expect(bothWays()).toEqual({ packed: true });
  });

  it('keeps exactness over rowid gaps longer than a run, reals in code columns and odd date texts', () => {
    db = createSyntheticWorkspace({ rows: { victims: 2000 }, seed: 12 });
    db.exec('UPDATE victims SET id = id + 200000 WHERE id > 1000');
    db.exec('UPDATE victims SET sex = sex + 0.5 WHERE id % 7 = 0');
    db.exec(`UPDATE victims SET date = '2021-02-30xyz' WHERE id % 11 = 0`);
    db.exec(`UPDATE victims SET date = '2021-2-3' WHERE id % 13 = 0`);
    db.exec(`UPDATE victims SET date = 20210203 WHERE id % 17 = 0`);
    db.exec(`UPDATE victims SET domestic_abuse = 5 WHERE id % 19 = 0`);
    db.exec(`UPDATE victims SET date = x'00ff00ff00ff00ff00ff00' WHERE id % 23 = 0`);
    expect(bothWays()).toEqual({ packed: true });
  });

  it.each([
    ['text in a code column', `UPDATE victims SET ethnicity = 'White' WHERE id = 5`],
    ['a negative code', `UPDATE victims SET district = -3 WHERE id = 5`],
    ['a code too large to pack', `UPDATE victims SET offence_group = 60000 WHERE id = 5`],
    ['text in a flag column', `UPDATE victims SET hate_crime = 'yes' WHERE id = 5`],
    ['a fractional person id', `UPDATE victims SET person_id = 3.5 WHERE id = 5`],
  ])('hands over to the row reader for %s, with the same result', (_name, tamper) => {
    db = createSyntheticWorkspace({ rows: { victims: 500 }, seed: 13 });
    db.pragma('foreign_keys = OFF');
    db.exec(tamper);
    let threw: unknown = null;
    let packed = false;
    try {
      packed = bothWays().packed;
    } catch (error) {
      threw = error;
    }
    // A damaged value may make both readers refuse (DAMAGED_WORKSPACE); never one alone.
    if (threw) {
      expect(() => loadSnapshot(db!, BUILT_IN_CODEBOOK, 'victims', { packed: false })).toThrow();
      expect(() => loadSnapshot(db!, BUILT_IN_CODEBOOK, 'victims')).toThrow();
    } else expect(packed).toBe(false);
  });

  it('hands over for a person id of 2^30 or more (two 15-bit characters hold less)', () => {
    db = createSyntheticWorkspace({ rows: { victims: 200 }, seed: 14 });
    db.pragma('foreign_keys = OFF');
    expect(packedTakes()).toBe(true);
    db.exec('UPDATE victims SET person_id = 1073741823 WHERE id = 5');
    expect(packedTakes()).toBe(false);
  });
});
