// An import's progress through shared memory: the writer says when a report starts a new phase
// (those go as messages), the reader returns each newer report once and nothing in between,
// and a report written from another thread arrives whole.
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { newProgressBoard, progressReader, progressWriter } from '../../../src-main/app/workspace/progressBoard.ts';
import type { ImportProgress } from '../../../src-main/import/progress.ts';

const report = (phase: ImportProgress['phase'], done: number): ImportProgress => ({
  phase,
  done,
  total: done * 2,
  rate: done / 10,
  etaSeconds: phase === 'done' ? null : 1.5,
});

describe('the progress board', () => {
  it('flags phase changes and hands each newer report over once', () => {
    const board = newProgressBoard();
    const write = progressWriter(board);
    const read = progressReader(board);
    expect(read()).toBeNull();
    expect([write(report('reading', 10)), write(report('reading', 20)), write(report('done', 30))]).toEqual([
      true,
      false,
      true,
    ]);
    expect(read()).toEqual(report('done', 30));
    expect(read()).toBeNull();
    write(report('done', 40));
    expect(read()).toEqual(report('done', 40));
  });

  it('carries a report written by another thread', async () => {
    const board = newProgressBoard();
    const source = `
      const { workerData, parentPort } = require('node:worker_threads');
      const version = new Int32Array(workerData, 0, 2);
      const values = new Float64Array(workerData, 8, 5);
      Atomics.add(version, 0, 1);
      values.set([1234, 5000, 99, 2.5, 1]);
      Atomics.add(version, 0, 1);
      parentPort.postMessage('written');`;
    const worker = new Worker(source, { eval: true, workerData: board });
    await new Promise((resolve) => worker.once('message', resolve));
    await worker.terminate();
    expect(progressReader(board)()).toEqual({ phase: 'reading', done: 1234, total: 5000, rate: 99, etaSeconds: 2.5 });
  });
});
