// A cube whose chunks are claimed by whichever worker is free: over both workers' day layouts,
// any split of the chunks between callers adds up to the cube of the whole period, and the
// pool settles the job once the replies in hand cover it, without the late worker's.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cubeShape } from '../../../src-main/engine/cube.ts';
import { DayIndex } from '../../../src-main/engine/dayIndex.ts';
import { DayLayout, viewRun } from '../../../src-main/engine/dayLayout.ts';
import { fusedCountRecords } from '../../../src-main/engine/kernelCodegen.ts';
import { packSnapshot } from '../../../src-main/engine/packSnapshot.ts';
import { countClaimedChunks, periodChunks } from '../../../src-main/engine/sharedCube.ts';
import { WorkerPool } from '../../../src-main/engine/workerPool.ts';

const row = fc.record({
  day: fc.integer({ min: 18_000, max: 18_090 }),
  person: fc.integer({ min: 0, max: 60 }),
  a: fc.integer({ min: 0, max: 2 }),
  b: fc.integer({ min: 0, max: 4 }),
});

describe('countClaimedChunks', () => {
  it('adds up, over any split of the chunks between two callers, to the cube of the period', () => {
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 600, size: 'max' }),
        fc.integer({ min: 17_990, max: 18_100 }),
        fc.nat({ max: 60 }),
        fc.integer({ min: 1, max: 200 }),
        fc.nat(),
        (rows, lo, span, chunk, cut) => {
          const snapshot = packSnapshot({
            cohort: 'victims',
            rowCount: rows.length,
            personIds: Int32Array.from(rows, (r) => r.person),
            dimensions: [
              {
                name: 'a',
                kind: 'category',
                open: false,
                labels: ['x', 'y', 'z'],
                codes: Uint8Array.from(rows, (r) => r.a),
              },
              {
                name: 'b',
                kind: 'category',
                open: false,
                labels: ['1', '2', '3', '4', '5'],
                codes: Uint8Array.from(rows, (r) => r.b),
              },
            ],
            dates: [{ name: 'date', days: Int32Array.from(rows, (r) => r.day) }],
            numbers: [],
            warnings: [],
          });
          const half = snapshot.rowCount >> 1;
          const days = snapshot.dates.date!.days;
          const layouts = [
            new DayLayout('date', new DayIndex(days, 0, half), snapshot),
            new DayLayout('date', new DayIndex(days, half, snapshot.rowCount), snapshot),
          ];
          const views = layouts.map((l) => l.view);
          const shape = cubeShape(['a', 'b'], [3, 5]);
          const masks = [{ field: 'b', allowed: Uint8Array.from([1, 0, 1, 1, 0]) }];
          // The cube of the period, counted layout by layout in one pass each.
          const expected = new Uint32Array(shape.cells + 1);
          views.forEach((view, l) => {
            const [from, to] = viewRun(view, lo, lo + span);
            const dims = shape.fields.map((f, d) => ({ codes: layouts[l]!.column(f), stride: shape.strides[d]! }));
            const filters = {
              masks: [{ codes: layouts[l]!.column('b'), allowed: masks[0]!.allowed }],
              dates: [],
              numbers: [],
            };
            fusedCountRecords(dims, shape.cells, filters, from, to).forEach((n, c) => (expected[c]! += n));
          });
          const chunks = periodChunks(views, lo, lo + span, chunk);
          const total = chunks.length / 3;
          const k = total ? cut % (total + 1) : 0;
          // The first caller finds k chunks already claimed; the second takes those k.
          const first = countClaimedChunks(views, shape, masks, chunks, Int32Array.from([k]));
          const second = countClaimedChunks(views, shape, masks, chunks.subarray(0, 3 * k), Int32Array.from([0]));
          expect(first.chunksDone + second.chunksDone).toBe(total);
          const sum = first.counts.map((n, c) => n + second.counts[c]!);
          expect(Array.from(sum)).toEqual(Array.from(expected));
          // Once every chunk is claimed, a late caller counts nothing.
          const late = countClaimedChunks(views, shape, masks, chunks, Int32Array.from([total]));
          expect(late.chunksDone).toBe(0);
          expect(late.counts.every((n) => n === 0)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('countClaimedChunks for a speculative cube', () => {
  it('stops claiming at the first look after real work is demanded, leaving no claimed chunk uncounted', () => {
    const codes = new Uint8Array(1000).map((_, i) => i % 4);
    const view = {
      field: 'date',
      minDay: 0,
      offsets: Uint32Array.from([0, 1000]),
      columns: { a: codes },
      persons: new Int32Array(1000),
    };
    const chunks = periodChunks([view], 0, 0, 100);
    const claim = new Int32Array(1);
    let looks = 0;
    const result = countClaimedChunks([view], cubeShape(['a'], [4]), [], chunks, claim, () => ++looks > 3);
    expect(result.chunksDone).toBe(3);
    expect(claim[0]).toBe(3);
    expect(Array.from(result.counts.subarray(0, 4))).toEqual([75, 75, 75, 75]);
  });
});

describe('WorkerPool.until', () => {
  it('settles once the replies in hand are enough, without waiting for a worker held up', async () => {
    const pool = new WorkerPool(2, new URL('./fixtures/gateWorker.mjs', import.meta.url));
    const gate = new Int32Array(new SharedArrayBuffer(4));
    try {
      const replies = await pool.until(
        (w) => ({ value: w, gate: w === 1 ? gate : undefined }) as never,
        (got) => got.length >= 1,
      );
      expect(replies).toEqual([0]);
      // Without `enough`, it waits for every worker.
      Atomics.store(gate, 0, 1);
      Atomics.notify(gate, 0);
      const all = await pool.until(
        (w) => ({ value: w }) as never,
        () => false,
      );
      expect([...all].sort()).toEqual([0, 1]);
    } finally {
      Atomics.store(gate, 0, 1);
      Atomics.notify(gate, 0);
      await pool.close();
    }
  });
});
