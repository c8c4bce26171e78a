// The disclosure advisor on a real workspace through the real dispatcher: a sparse table of
// victims by district, age band and sex gets redesign options before suppression; each
// option's "cells published" is checked by running its redesigned spec through the engine
// raw and protecting it here (a second path, not the advisor's); merged age bands are
// adjacent; a merged table and the same table unmerged are published in one release and an
// attacker of both narrows no small count; options below the policy are not offered; the
// evaluation cancels.
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGE_BANDS } from '../../../shared/codebook.ts';
import type { Advice } from '../../../shared/contract/disclosure.ts';
import { DEFAULT_POLICY } from '../../../shared/disclosurePolicy.ts';
import { QuerySpecSchema, type QuerySpecInput } from '../../../shared/query.ts';
import { adviseTable } from '../../../src-main/disclosure/advisor.ts';
import { planMerges } from '../../../src-main/disclosure/mergePlan.ts';
import { protectTable, rawTableFromQueryResult } from '../../../src-main/disclosure/index.ts';
import { currentRelease, publicationsOf } from '../../../src-main/store/publications.ts';
import { type Printed, ReleaseAttacker } from '../disclosure/releaseAttacker.ts';
import { PASSPHRASE, generated, openWorld, type ReportWorld } from './reportTestKit.ts';

let world: ReportWorld;
let advice: Advice;

const sparse: QuerySpecInput = {
  cohort: 'victims',
  rows: ['district', 'age_band'],
  cols: ['sex'],
  filters: [{ field: 'financial_year', in: ['2022/23'] }],
};

/** Published cells of a spec computed without the advisor: raw engine counts, protected here. */
async function publishedBySecondPath(spec: Advice['options'][number]['spec']) {
  const raw = await world.services.analysis.rawQuery(spec);
  if (spec.disclosure === null) throw new Error('the option lost its rule');
  const { table } = await protectTable(rawTableFromQueryResult(raw), spec.disclosure);
  const cells = table.counts.flat();
  return { cells: cells.length, published: cells.filter((v) => v !== null).length };
}

beforeAll(async () => {
  world = await openWorld();
  await world.importFile('victims', await generated(world, 'victims', 3000, 13));
  advice = await world.dispatcher.call('disclosure.advise', sparse);
}, 300_000);
afterAll(async () => world?.close());

