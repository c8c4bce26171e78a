// Large tables are protected in a worker thread: the same result as in place, progress on the
// way, an abort that stops it, and the worker's typed errors passed on.
import { describe, expect, it } from 'vitest';
import {
  WORKER_MIN_CELLS,
  auditLinkedTablesOffThread,
  protectTable,
  protectTableOffThread,
} from '../../../src-main/disclosure/index.ts';
import { publishStatsOffThread } from '../../../src-main/disclosure/protectOffThread.ts';
import { publishStats } from '../../../src-main/disclosure/publishStats.ts';
import { crosstabStats } from '../../../src-main/engine/crosstabStats.ts';
import { rawFrom } from './independentAttacker.ts';

/** A table of 110 x 10 cells, many of them small, from a fixed pseudo-random sequence. */
function largeCounts(): number[][] {
  let state = 12345;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Array.from({ length: 110 }, () => Array.from({ length: 10 }, () => Math.floor(next() * next() * 30)));
}

const RULE = { threshold: 5 };

describe('protection off the main thread', () => {
  it('gives the same protected table as in place, with progress, and its audit passes', async () => {
    const raw = rawFrom(largeCounts());
    expect(raw.counts.length * raw.counts[0]!.length).toBeGreaterThanOrEqual(WORKER_MIN_CELLS);
    const progress: [number, number][] = [];
    const off = await protectTableOffThread(raw, RULE, { onProgress: (done, total) => progress.push([done, total]) });
    const inPlace = await protectTable(raw, RULE);
    expect(off.table).toEqual(inPlace.table);
    expect(off.report).toEqual(inPlace.report);
    expect(progress.length).toBeGreaterThan(0);
    for (const [done, total] of progress) expect(done).toBeLessThanOrEqual(total);
    const audit = await auditLinkedTablesOffThread([raw], [off.table], RULE);
    expect(audit.ok).toBe(true);
    expect(audit.cells.length).toBe(off.report.primary.length + off.report.secondary.length);
  });

  it('publishes the same statistics from the worker as in place', async () => {
    const raw = rawFrom(largeCounts());
    const { table } = await protectTable(raw, RULE);
    const outcome = crosstabStats(raw.counts);
    if (outcome.stats === null) throw new Error(outcome.reason);
    const off = await publishStatsOffThread(outcome.stats, raw, table, RULE);
    const inPlace = await publishStats(outcome.stats, raw, table, RULE);
    expect(off).toEqual(inPlace);
    expect(off.expected.flat().filter((e) => e !== null).length).toBeLessThan(raw.counts.flat().length);
  });

  it('stops when aborted, before or during the work', async () => {
    const raw = rawFrom(largeCounts());
    const before = new AbortController();
    before.abort();
    await expect(protectTableOffThread(raw, RULE, { signal: before.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    const during = new AbortController();
    const running = protectTableOffThread(raw, RULE, {
      signal: during.signal,
      onProgress: () => during.abort(),
    });
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('passes on the typed error the worker raised', async () => {
    const raw = rawFrom(largeCounts());
    await expect(protectTableOffThread({ ...raw, total: raw.total + 1 }, RULE)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/add up/),
    });
  });
});
