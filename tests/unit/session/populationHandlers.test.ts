// population.* through the real dispatcher: an import is written as one change of data (the
// renderers hear data.changed) and the table is listed with the totals its file adds up to; a
// cancel heard while the file is read changes nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { POPULATION_SAMPLE_PATH } from '../../../src-main/sample/generator/population.ts';
import { apiUnderTest } from '../../helpers/apiUnderTest.ts';
import { cancelledCall } from '../../helpers/cancelCall.ts';
import { workspaceState } from '../import/workspaceState.ts';
import { contentDigest } from '../store/storeTestKit.ts';

const api = apiUnderTest('vso-population-api-');
afterAll(() => api.close());

/** The file's residents by district, summed here from its lines. */
function districtsOfFile(): Map<string, number> {
  const totals = new Map<string, number>();
  for (const line of readFileSync(POPULATION_SAMPLE_PATH, 'utf8').trim().split(/\r?\n/).slice(1)) {
    const [district, , , population] = line.split(',');
    totals.set(district ?? '', (totals.get(district ?? '') ?? 0) + Number(population));
  }
  return totals;
}

describe('population.import', () => {
  it('imports the table, tells the renderers the data changed, and lists it', async () => {
    await api.call('workspace.create', { path: join(api.dir, 'ws.vsow'), passphrase: 'correct horse battery staple' });
    const topics: string[] = [];
    const unsubscribe = api.services.subscribe((e) => topics.push(e.topic));
    const imported = await api.call('population.import', { path: POPULATION_SAMPLE_PATH, name: 'Residents 2021' });
    unsubscribe();
    expect(topics).toContain('data.changed');
    const expected = districtsOfFile();
    expect(imported).toMatchObject({ name: 'Residents 2021', byAge: true, bySex: true });
    expect(new Map(Object.entries(imported.districts))).toEqual(expected);
    expect(imported.total).toBe([...expected.values()].reduce((a, b) => a + b, 0));
    const { tables } = await api.call('population.list', {});
    expect(tables.map((t) => [t.name, t.total])).toEqual([['Residents 2021', imported.total]]);
  });

  it('stops at a cancel while the file is read, the table of that name and the audit log as they were', async () => {
    await api.call('workspace.create', {
      path: join(api.dir, 'cancel.vsow'),
      passphrase: 'correct horse battery staple',
    });
    const first = await api.call('population.import', { path: POPULATION_SAMPLE_PATH, name: 'Residents 2021' });
    const db = api.services.session.current().db;
    const before = { state: workspaceState(db), digest: contentDigest(db) };
    const call = await cancelledCall(
      api.dispatcher,
      'population.import',
      { path: POPULATION_SAMPLE_PATH, name: 'Residents 2021' },
      { atProgress: (p) => p.phase === 'reading' && p.done > 0 },
    );
    expect(call.outcome).toBe('CANCELLED');
    expect({ state: workspaceState(db), digest: contentDigest(db) }).toEqual(before);
    const { tables } = await api.call('population.list', {});
    expect(tables.map((t) => [t.name, t.total])).toEqual([['Residents 2021', first.total]]);
  });
});
