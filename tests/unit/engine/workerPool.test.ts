// The query workers' protocol: typed replies whose AppError codes cross the thread, and
// cancellation that reaches the work (a running job's worker is stopped and started again;
// a job not yet started is skipped), with the engine answering correctly afterwards.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchSnapshot, generateBenchData, type BenchData } from '../../../bench/engineData.ts';
import { isAppError } from '../../../shared/errors.ts';
import type { EngineResult } from '../../../src-main/engine/finalizeResult.ts';
import { NO_FILTERS } from '../../../src-main/engine/compileFilters.ts';
import { cubeShape } from '../../../src-main/engine/cube.ts';
import { createEngine, type Engine } from '../../../src-main/engine/engine.ts';
import { WorkerPool } from '../../../src-main/engine/workerPool.ts';
import { querySpec } from './specs.ts';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'none';
  } catch (error) {
    return isAppError(error) ? error.code : String(error);
  }
}

describe('the query workers', () => {
  let data: BenchData;
  let engine: Engine;

  beforeAll(async () => {
    data = generateBenchData(2_000_000, 7);
    engine = createEngine({ workers: 1 });
    await engine.loadSnapshots([benchSnapshot(data)]);
  }, 300_000);

  afterAll(async () => {
    await engine.dispose();
  });

  it("keeps a worker's AppError code across the thread", async () => {
    const pool = new WorkerPool(1);
    try {
      // Nothing is loaded in this worker: its own check answers, as NO_WORKSPACE.
      const shape = cubeShape(['sex'], [3]);
      expect(await codeOf(pool.call(0, { op: 'cube', cohort: 'victims', shape, baked: NO_FILTERS }))).toBe(
        'NO_WORKSPACE',
      );
      await pool.call(0, { op: 'load', snapshot: benchSnapshot(generateBenchData(2_000, 3)), start: 0, end: 2_000 });
      // A column the worker's snapshot lacks: the worker's validation error, as INVALID_SPEC.
      const missing = cubeShape(['no_such_column'], [3]);
      const failed = pool.call(0, { op: 'cube', cohort: 'victims', shape: missing, baked: NO_FILTERS });
      await expect(failed).rejects.toMatchObject({
        code: 'INVALID_SPEC',
        message: expect.stringMatching(/no_such_column/),
      });
      // The worker is still there and answers the next request.
      const counted = await pool.call(0, {
        op: 'cube',
        cohort: 'victims',
        shape: cubeShape(['sex'], [3]),
        baked: NO_FILTERS,
      });
      expect(counted.counts.subarray(0, 3).reduce((a, b) => a + b, 0)).toBe(2_000);
    } finally {
      await pool.close();
    }
  });

  it('stops a running query when its signal aborts, and answers the next query right', async () => {
    const before = engine.workStats();
    let cancelled: Promise<EngineResult> | undefined;
    // A persons cross-tab of 2M records keeps the worker busy; abort it once the worker runs
    // it (a faster machine may finish one first: then another, with other filters, is sent).
    for (let attempt = 0; attempt < 10 && cancelled === undefined; attempt++) {
      const controller = new AbortController();
      let settled = false;
      const running = engine.query(
        querySpec({
          cohort: 'victims',
          rows: ['lsoa'],
          cols: ['offence_subgroup'],
          measure: 'persons',
          filters: [{ field: 'lsoa', notIn: [`E0101${7000 + attempt}`] }],
          disclosure: null,
        }),
        { signal: controller.signal },
      );
      running.then(
        () => (settled = true),
        () => (settled = true),
      );
      while (!settled && engine.workStats().running === 0) await nextTurn();
      if (settled) continue;
      controller.abort();
      cancelled = running;
    }
    expect(cancelled).toBeDefined();
    await expect(cancelled).rejects.toMatchObject({ code: 'CANCELLED' });
    // The pool cancelled the job by stopping the worker that ran it.
    expect(engine.workStats().cancelled).toBe(before.cancelled + 1);
    expect(engine.workStats().restarts).toBe(before.restarts + 1);

    // The restarted worker holds the data again, and counts it as a plain loop does.
    const result = await engine.query(
      querySpec({ cohort: 'victims', rows: ['district'], cols: ['sex'], disclosure: null }),
    );
    const district = data.columns.find((c) => c.name === 'district')!;
    const sex = data.columns.find((c) => c.name === 'sex')!;
    const districtCodes = data.codes.get('district')!;
    const sexCodes = data.codes.get('sex')!;
    const expected = new Map<string, number>();
    for (let i = 0; i < data.rows; i++) {
      const key = `${district.labels[districtCodes[i]!]}|${sex.labels[sexCodes[i]!]}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    const got = new Map<string, number>();
    result.rows.keys.forEach(([d], r) =>
      result.cols.keys.forEach(([s], c) => {
        const n = result.counts[r]?.[c] ?? 0;
        if (n > 0) got.set(`${d}|${s}`, n);
      }),
    );
    expect(got).toEqual(expected);
    expect(result.total).toBe(data.rows);
  }, 300_000);

  it('skips a job cancelled before its worker starts it, without stopping the worker', async () => {
    const pool = new WorkerPool(1, new URL('./fixtures/gateWorker.mjs', import.meta.url));
    const gate = new Int32Array(new SharedArrayBuffer(4));
    try {
      // The first job holds the worker until the gate opens; the second waits behind it.
      const first = pool.call(0, { value: 1, gate } as never);
      const controller = new AbortController();
      const second = pool.call(0, { value: 2 } as never, { signal: controller.signal });
      controller.abort();
      await expect(second).rejects.toMatchObject({ code: 'CANCELLED' });
      Atomics.store(gate, 0, 1);
      Atomics.notify(gate, 0);
      expect(await first).toBe(1);
      // A third job is answered by the same worker: the cancelled one was skipped, not run.
      expect(await pool.call(0, { value: 3 } as never)).toBe(3);
      expect(pool.stats).toMatchObject({ cancelled: 1, restarts: 0 });
    } finally {
      Atomics.store(gate, 0, 1);
      Atomics.notify(gate, 0);
      await pool.close();
    }
  });
});
