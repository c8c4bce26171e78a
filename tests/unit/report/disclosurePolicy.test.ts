// The workspace disclosure policy on a real encrypted workspace through the real dispatcher:
// changing it needs the passphrase and is audited (refusals too), it survives closing the
// file, and every app export path (figure as XLSX, CSV, PNG, SVG, PDF; infographic; report
// pack) refuses a rule below it, writing nothing, while a rule that meets it still exports.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, policyShortfalls, type DisclosurePolicy } from '../../../shared/disclosurePolicy.ts';
import { isAppError } from '../../../shared/errors.ts';
import type { InfographicBlock } from '../../../shared/infographic.ts';
import { DisclosureRuleSchema, type DisclosureRule } from '../../../shared/query.ts';
import { requireRuleMeetsPolicy } from '../../../src-main/export/disclosureGuard.ts';
import { districtFigure } from './figureSpecs.ts';
import { PASSPHRASE, generated, openWorld, type ReportWorld } from './reportTestKit.ts';

let world: ReportWorld;

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected the call to fail');
}

async function auditActions(): Promise<Array<{ action: string; detail: Record<string, unknown> }>> {
  const { entries } = await world.dispatcher.call('audit.list', { limit: 1000 });
  return entries.map((e) => ({ action: e.action, detail: e.detail }));
}

async function setPolicy(policy: DisclosurePolicy): Promise<void> {
  await world.dispatcher.call('workspace.policy.set', { passphrase: PASSPHRASE, policy });
}

const rule = (r: Partial<DisclosureRule>): DisclosureRule => DisclosureRuleSchema.parse(r);

beforeAll(async () => {
  world = await openWorld();
  await world.importFile('victims', await generated(world, 'victims', 3000, 11));
});
afterAll(async () => world?.close());

describe('changing the policy', () => {
  it('starts at the default, refuses a wrong passphrase (audited), and audits a change with before and after', async () => {
    expect(await world.dispatcher.call('workspace.policy.get', {})).toEqual({
      policy: DEFAULT_POLICY,
      description: 'counts below 5 suppressed',
    });
    const weaker = { threshold: 2, suppressZeros: false, round: null };
    const refused = await failure(
      world.dispatcher.call('workspace.policy.set', { passphrase: 'not the passphrase at all', policy: weaker }),
    );
    expect(refused.code).toBe('WRONG_PASSPHRASE');
    expect((await world.dispatcher.call('workspace.policy.get', {})).policy).toEqual(DEFAULT_POLICY);
    const [last] = await auditActions();
    expect(last).toEqual({
      action: 'disclosure.policy_refused',
      detail: { reason: 'wrong passphrase', asked: weaker },
    });

    const stricter = { threshold: 10, suppressZeros: true, round: 5 };
    const changed = await world.dispatcher.call('workspace.policy.set', { passphrase: PASSPHRASE, policy: stricter });
    expect(changed.policy).toEqual(stricter);
    const [entry] = await auditActions();
    expect(entry).toEqual({
      action: 'disclosure.policy_change',
      detail: { before: DEFAULT_POLICY, after: stricter },
    });
    expect((await world.dispatcher.call('audit.verify', {})).intact).toBe(true);

    // Kept in the encrypted file: closed and opened again, the policy is still there.
    const path = world.file('team.vsow');
    await world.dispatcher.call('workspace.close', {});
    await world.dispatcher.call('workspace.open', { path, passphrase: PASSPHRASE });
    expect((await world.dispatcher.call('workspace.policy.get', {})).policy).toEqual(stricter);
    await setPolicy(DEFAULT_POLICY);
  });

  it('refuses a policy out of range before asking anything', async () => {
    const bad = await failure(
      world.dispatcher.call('workspace.policy.set', {
        passphrase: PASSPHRASE,
        policy: { threshold: 0, suppressZeros: false, round: null },
      }),
    );
    expect(bad.code).toBe('BAD_REQUEST');
  });
});

