// Explore's view kept in the workspace through the real dispatcher: saved, the workspace
// closed and reopened, and the same view read back; another workspace has none; a view the
// contract refuses is not stored.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExploreView } from '../../../shared/contract/screenState.ts';
import type { Dispatcher } from '../../../src-main/ipc/dispatcher.ts';
import { apiUnderTest, type ApiUnderTest } from '../../helpers/apiUnderTest.ts';

const PASS = 'correct horse battery staple';
let apiTest: ApiUnderTest;
let dispatcher: Dispatcher;
let call: Dispatcher['call'];

const VIEW: ExploreView = {
  cohort: 'victims',
  period: { kind: 'financialYear', financialYears: ['2023/24'] },
  selections: { sex: { mode: 'notIn', values: ['Unknown'] } },
  rows: ['district'],
  cols: [],
  measure: 'records',
  rate: { per: 1000, population: 'ONS 2023' },
  percent: 'none',
  stats: true,
  intervals: true,
  disclosure: { threshold: 7, secondary: true, round: 5, suppressZeros: false },
  groups: {},
  chart: 'map',
  keepEmpty: true,
  title: 'Victims per 1,000 residents',
  notes: 'Mid-year estimates',
  figureName: 'Victim rate by district',
};

beforeAll(async () => {
  apiTest = apiUnderTest('vso-screen-');
  ({ dispatcher, call } = apiTest);
});

afterAll(async () => {
  await apiTest?.close();
});

describe('Explore’s view in the workspace', () => {
  it('comes back after the workspace is closed and reopened', async () => {
    const first = join(apiTest.dir, 'first.vsow');
    await dispatcher.call('workspace.create', { path: first, passphrase: PASS });
    expect(await call('screen.explore.get', {})).toEqual({ view: null });
    await call('screen.explore.set', { view: VIEW });
    await dispatcher.call('workspace.close', {});
    await dispatcher.call('workspace.open', { path: first, passphrase: PASS });
    expect(await call('screen.explore.get', {})).toEqual({ view: VIEW });
  });

  it('reads a view saved before empty categories could be shown as one that hides them', async () => {
    const { keepEmpty: _absent, ...older } = VIEW;
    await call('screen.explore.set', { view: older });
    expect(await call('screen.explore.get', {})).toEqual({ view: { ...VIEW, keepEmpty: false } });
  });

  it('is kept per workspace', async () => {
    await dispatcher.call('workspace.create', { path: join(apiTest.dir, 'second.vsow'), passphrase: PASS });
    expect(await call('screen.explore.get', {})).toEqual({ view: null });
  });

  it('refuses a view the contract does not allow, and keeps none', async () => {
    await expect(
      dispatcher.call('screen.explore.set', { view: { ...VIEW, rows: ['District; DROP TABLE x'] } }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await call('screen.explore.get', {})).toEqual({ view: null });
  });
});
