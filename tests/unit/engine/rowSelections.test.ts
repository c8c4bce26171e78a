// The per-worker row lists of a period: the day index must give exactly the rows a straight
// test of every row gives, ascending, for any period (days outside the data, NULL days,
// empty periods, one day), and the selections must fall back to a scan when a period keeps
// most rows.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NULL_DAY } from '../../../src-main/engine/dates.ts';
import { DayIndex } from '../../../src-main/engine/dayIndex.ts';
import { packSnapshot } from '../../../src-main/engine/packSnapshot.ts';
import { FIRST_USE_SHARE, MAX_LISTED_SHARE, RowSelections } from '../../../src-main/engine/rowSelections.ts';

function straight(days: Int32Array, start: number, end: number, lo: number, hi: number): number[] {
  const rows: number[] = [];
  for (let i = start; i < end; i++) {
    const d = days[i] as number;
    if (d !== NULL_DAY && d >= lo && d <= hi) rows.push(i);
  }
  return rows;
}

// Few distinct days, so that periods often start and end exactly on days that have rows.
const daysArbitrary = fc.array(fc.oneof(fc.integer({ min: 17_000, max: 17_040 }), fc.constant(NULL_DAY)), {
  minLength: 0,
  maxLength: 400,
  size: 'large',
});

/** Days, a worker's range [start, end) of them, and a period [lo, hi]. */
const periodCase = fc
  .tuple(daysArbitrary, fc.nat(), fc.nat(), fc.integer({ min: 16_990, max: 17_050 }), fc.integer({ min: 0, max: 60 }))
  .map(([values, a, b, lo, span]) => {
    const start = values.length ? a % values.length : 0;
    const end = values.length ? start + (b % (values.length - start + 1)) : 0;
    return { days: Int32Array.from(values), start, end, lo, hi: lo + span };
  });

describe('DayIndex', () => {
  it('lists exactly the rows of any period, ascending, within its own range of rows', () => {
    fc.assert(
      fc.property(periodCase, ({ days, start, end, lo, hi }) => {
        const index = new DayIndex(days, start, end);
        const expected = straight(days, start, end, lo, hi);
        expect(Array.from(index.rowsBetween(lo, hi))).toEqual(expected);
        expect(index.count(lo, hi)).toBe(expected.length);
      }),
      { numRuns: 300 },
    );
  });

  it('reorders a column into day order, and the run of any period holds exactly its rows', () => {
    fc.assert(
      fc.property(periodCase, ({ days, start, end, lo, hi }) => {
        const codes = Uint16Array.from(days, (_, i) => (i * 7919) % 65_521);
        const index = new DayIndex(days, start, end);
        const reordered = index.reorder(codes, new Uint16Array(index.byDay.length));
        expect(Array.from(reordered)).toEqual(Array.from(index.byDay, (row) => codes[row]));
        const byDay = Array.from(index.byDay);
        for (let p = 1; p < byDay.length; p++) expect(days[byDay[p - 1]!]! <= days[byDay[p]!]!).toBe(true);
        const [from, to] = index.run(lo, hi);
        expect(byDay.slice(from, to).sort((x, y) => x - y)).toEqual(straight(days, start, end, lo, hi));
      }),
      { numRuns: 300 },
    );
  });

  it('handles a range of NULL days only, an empty range and a reversed period', () => {
    const days = Int32Array.from([NULL_DAY, NULL_DAY, 17_100]);
    expect(Array.from(new DayIndex(days, 0, 2).rowsBetween(0, 1e9))).toEqual([]);
    expect(Array.from(new DayIndex(days, 1, 1).rowsBetween(0, 1e9))).toEqual([]);
    expect(Array.from(new DayIndex(days, 0, 3).rowsBetween(17_100, 17_100))).toEqual([2]);
    expect(Array.from(new DayIndex(days, 0, 3).rowsBetween(17_101, 17_099))).toEqual([]);
  });
});

describe('RowSelections', () => {
  const rows = 1000;
  const days = Int32Array.from({ length: rows }, (_, i) => 17_000 + ((i * 7919) % 400));
  const snapshot = packSnapshot({
    cohort: 'victims',
    rowCount: rows,
    personIds: Int32Array.from({ length: rows }, (_, i) => i >> 1),
    dimensions: [],
    dates: [{ name: 'date', days }],
    numbers: [],
    warnings: [],
  });
  const period = (lo: number, hi: number) => ({ masks: [], dates: [{ field: 'date', lo, hi }], numbers: [] });
  // A period short enough to be listed at once (days spread evenly over 400).
  const shortEnd = 17_000 + Math.floor(400 * FIRST_USE_SHARE * 0.8) - 1;

  it('lists a short period (and keeps only its category filters), scans a long one', () => {
    const selections = new RowSelections();
    const short = selections.scope(snapshot, period(17_000, shortEnd), 100, 900);
    expect(short.rows).not.toBeNull();
    expect(Array.from(short.rows ?? [])).toEqual(straight(days, 100, 900, 17_000, shortEnd));
    expect(short.filters.dates).toEqual([]);
    const long = selections.scope(snapshot, period(17_000, 17_000 + Math.ceil(400 * MAX_LISTED_SHARE) + 40), 100, 900);
    expect(long.rows).toBeNull();
    expect(long.filters.dates).toHaveLength(1);
    expect(selections.scope(snapshot, period(17_000, shortEnd), 100, 900).rows).toBe(short.rows);
  });

  it('lists a middling period only when a second query comes back to it', () => {
    const selections = new RowSelections();
    const span = Math.round(400 * (FIRST_USE_SHARE + MAX_LISTED_SHARE) * 0.5);
    const first = selections.scope(snapshot, period(17_000, 17_000 + span - 1), 0, rows);
    expect(first.rows).toBeNull();
    const second = selections.scope(snapshot, period(17_000, 17_000 + span - 1), 0, rows);
    expect(Array.from(second.rows ?? [])).toEqual(straight(days, 0, rows, 17_000, 17_000 + span - 1));
    expect(second.filters.dates).toEqual([]);
  });

  it('forgets a cohort’s lists and day indexes when its snapshot is replaced', () => {
    const selections = new RowSelections();
    const first = selections.scope(snapshot, period(17_000, shortEnd), 0, rows).rows;
    expect(first).not.toBeNull();
    selections.forget('victims');
    const again = selections.scope(snapshot, period(17_000, shortEnd), 0, rows).rows;
    expect(again).not.toBe(first);
    expect(Array.from(again ?? [])).toEqual(Array.from(first ?? []));
  });
});
