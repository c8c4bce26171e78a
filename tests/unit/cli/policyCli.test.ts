// The disclosure policy from the command line, as real `vso` processes on a real workspace
// file: `vso workspace policy` shows and changes it (audited), and `vso export table`,
// `vso export infographic` and `vso report build` refuse rules below it, writing nothing.
// The export session's own resolver refuses too, for any path that skips the early checks.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalysisService } from '../../../src-main/app/analysis/analysisService.ts';
import { createExportSession } from '../../../src-main/app/publication/exportSession.ts';
import { Workspace } from '../../../src-main/store/workspace.ts';
import { QuerySpecSchema } from '../../../shared/query.ts';
import { runVso } from '../../helpers/cli.ts';
import { districtFigure } from '../report/figureSpecs.ts';
import { PASSPHRASE, generated, openWorld, type ReportWorld } from '../report/reportTestKit.ts';

let world: ReportWorld;
let file: string;

const vso = (args: string[], env: Record<string, string> = {}) =>
  runVso(args, { VSO_PASSPHRASE: PASSPHRASE, ...env }, 120_000);

function specFile(name: string, spec: unknown): string {
  const path = world.file(name);
  writeFileSync(path, JSON.stringify(spec));
  return path;
}

beforeAll(async () => {
  world = await openWorld();
  file = world.file('team.vsow');
  await world.importFile('victims', await generated(world, 'victims', 2000, 5));
  const figure = districtFigure('weak');
  await world.dispatcher.call('figures.save', {
    figure: { ...figure, query: { ...figure.query, disclosure: { threshold: 2 } } },
  });
  await world.dispatcher.call('reports.save', { report: { name: 'Pack', items: [{ kind: 'figure', name: 'weak' }] } });
  await world.dispatcher.call('workspace.close', {});
});
afterAll(async () => world?.close());

describe('vso workspace policy', () => {
  it('shows the policy, changes it under the passphrase (audited), and refuses bad values', () => {
    expect(vso(['workspace', 'policy', file]).stdout).toBe('Disclosure policy: counts below 5 suppressed.\n');
    const wrong = vso(['workspace', 'policy', file, '--threshold', '2'], { VSO_PASSPHRASE: 'a wrong passphrase!' });
    expect(wrong.code).toBe(3);
    expect(vso(['workspace', 'policy', file, '--threshold', '0']).code).toBe(2);
    const changed = vso(['--json', 'workspace', 'policy', file, '--threshold', '8', '--zeros']);
    expect(changed.code).toBe(0);
    expect(JSON.parse(changed.stdout)).toMatchObject({
      policy: { threshold: 8, suppressZeros: true, round: null },
      changed: true,
    });
    const log = JSON.parse(vso(['--json', 'audit', 'list', file]).stdout) as unknown;
    expect(JSON.stringify(log)).toContain('disclosure.policy_change');
    const ws = Workspace.open(file, PASSPHRASE);
    try {
      expect(ws.disclosurePolicy()).toEqual({ threshold: 8, suppressZeros: true, round: null });
      const [entry] = ws.audit.list({ action: 'disclosure.policy_change' });
      expect(entry?.detail).toEqual({
        before: { threshold: 5, suppressZeros: false, round: null },
        after: { threshold: 8, suppressZeros: true, round: null },
      });
    } finally {
      ws.close();
    }
  }, 300_000);
});

describe('CLI exports under the policy (threshold 8, zeros suppressed)', () => {
  it('vso export table refuses a rule below the policy in XLSX and CSV and writes nothing', () => {
    // Each process costs seconds on a shared machine: one format per weak rule, both formats covered.
    for (const [name, disclosure, ext, says] of [
      ['t1.json', { threshold: 1 }, 'xlsx', /below 1, the policy below 8/],
      ['t5.json', { threshold: 5, suppressZeros: true }, 'csv', /below 5, the policy below 8/],
      ['z.json', { threshold: 8 }, 'xlsx', /publishes zero counts/],
    ] as const) {
      const spec = specFile(name, { cohort: 'victims', rows: ['district'], cols: ['sex'], disclosure });
      const out = world.file(`${name}.${ext}`);
      const run = vso(['export', 'table', file, '--spec', spec, '--out', out]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/below the workspace's disclosure policy \(counts below 8 suppressed, zero counts/);
      expect(run.stderr).toMatch(says);
      expect(run.stderr).toMatch(/vso workspace policy/);
      expect(existsSync(out)).toBe(false);
    }
    const strong = specFile('ok.json', {
      cohort: 'victims',
      rows: ['district'],
      cols: ['sex'],
      disclosure: { threshold: 8, suppressZeros: true },
    });
    const ok = vso(['export', 'table', file, '--spec', strong, '--out', world.file('ok.csv')]);
    expect(ok.code).toBe(0);
    expect(existsSync(world.file('ok.csv'))).toBe(true);
  }, 300_000);

  it('vso export infographic refuses a template whose rule is below the policy', () => {
    const out = world.file('victims.svg');
    const run = vso(['export', 'infographic', file, '--template', 'victims', '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Cannot export the victims infographic: .*below the workspace's disclosure policy/);
    expect(existsSync(out)).toBe(false);
  }, 120_000);

  it('vso report build refuses a pack with a figure below the policy and writes no file', () => {
    const out = world.file('pack');
    const run = vso(['report', 'build', file, '--report', 'Pack', '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Cannot export the report pack “Pack”: .*figure “weak”: it suppresses counts below 2/);
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  }, 120_000);

  it('the export session resolver itself refuses a spec below the policy', async () => {
    const ws = Workspace.open(file, PASSPHRASE);
    const analysis = new AnalysisService();
    try {
      await analysis.load(ws);
      const session = createExportSession(ws, analysis);
      const weak = QuerySpecSchema.parse({ cohort: 'victims', rows: ['sex'], disclosure: { threshold: 3 } });
      await expect(session.resolve(weak)).rejects.toMatchObject({ code: 'BELOW_POLICY' });
      const strong = QuerySpecSchema.parse({
        cohort: 'victims',
        rows: ['sex'],
        disclosure: { threshold: 8, suppressZeros: true },
      });
      expect((await session.resolve(strong)).disclosure?.rule.threshold).toBe(8);
    } finally {
      await analysis.unload();
      ws.close();
    }
  });
});
