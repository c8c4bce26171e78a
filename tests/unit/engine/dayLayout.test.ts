// The day layout of a worker's range: every dimension (one and two bytes a code) and the
// person in day order, persons counted from the range's first, NULL days left out, and the
// run of a period holding exactly the period's rows.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NULL_DAY } from '../../../src-main/engine/dates.ts';
import { DayIndex } from '../../../src-main/engine/dayIndex.ts';
import { DayLayout } from '../../../src-main/engine/dayLayout.ts';
import { packSnapshot } from '../../../src-main/engine/packSnapshot.ts';

const rowArbitrary = fc.record({
  day: fc.oneof(fc.integer({ min: 18_000, max: 18_060 }), fc.constant(NULL_DAY)),
  person: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constant(-1)),
  small: fc.integer({ min: 0, max: 3 }),
  wide: fc.integer({ min: 0, max: 299 }),
});

describe('DayLayout', () => {
  it('copies each row of the range into day order, with its codes and its person', () => {
    fc.assert(
      fc.property(
        fc.array(rowArbitrary, { maxLength: 200, size: 'max' }),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 17_990, max: 18_070 }),
        fc.nat({ max: 40 }),
        (rows, a, b, lo, span) => {
          const snapshot = packSnapshot({
            cohort: 'victims',
            rowCount: rows.length,
            personIds: Int32Array.from(rows, (r) => r.person),
            dimensions: [
              {
                name: 'small',
                kind: 'category',
                open: false,
                labels: ['a', 'b', 'c', 'd'],
                codes: Uint8Array.from(rows, (r) => r.small),
              },
              {
                name: 'wide',
                kind: 'category',
                open: true,
                labels: Array.from({ length: 300 }, (_, i) => `w${i}`),
                codes: Uint16Array.from(rows, (r) => r.wide),
              },
            ],
            dates: [{ name: 'date', days: Int32Array.from(rows, (r) => r.day) }],
            numbers: [],
            warnings: [],
          });
          // The snapshot sorts rows by person; read them back in its order.
          const n = snapshot.rowCount;
          const start = n ? a % n : 0;
          const end = n ? start + (b % (n - start + 1)) : 0;
          const days = snapshot.dates.date!.days;
          const layout = new DayLayout('date', new DayIndex(days, start, end), snapshot);
          const inRange = Array.from({ length: end - start }, (_, k) => start + k).filter((i) => days[i] !== NULL_DAY);
          const byDay = [...inRange].sort((x, y) => days[x]! - days[y]! || x - y);
          const persons = inRange.map((i) => snapshot.personIds[i]!).filter((p) => p >= 0);
          const base = persons.length ? Math.min(...persons) : 0;
          expect(layout.personBase).toBe(base);
          expect(layout.personSpan).toBe(persons.length ? Math.max(...persons) - base + 1 : 0);
          expect(Array.from(layout.persons)).toEqual(
            byDay.map((i) => (snapshot.personIds[i]! < 0 ? -1 : snapshot.personIds[i]! - base)),
          );
          for (const field of ['small', 'wide']) {
            const codes = snapshot.dimensions[field]!.codes;
            expect(Array.from(layout.column(field))).toEqual(byDay.map((i) => codes[i]));
          }
          const [from, to] = layout.run(lo, lo + span);
          expect(byDay.slice(from, to)).toEqual(byDay.filter((i) => days[i]! >= lo && days[i]! <= lo + span));
          expect(layout.bytes).toBe(byDay.length * (4 + 1 + 2));
        },
      ),
      { numRuns: 300 },
    );
  });
});