describe('the guard', () => {
  it('refuses every rule below the policy and accepts every rule that meets it', () => {
    const policies: DisclosurePolicy[] = [
      { threshold: 5, suppressZeros: false, round: null },
      { threshold: 7, suppressZeros: true, round: null },
      { threshold: 5, suppressZeros: false, round: 5 },
      { threshold: 10, suppressZeros: true, round: 10 },
    ];
    let refused = 0;
    for (const policy of policies)
      for (let threshold = 1; threshold <= 12; threshold += 1)
        for (const suppressZeros of [false, true])
          for (const round of [null, 3, 5, 10]) {
            const candidate = rule({ threshold, suppressZeros, round });
            // The policy said the long way round: each requirement on its own.
            const meets =
              threshold >= policy.threshold &&
              (!policy.suppressZeros || suppressZeros) &&
              (policy.round === null || (round !== null && round >= policy.round));
            const check = () => requireRuleMeetsPolicy(candidate, policy, 'the test table');
            if (meets) expect(check).not.toThrow();
            else {
              refused += 1;
              expect(check).toThrow(/below the workspace's disclosure policy/);
              expect(policyShortfalls(candidate, policy).length).toBeGreaterThan(0);
            }
          }
    expect(refused).toBeGreaterThan(100);
  });
});

describe('every app export path under the policy', () => {
  const weakRules = [
    { policy: DEFAULT_POLICY, rule: { threshold: 1 }, says: /below 1, the policy below 5/ },
    { policy: DEFAULT_POLICY, rule: { threshold: 4 }, says: /below 4, the policy below 5/ },
    { policy: { threshold: 5, suppressZeros: true, round: null }, rule: {}, says: /zero counts/ },
    {
      policy: { threshold: 5, suppressZeros: false, round: 10 },
      rule: { round: 5 },
      says: /base 5, the policy to base 10/,
    },
  ];

  it('refuses a figure in every format, writes no file and no export entry', async () => {
    for (const [i, { policy, rule: weak, says }] of weakRules.entries()) {
      await setPolicy(policy);
      const name = `weak-${i}`;
      const figure = districtFigure(name);
      await world.dispatcher.call('figures.save', {
        figure: { ...figure, query: { ...figure.query, disclosure: weak } },
        overwrite: true,
      });
      const before = (await auditActions()).length;
      for (const format of ['xlsx', 'csv', 'png', 'svg', 'pdf'] as const) {
        const path = world.file(`${name}.${format}`);
        const error = await failure(world.dispatcher.call('export.figure', { name, format, path }));
        expect(error.code).toBe('BELOW_POLICY');
        expect(error.message).toMatch(says);
        expect(error.message).toContain(`the figure “${name}”`);
        expect(error.message).toMatch(/change the policy on the Data screen/);
        expect(existsSync(path)).toBe(false);
      }
      expect((await auditActions()).length).toBe(before);
    }
    await setPolicy(DEFAULT_POLICY);
  });

  it('exports the same figure once its rule meets the policy (the refusal is the rule, not the figure)', async () => {
    await setPolicy({ threshold: 5, suppressZeros: true, round: 10 });
    const figure = districtFigure('strong');
    await world.dispatcher.call('figures.save', {
      figure: { ...figure, query: { ...figure.query, disclosure: { threshold: 6, suppressZeros: true, round: 10 } } },
      overwrite: true,
    });
    const path = world.file('strong.csv');
    const out = await world.dispatcher.call('export.figure', { name: 'strong', format: 'csv', path });
    expect(out.file.bytes).toBeGreaterThan(0);
    await setPolicy(DEFAULT_POLICY);
  });

  it('refuses an infographic with a block below the policy (export), while its preview draws and warns', async () => {
    const { doc } = await world.dispatcher.call('infographic.fromTemplate', { template: 'victims' });
    // The template meets the default policy: it exports.
    await world.dispatcher.call('export.infographic', { doc, format: 'svg', path: world.file('ok.svg') });
    const weak = {
      ...doc,
      blocks: doc.blocks.map((b): InfographicBlock =>
        b.kind === 'chart' && typeof b.figure !== 'string'
          ? { ...b, figure: { ...b.figure, query: { ...b.figure.query, disclosure: rule({ threshold: 2 }) } } }
          : b,
      ),
    };
    const chartBlock = weak.blocks.findIndex((b) => b.kind === 'chart') + 1;
    expect(chartBlock).toBeGreaterThan(0);
    for (const format of ['svg', 'png', 'pdf'] as const) {
      const path = world.file(`weak.${format}`);
      const error = await failure(world.dispatcher.call('export.infographic', { doc: weak, format, path }));
      expect(error.code).toBe('BELOW_POLICY');
      expect(error.message).toContain(`block ${chartBlock} (chart)`);
      expect(existsSync(path)).toBe(false);
    }
    const preview = await world.dispatcher.call('infographic.render', { doc: weak });
    expect(preview.svg).toContain('<svg');
    expect(preview.warnings.some((w) => w.startsWith(`Block ${chartBlock} (chart) uses a disclosure rule below`))).toBe(
      true,
    );
    // A stricter policy refuses the template itself (its rule is the default one).
    await setPolicy({ threshold: 10, suppressZeros: false, round: null });
    const stricter = await failure(
      world.dispatcher.call('export.infographic', { doc, format: 'svg', path: world.file('strict.svg') }),
    );
    expect(stricter.code).toBe('BELOW_POLICY');
    expect(existsSync(world.file('strict.svg'))).toBe(false);
    await setPolicy(DEFAULT_POLICY);
  });

  it('refuses a report pack with any item below the policy before writing a file, naming the item', async () => {
    const figure = districtFigure('pack-weak');
    await world.dispatcher.call('figures.save', {
      figure: { ...figure, query: { ...figure.query, disclosure: { threshold: 3 } } },
      overwrite: true,
    });
    await world.dispatcher.call('figures.save', { figure: districtFigure('pack-ok'), overwrite: true });
    await world.dispatcher.call('reports.save', {
      report: {
        name: 'Pack',
        items: [
          { kind: 'figure', name: 'pack-ok' },
          { kind: 'figure', name: 'pack-weak' },
        ],
      },
    });
    const outDir = world.file('pack-out');
    const error = await failure(world.dispatcher.call('report.build', { name: 'Pack', outDir }));
    expect(error.code).toBe('BELOW_POLICY');
    expect(error.message).toContain('figure “pack-weak”');
    expect(error.message).not.toContain('figure “pack-ok”');
    expect(existsSync(outDir) ? readdirSync(outDir) : []).toEqual([]);

    await world.dispatcher.call('reports.save', {
      report: { name: 'Pack', items: [{ kind: 'figure', name: 'pack-ok' }] },
    });
    const built = await world.dispatcher.call('report.build', { name: 'Pack', outDir });
    expect(built.ok).toBe(true);
    expect(readdirSync(outDir).length).toBeGreaterThan(0);
    expect(existsSync(join(outDir, 'index.html'))).toBe(true);
  });
});
