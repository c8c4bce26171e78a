// "Try it with sample data" through the real dispatcher: the workspace open before is closed
// (its audit log says so), the sample is built, opened and marked synthetic, the renderers
// hear of it, and what the reply lists is what the workspace holds.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../../src-main/store/workspace.ts';
import { apiUnderTest } from '../../helpers/apiUnderTest.ts';

const PASS = 'correct horse battery staple';
const api = apiUnderTest('vso-sample-api-');
afterAll(() => api.close());

describe('workspace.createSample', () => {
  it('closes the open workspace, then opens the synthetic sample with its figures, infographics and report', async () => {
    const before = join(api.dir, 'before.vsow');
    await api.call('workspace.create', { path: before, passphrase: PASS });
    const events: string[] = [];
    const unsubscribe = api.services.subscribe((e) => events.push(e.topic));
    const progress: string[] = [];
    const path = join(api.dir, 'sample.vsow');

    const created = await api.call(
      'workspace.createSample',
      { path },
      { progress: (p) => progress.push(p.phase), signal: new AbortController().signal },
    );
    unsubscribe();

    expect(created.status).toMatchObject({ state: 'open', path, info: { synthetic: true } });
    expect(created.passphrase.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe('Done');
    expect(events).toContain('workspace.changed');
    const figures = await api.call('figures.list', {});
    expect(figures.figures.map((f) => f.name).sort()).toEqual([...created.figures].sort());
    const infographics = await api.call('infographics.list', {});
    expect(infographics.infographics.map((i) => i.name).sort()).toEqual([...created.infographics].sort());
    const reports = await api.call('reports.list', {});
    expect(reports.reports.map((r) => r.name)).toEqual([created.report]);
    // The engine followed the session: a saved figure counts as many victims as the store holds.
    const summary = await api.call('data.summary', {});
    const victims = summary.datasets.find((d) => d.name === 'victims');
    expect(victims?.records).toBeGreaterThan(0);
    const total = await api.call('engine.query', {
      cohort: 'victims',
      filters: [],
      rows: [],
      cols: [],
      disclosure: null,
    });
    expect(total.total).toBe(victims?.records);

    await api.call('workspace.close', {});
    const earlier = Workspace.open(before, PASS);
    try {
      expect(earlier.audit.list({ limit: 100 }).map((e) => e.action)).toContain('workspace.close');
    } finally {
      earlier.close();
    }
    // The passphrase the reply shows is the sample's.
    Workspace.open(path, created.passphrase).close();
  });
});
