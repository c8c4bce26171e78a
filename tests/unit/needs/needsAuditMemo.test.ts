// The needs audit kept by its input: the same matrix against the same release is audited once,
// in one real worker; anything published meanwhile (another table read with it), or a reload of
// the data, runs it again. On the hand-made matrix of needsPatternAudit.test.ts: twenty persons
// with c, six with a, two of those with b, the pair a&b hidden.
import { describe, expect, it, vi } from 'vitest';
import { NeedsAuditMemo } from '../../../src-main/app/analysis/needsAuditMemo.ts';
import { auditNeedsPatterns, type PatternAuditInput } from '../../../src-main/disclosure/needsPatternAudit.ts';
import { aFirst, matrix, needs } from './threeNeedsMatrix.ts';
import type * as ModuleWorker from '../../../src-main/workers/moduleWorker.ts';

/** The needs audit's real workers started, counted as each starts. */
const audits = vi.hoisted(() => ({ started: 0 }));
vi.mock('../../../src-main/workers/moduleWorker.ts', async (original) =>
  (await import('../../helpers/countedWorkers.ts')).countingStarts(
    await original<typeof ModuleWorker>(),
    /\/needsAuditWorker\.(ts|js)$/,
    audits,
  ),
);

const alone: PatternAuditInput = { needs, tables: matrix, threshold: 5, protection: 5 };
const afterA: PatternAuditInput = { ...alone, tables: [aFirst, ...matrix] };

describe('the needs audit kept by its input', () => {
  it('audits the same input once, in one worker, with what the audit finds in place', async () => {
    const memo = new NeedsAuditMemo();
    const before = audits.started;
    const first = await memo.run(alone, 1);
    const again = await memo.run(structuredClone(alone), 1);
    expect(audits.started - before).toBe(1);
    expect(again).toEqual(first);
    expect(first).toEqual(await auditNeedsPatterns(alone));
  });

  it('audits again once an earlier output is read with the matrix, and finds what that gives away', async () => {
    const memo = new NeedsAuditMemo();
    const before = audits.started;
    await memo.run(alone, 1);
    const refused = await memo.run(afterA, 1);
    expect(audits.started - before).toBe(2);
    expect(refused).toEqual(await auditNeedsPatterns(afterA));
    expect(refused.refused).toEqual([{ table: 2, because: ['‘a first’'] }]);
  });

  it('audits again for a new version of the data', async () => {
    const memo = new NeedsAuditMemo();
    const before = audits.started;
    await memo.run(alone, 1);
    await memo.run(alone, 2);
    expect(audits.started - before).toBe(2);
  });
});