describe('disclosure.advise on a sparse table', () => {
  it('speaks up when many cells would be suppressed, and offers redesigns before suppression', () => {
    expect(advice.current.suppressed / advice.current.cells).toBeGreaterThanOrEqual(0.2);
    expect(advice.advise).toBe(true);
    const kinds = advice.options.map((o) => o.kind);
    expect(kinds).toContain('merge');
    expect(kinds).toContain('drop');
    expect(kinds[kinds.length - 1]).toBe('suppress');
    // Merge, then drop, then round, then suppression: the order of the methods.
    const rank = { merge: 0, drop: 1, round: 2, suppress: 3 } as const;
    expect(kinds.map((k) => rank[k])).toEqual([...kinds.map((k) => rank[k])].sort((a, b) => a - b));
    for (const option of advice.options.slice(0, -1))
      expect(option.suppressed, option.title).toBeLessThan(advice.current.suppressed);
  });

  it('counts each option’s published cells as running and protecting its spec does', async () => {
    for (const option of advice.options) {
      const second = await publishedBySecondPath(option.spec);
      expect({ title: option.title, cells: option.cells, published: option.published }).toEqual({
        title: option.title,
        ...second,
      });
    }
  }, 300_000);

  it('merges age bands only with their neighbours and leaves Unknown alone', () => {
    const merge = advice.options.find((o) => o.kind === 'merge' && o.field === 'age_band');
    expect(merge).toBeDefined();
    const groups = merge?.spec.groups?.age_band ?? [];
    expect(groups.length).toBeGreaterThan(0);
    for (const group of groups) {
      const positions = group.members.map((m) => (AGE_BANDS as readonly string[]).indexOf(m));
      expect(positions.every((p) => p >= 0)).toBe(true);
      expect(positions).toEqual(positions.map((_, i) => (positions[0] as number) + i)); // contiguous, in order
      expect(group.members).not.toContain('Unknown');
    }
  });

  it('applying an option is running its spec: the published table has the merged rows', async () => {
    const merge = advice.options.find((o) => o.kind === 'merge' && o.field === 'age_band');
    const result = await world.dispatcher.call('engine.query', merge?.spec ?? sparse);
    const labels = new Set(result.rows.keys.map((k) => k[1]));
    for (const group of merge?.spec.groups?.age_band ?? []) {
      expect(labels.has(group.label)).toBe(true);
      for (const member of group.members) expect(labels.has(member)).toBe(false);
    }
  });

  it('exports a figure saved with merged categories, saying which categories were merged', async () => {
    const merge = advice.options.find((o) => o.kind === 'merge' && o.field === 'age_band');
    if (!merge) throw new Error('no age band merge offered');
    await world.dispatcher.call('figures.save', {
      figure: { name: 'merged ages', title: 'Merged ages', chart: 'table', query: merge.spec },
      overwrite: true,
    });
    const path = world.file('merged.csv');
    await world.dispatcher.call('export.figure', { name: 'merged ages', format: 'csv', path });
    const csv = readFileSync(path, 'utf8');
    const [group] = merge.spec.groups?.age_band ?? [];
    expect(csv).toContain(`${group?.label}`);
    expect(csv).toContain(`Merged categories: Age band “${group?.label}” = ${group?.members.join(', ')}`);
  });

  it('publishes, in the same release, the ungrouped table beside the merged one, and the pair narrows no small count', async () => {
    // Runs after the merged export above: the release now holds a table with merged age bands.
    await world.dispatcher.call('figures.save', {
      figure: { name: 'plain ages', title: 'Plain ages', chart: 'table', query: sparse },
      overwrite: true,
    });
    await world.dispatcher.call('export.figure', { name: 'plain ages', format: 'csv', path: world.file('plain.csv') });
    expect(existsSync(world.file('plain.csv'))).toBe(true);

    // The attacker: every number the two exports printed, as sums of finest cells (district x
    // age band x sex, merged bands read as their members), its own LP over them.
    const db = world.services.session.current().db;
    const [merged, plain] = publicationsOf(db, currentRelease(db).id)
      .filter((p) => /^(merged|plain) ages$/i.test(p.title))
      .sort((a, b) => a.id - b.id)
      .map((p) => p.tables[0]!);
    expect(merged?.spec.groups).toBeDefined();
    const groups = (merged!.spec.groups as Record<string, { label: string; members: string[] }[]>).age_band!;
    const coverOf = (key: Record<string, string>) =>
      Object.fromEntries(
        Object.entries(key).map(([field, category]) => [
          field,
          groups.find((g) => field === 'age_band' && g.label === category)?.members ?? [category],
        ]),
      );
    const printed: Printed[] = [];
    const domains: Record<string, Set<string>> = { district: new Set(), age_band: new Set(), sex: new Set() };
    for (const table of [merged!, plain!]) {
      for (const cell of table.cells) {
        const cover = coverOf(cell.key);
        for (const [field, categories] of Object.entries(cover)) for (const c of categories) domains[field]!.add(c);
        if (cell.shown !== null) printed.push({ cover, value: cell.shown });
      }
    }
    const attacker = new ReleaseAttacker(Object.fromEntries(Object.entries(domains).map(([f, set]) => [f, [...set]])));
    let small = 0;
    for (const table of [merged!, plain!]) {
      for (const cell of table.cells) {
        if (cell.value === 0 || cell.value >= 5) continue;
        small++;
        const range = await attacker.range(printed, coverOf(cell.key));
        expect(range.upper - range.lower + 1, JSON.stringify(cell.key)).toBeGreaterThanOrEqual(5);
      }
    }
    expect(small).toBeGreaterThan(0);
  }, 300_000);

  it('offers no option below the workspace policy', async () => {
    expect(advice.options.some((o) => o.kind === 'round' && o.spec.disclosure?.round === 5)).toBe(true);
    await world.dispatcher.call('workspace.policy.set', {
      passphrase: PASSPHRASE,
      policy: { threshold: 5, suppressZeros: false, round: 10 },
    });
    try {
      const strict = await world.dispatcher.call('disclosure.advise', {
        ...sparse,
        disclosure: { threshold: 5, round: 10 },
      });
      expect(strict.options.some((o) => o.spec.disclosure?.round === 5)).toBe(false);
    } finally {
      await world.dispatcher.call('workspace.policy.set', {
        passphrase: PASSPHRASE,
        policy: { threshold: 5, suppressZeros: false, round: null },
      });
    }
  }, 300_000);

  it('stays quiet on a table that loses few cells', async () => {
    const dense = await world.dispatcher.call('disclosure.advise', { cohort: 'victims', rows: ['sex'] });
    expect(dense.advise).toBe(false);
    expect(dense.options.map((o) => o.kind)).toEqual(['suppress']);
  });

  it('stops evaluating options once cancelled', async () => {
    const controller = new AbortController();
    const analysis = world.services.analysis;
    let published = 0;
    const evaluation = adviseTable(QuerySpecSchema.parse(sparse), {
      raw: (spec) => analysis.rawQuery(spec),
      publish: async (spec) => {
        published += 1;
        const result = await analysis.query(spec);
        if (published === 2) controller.abort(); // the analyst moved on after the first option
        return result;
      },
      field: (name) => ({ label: name, ordered: name === 'age_band' }),
      policy: DEFAULT_POLICY,
      signal: controller.signal,
    });
    await expect(evaluation).rejects.toThrow(/abort/i);
    expect(published).toBe(2);
  });
});

describe('planMerges', () => {
  const rule = { threshold: 5, secondary: true, round: null, suppressZeros: false };
  it('merges an ordered field’s sparse band with its smaller neighbour until no band is unsafe', () => {
    const groups = planMerges(
      {
        field: 'age_band',
        label: 'Age band',
        ordered: true,
        categories: ['0-9', '10-17', '18-24', '25-34', 'Unknown'],
        members: [['0-9'], ['10-17'], ['18-24'], ['25-34'], ['Unknown']],
        slices: [
          [1, 2],
          [3, 9],
          [20, 30],
          [40, 50],
          [1, 1],
        ],
      },
      rule,
    );
    // 0-9 (two unsafe) joins 10-17, its only neighbour: 4 and 11, still one unsafe; then 0-17
    // joins 18-24 (smaller than nothing else: its only mergeable neighbour). Unknown stays.
    expect(groups).toEqual([{ label: '0-24', members: ['0-9', '10-17', '18-24'] }]);
  });

  it('gathers an unordered field’s sparse categories into one group and returns null when nothing is unsafe', () => {
    const field = {
      field: 'district',
      label: 'District',
      ordered: false,
      categories: ['A', 'B', 'C', 'D'],
      members: [['A'], ['B'], ['C'], ['D']],
      slices: [[2], [3], [50], [60]],
    };
    expect(planMerges(field, rule)).toEqual([{ label: 'A or B', members: ['A', 'B'] }]);
    expect(planMerges({ ...field, slices: [[20], [30], [50], [60]] }, rule)).toBeNull();
  });
});
