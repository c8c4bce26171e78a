// The (LSOA, district) pairs a snapshot's persons' records hold, as the engine reads them,
// against the pairs gathered here from the rows: generated records with a remapped LSOA column
// (source codes that are not label positions), records of no person (left out: nobody's), and a
// field the snapshot does not hold.
import { describe, expect, it } from 'vitest';
import { packSnapshot } from '../../../src-main/engine/packSnapshot.ts';
import { recordPairs } from '../../../src-main/engine/recordPairs.ts';
import { seededRandom } from '../../helpers/seeded.ts';

const LSOAS = ['Fenland 001A', 'Fenland 002B', 'Peterborough 001A', 'Unknown'];
const DISTRICTS = ['Fenland', 'Peterborough', 'Unknown'];

describe('the pairs of two fields in a snapshot’s records', () => {
  it.each([1, 2, 3])('agrees with the pairs of the rows gathered apart (seed %i)', (seed) => {
    const next = seededRandom(seed);
    const rows = Array.from({ length: 500 }, () => {
      const lsoa = Math.floor(next() * LSOAS.length);
      const person = next() < 0.1 ? -1 : Math.floor(next() * 120);
      // Nobody's records may pair anything; a person's, the district the LSOA names (or any, unknown).
      const named = DISTRICTS.indexOf(LSOAS[lsoa]!.split(' ')[0]!);
      const district = person < 0 || LSOAS[lsoa] === 'Unknown' ? Math.floor(next() * DISTRICTS.length) : named;
      return { person, lsoa, district };
    });
    // The LSOA column's stored codes run backwards: the snapshot remaps them to label positions.
    const stored = (k: number): number => LSOAS.length - 1 - k;
    const snapshot = packSnapshot({
      cohort: 'offenders',
      rowCount: rows.length,
      personIds: Int32Array.from(rows, (r) => r.person),
      dimensions: [
        {
          name: 'lsoa',
          kind: 'category',
          open: true,
          labels: LSOAS,
          codes: Uint8Array.from(rows, (r) => stored(r.lsoa)),
          remap: Int32Array.from(LSOAS, (_l, code) => stored(code)),
        },
        {
          name: 'district',
          kind: 'category',
          open: false,
          labels: DISTRICTS,
          codes: Uint8Array.from(rows, (r) => r.district),
        },
      ],
      dates: [],
      numbers: [],
      warnings: [],
    });
    const expected = new Set(
      rows.filter((r) => r.person >= 0).map((r) => JSON.stringify([LSOAS[r.lsoa], DISTRICTS[r.district]])),
    );
    const pairs = recordPairs(snapshot, 'lsoa', 'district')!;
    expect(new Set(pairs.map((p) => JSON.stringify(p)))).toEqual(expected);
    expect(pairs).toHaveLength(expected.size);
    expect(pairs.filter(([l, d]) => l.startsWith('Fenland') && d !== 'Fenland')).toEqual([]);
    expect(recordPairs(snapshot, 'lsoa', 'absent')).toBeNull();
  });
});

describe('the pairs of a snapshot asked again', () => {
  it('are read from the records once: the snapshot never changes', () => {
    const snapshot = packSnapshot({
      cohort: 'offenders',
      rowCount: 2,
      personIds: Int32Array.from([0, 1]),
      dimensions: [
        { name: 'lsoa', kind: 'category', open: true, labels: LSOAS, codes: Uint8Array.from([0, 2]) },
        { name: 'district', kind: 'category', open: false, labels: DISTRICTS, codes: Uint8Array.from([0, 1]) },
      ],
      dates: [],
      numbers: [],
      warnings: [],
    });
    const first = recordPairs(snapshot, 'lsoa', 'district');
    expect(first).toEqual([
      ['Fenland 001A', 'Fenland'],
      ['Peterborough 001A', 'Peterborough'],
    ]);
    // The same answer, not a second scan of the rows; another pair of fields is its own.
    expect(recordPairs(snapshot, 'lsoa', 'district')).toBe(first);
    expect(recordPairs(snapshot, 'district', 'lsoa')).toEqual([
      ['Fenland', 'Fenland 001A'],
      ['Peterborough', 'Peterborough 001A'],
    ]);
  });
});
