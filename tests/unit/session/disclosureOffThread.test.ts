// A large query through the real dispatcher: victims by LSOA x offence group (thousands of
// numbers) is suppressed in the disclosure worker, reports its progress as the call's progress,
// answers as the in-place protection would, and a cancelled call ends as CANCELLED.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKER_MIN_CELLS, protectTable } from '../../../src-main/disclosure/index.ts';
import { rawTableFromQueryResult } from '../../../src-main/disclosure/queryTable.ts';
import type { Progress } from '../../../shared/protocol.ts';
import { parseQuerySpec } from '../../../shared/query.ts';
import { toErrorPayload } from '../../../src-main/ipc/dispatcher.ts';
import { apiUnderTest, type ApiUnderTest } from '../../helpers/apiUnderTest.ts';
import { buildFixtureWorkspace } from '../../helpers/workspaceFixture.ts';

let apiTest: ApiUnderTest;
const SPEC = { cohort: 'victims', rows: ['lsoa'], cols: ['offence_group'], disclosure: { threshold: 5 } };

beforeAll(async () => {
  apiTest = apiUnderTest('vso-disclosure-worker-');
  const fixture = await buildFixtureWorkspace({ rows: { victims: 6000 }, dir: apiTest.dir });
  await apiTest.dispatcher.call('workspace.open', { path: fixture.path, passphrase: fixture.passphrase });
}, 240_000);

afterAll(async () => {
  await apiTest?.close();
});

describe('engine.query on a large table', () => {
  it('suppresses in the worker with progress, as in place', async () => {
    const progress: Progress[] = [];
    const published = await apiTest.call('engine.query', SPEC, { progress: (p) => progress.push(p) });
    expect(published.counts.length * (published.counts[0]?.length ?? 0)).toBeGreaterThanOrEqual(WORKER_MIN_CELLS);
    expect(progress.some((p) => p.phase === 'disclosure')).toBe(true);
    const raw = await apiTest.services.analysis.rawQuery(parseQuerySpec(SPEC));
    const { table } = await protectTable(rawTableFromQueryResult(raw), SPEC.disclosure);
    expect(published.counts).toEqual(table.counts);
    expect(published.rowTotals).toEqual(table.rowTotals);
    expect(published.colTotals).toEqual(table.colTotals);
  }, 240_000);

  it('ends as CANCELLED when the call is cancelled during suppression', async () => {
    const controller = new AbortController();
    const call = apiTest.dispatcher.call('engine.query', SPEC, {
      signal: controller.signal,
      progress: (p) => {
        if (p.phase === 'disclosure') controller.abort();
      },
    });
    const error = await call.then(
      () => null,
      (e: unknown) => e,
    );
    // What a transport sends back for it.
    expect(toErrorPayload(error).code).toBe('CANCELLED');
  }, 240_000);
});
