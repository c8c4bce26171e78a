// The sample's figures of the analyses computed from the records (journeys as a flow, the
// victims' services funnel, offender needs combinations): a new user opens the sample and
// finds them saved, each drawing the protected table the engine answers for its spec, and in
// the sample's report. The funnel's bars are summed here apart from the table (those who
// reached each step at least) and the combinations' from the needs each label names.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICES_STEPS } from '../../../shared/codebook.ts';
import { setsOf } from '../../../shared/chartCombinations.ts';
import type { QueryResult } from '../../../shared/query.ts';
import { parseSvg } from '../export/exportTestKit.ts';
import { apiUnderTest } from '../../helpers/apiUnderTest.ts';

const api = apiUnderTest('vso-sample-figures-');
let figures: string[] = [];
let report = '';

beforeAll(async () => {
  const created = await api.call('workspace.createSample', { path: join(api.dir, 'sample.vsow') });
  figures = created.figures;
  report = created.report;
}, 600_000);
afterAll(() => api.close());

async function savedQuery(name: string): Promise<{ chart: string; result: QueryResult; svg: string }> {
  const { figure } = await api.call('figures.get', { name });
  const result = (await api.call('engine.query', figure.query)) as QueryResult;
  const { svg } = await api.call('figure.previewSvg', { name });
  return { chart: figure.chart, result, svg };
}

/** The values the SVG draws (bars and bands carry data-value), non-zero, sorted. */
function drawnValues(svg: string): number[] {
  const doc = parseSvg(svg);
  const values: number[] = [];
  for (const tag of ['rect', 'path']) {
    const list = doc.getElementsByTagName(tag);
    for (let i = 0; i < list.length; i++) {
      const v = list.item(i)?.getAttribute('data-value');
      if (v !== null && v !== undefined && v !== '' && Number(v) !== 0) values.push(Number(v));
    }
  }
  return values.sort((a, b) => a - b);
}

const sorted = (values: Array<number | null>): number[] =>
  values.filter((v): v is number => v !== null && v !== 0).sort((a, b) => a - b);

describe('the sample’s figures of journeys, services and needs', () => {
  it('saves them and puts them in the sample’s report', async () => {
    for (const name of [
      'Journeys across cohorts',
      'Victims’ services funnel',
      'Offender needs combinations',
      'Offender needs together',
    ])
      expect(figures).toContain(name);
    const { reports } = await api.call('reports.list', {});
    const items = reports.find((r) => r.name === report)?.items.map((i) => i.name) ?? [];
    expect(items).toContain('Journeys across cohorts');
    expect(items).toContain('Offender needs combinations');
    expect(items).toContain('Offender needs together');
  });

  it('draws the journeys flow from the protected journeys table', async () => {
    const { chart, result, svg } = await savedQuery('Journeys across cohorts');
    expect(chart).toBe('flow');
    expect(result.total ?? 0).toBeGreaterThan(0);
    expect(drawnValues(svg)).toEqual(sorted(result.counts.flat()));
  });

  it('draws the services funnel as those who reached each step at least', async () => {
    const { chart, result, svg } = await savedQuery('Victims’ services funnel');
    expect(chart).toBe('funnel');
    const byStep = new Map(result.rows.keys.map((k, r) => [k[0] ?? '', result.counts[r]?.[0] ?? null]));
    const path = SERVICES_STEPS.slice(1);
    const reached = path.map((_s, k) => path.slice(k).reduce((a, s) => a + (byStep.get(s) ?? 0), 0));
    expect(path.every((s) => typeof byStep.get(s) === 'number')).toBe(true);
    expect(reached[0]).toBeGreaterThan(reached[2] ?? Infinity);
    expect(drawnValues(svg)).toEqual([...reached].sort((a, b) => a - b));
  });

  it('draws the needs combinations, each over the needs its label names', async () => {
    const { chart, result, svg } = await savedQuery('Offender needs combinations');
    expect(chart).toBe('combinations');
    const labels = result.rows.keys.map((k) => k[0] ?? '').filter((_l, r) => result.counts[r]?.[0] !== 0);
    expect(labels.length).toBeGreaterThan(3);
    expect(labels.some((l) => setsOf(l).length > 1)).toBe(true);
    for (const label of labels) expect(['No needs', 'Other combinations', 'Unknown']).not.toContain(label);
    expect(drawnValues(svg)).toEqual(sorted(result.counts.flat()));
  });

  it('draws the needs together as a heatmap of the protected matrix', async () => {
    const { chart, result, svg } = await savedQuery('Offender needs together');
    expect(chart).toBe('heatmap');
    const n = result.rows.keys.length;
    expect(n).toBe(10);
    // Symmetric, and no pair of needs holds more offenders than either need alone.
    result.counts.forEach((line, i) =>
      line.forEach((v, j) => {
        expect(v).toBe(result.counts[j]?.[i]);
        if (v !== null && result.counts[i]?.[i] != null) expect(v).toBeLessThanOrEqual(result.counts[i]![i]!);
      }),
    );
    const drawn = parseSvg(svg).getElementsByTagName('rect');
    const values: number[] = [];
    for (let i = 0; i < drawn.length; i++) {
      const v = drawn.item(i)?.getAttribute('data-value');
      if (v) values.push(Number(v));
    }
    const published = result.counts.flat().filter((v): v is number => v !== null);
    expect(values.sort((a, b) => a - b)).toEqual(published.sort((a, b) => a - b));
  });

  it('rebuilds them in the sample’s report pack with no problems', async () => {
    const built = await api.call('report.build', { name: report, outDir: join(api.dir, 'pack') });
    expect(built.problems).toEqual([]);
    const names = built.files.map((f) => f.path);
    for (const stem of [
      'journeys-across-cohorts',
      'victims-services-funnel',
      'offender-needs-combinations',
      'offender-needs-together',
    ])
      expect(names.some((n) => n.includes(stem))).toBe(true);
  }, 600_000);
});
