// The intruder's case through the real export path: a table exported, then the same table
// without one small category of another field (ethnicity notIn [Mixed]). Subtracted cell by
// cell, the two gave the Mixed counts back. Now the second export is protected together with
// the first (real processes, a real sample workspace, the CSVs as written), the register shows
// both and why cells were hidden, and a new release starts afresh. `vso disclosure check` on the
// second table before its export says which counts the first would let an intruder narrow.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVso } from '../../helpers/cli.ts';
import { type Printed, ReleaseAttacker } from '../disclosure/releaseAttacker.ts';

const PASS = 'cli release passphrase';
const THRESHOLD = 5;
let dir: string;
let file: string;

const vso = (...args: string[]) => runVso(args, { VSO_PASSPHRASE: PASS, VSO_CONFIG_DIR: dir }, 180_000);

const TABLE = { cohort: 'victims', rows: ['district'], cols: ['offence_group'] };
const WITHOUT_MIXED = { ...TABLE, filters: [{ field: 'ethnicity', notIn: ['Mixed'] }] };
const MIXED_RAW = { ...TABLE, filters: [{ field: 'ethnicity', in: ['Mixed'] }], disclosure: null };

interface Grid {
  rows: string[];
  cols: string[];
  /** Row label -> the printed numbers of the row (null where suppressed), the total last. */
  values: Map<string, (number | null)[]>;
  footnote: string;
}

function readCsv(path: string): Grid {
  const [head, ...lines] = readFileSync(path, 'utf8')
    .replace(/^\uFEFF/, '')
    .split('\n');
  const cols = head!.split(',').slice(1, -1);
  const values = new Map<string, (number | null)[]>();
  const rows: string[] = [];
  for (const line of lines) {
    if (line.trim() === '') break;
    const [label, ...cells] = line.split(',');
    values.set(
      label!,
      cells.map((c) => (c === '[c]' ? null : Number(c))),
    );
    if (label !== 'Total') rows.push(label!);
  }
  return { rows, cols, values, footnote: lines.filter((l) => l.startsWith('#')).join('\n') };
}

function writeSpec(name: string, spec: unknown): string {
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(spec));
  return path;
}

function query(spec: unknown): { counts: (number | null)[][]; rows: { keys: string[][] }; cols: { keys: string[][] } } {
  const run = vso('query', file, '--spec', writeSpec('q', spec));
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as ReturnType<typeof query>;
}

/** Every number a grid printed, as what it covers of district x offence group x ethnicity. */
function printedOf(grid: Grid, ethnicity: string[] | null): Printed[] {
  const printed: Printed[] = [];
  const base: Record<string, string[]> = ethnicity ? { ethnicity } : {};
  for (const [label, cells] of grid.values) {
    cells.forEach((value, j) => {
      if (value === null) return;
      const cover: Record<string, string[]> = { ...base };
      if (label !== 'Total') cover.district = [label];
      if (j < grid.cols.length) cover.offence_group = [grid.cols[j]!];
      printed.push({ cover, value });
    });
  }
  return printed;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vso-cli-release-'));
  file = join(dir, 'sample.vsow');
  const created = vso('--json', 'sample', file);
  expect(created.code, created.stderr).toBe(0);
}, 180_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a release protected as a whole', () => {
  it('a table and the same table without Mixed, exported one after the other, give no Mixed count back', async () => {
    const first = join(dir, 'all.csv');
    const second = join(dir, 'without-mixed.csv');
    const a = vso(
      'export',
      'table',
      file,
      '--spec',
      writeSpec('all', TABLE),
      '--out',
      first,
      '--title',
      'Victims by district',
    );
    expect(a.code, a.stderr).toBe(0);

    // Checked before it is exported: alone it passes, against the open release it does not, and
    // the check names the output that narrows the Mixed counts and what the export would hide.
    const withoutSpec = writeSpec('without', WITHOUT_MIXED);
    const checkedAlone = vso('--json', 'disclosure', 'check', file, '--spec', withoutSpec, '--alone');
    expect(checkedAlone.code, checkedAlone.stderr).toBe(0);
    expect(JSON.parse(checkedAlone.stdout)).not.toHaveProperty('release');
    const check = vso('--json', 'disclosure', 'check', file, '--spec', withoutSpec);
    expect(check.code, check.stderr).toBe(1);
    const checked = JSON.parse(check.stdout) as {
      ok: boolean;
      release: {
        against: string[];
        narrowed: {
          label: string;
          value: number;
          lower: number;
          upper: number | null;
          by: string[];
          already: boolean;
        }[];
        export: { reason: string }[];
      };
    };
    expect(checked.ok).toBe(false);
    expect(checked.release.against).toEqual([expect.stringMatching(/^‘Victims by district’, exported /)]);
    const mixedNarrowed = checked.release.narrowed.filter((n) =>
      /ethnicity one of Mixed|ethnicity Mixed/.test(n.label),
    );
    expect(mixedNarrowed.length).toBeGreaterThan(0);
    for (const n of mixedNarrowed) {
      expect(n.value).toBeGreaterThan(0);
      expect(n.value).toBeLessThan(THRESHOLD);
      expect((n.upper ?? Infinity) - n.lower + 1).toBeLessThan(THRESHOLD);
      expect(n.by).toEqual([checked.release.against[0]]);
      expect(n.already).toBe(false);
    }
    expect(checked.release.export.length).toBeGreaterThan(0);
    const text = vso('disclosure', 'check', file, '--spec', withoutSpec);
    expect(text.stdout).toMatch(/NARROWED with ‘Victims by district’/);
    expect(vso('disclosure', 'check', file, '--spec', withoutSpec, '--release', '99').stderr).toMatch(
      /no release number 99/,
    );

    const b = vso('export', 'table', file, '--spec', withoutSpec, '--out', second);
    expect(b.code, b.stderr).toBe(0);
    const all = readCsv(first);
    const without = readCsv(second);
    const mixed = query(MIXED_RAW);
    const small: { district: string; offence: string; value: number }[] = [];
    mixed.counts.forEach((line, i) =>
      line.forEach((value, j) => {
        if (value !== null && value > 0 && value < THRESHOLD)
          small.push({ district: mixed.rows.keys[i]![0]!, offence: mixed.cols.keys[j]![0]!, value });
      }),
    );
    expect(small.length).toBeGreaterThan(10);

    // The attack as the intruder made it works on the second table protected alone (vso query).
    const alone = query(WITHOUT_MIXED);
    const revealedAlone = small.filter(({ district, offence, value }) => {
      const i = alone.rows.keys.findIndex((k) => k[0] === district);
      const j = alone.cols.keys.findIndex((k) => k[0] === offence);
      const total = all.values.get(district)?.[all.cols.indexOf(offence)];
      const part = alone.counts[i]![j];
      return total !== null && total !== undefined && part !== null && part !== undefined && total - part === value;
    });
    expect(revealedAlone.length).toBeGreaterThan(0);

    // Against what was exported, no difference of two printed cells gives a small Mixed count.
    for (const { district, offence } of small) {
      const j = all.cols.indexOf(offence);
      const whole = all.values.get(district)![j];
      const part = without.values.get(district)![j];
      expect(whole === null || part === null, `${district} x ${offence}`).toBe(true);
    }
    // Nor can an attacker with every printed number and its own LP narrow one to fewer than 5 values.
    const attacker = new ReleaseAttacker({
      district: all.rows,
      offence_group: all.cols,
      ethnicity: ['Mixed', 'Other'],
    });
    const printed = [...printedOf(all, null), ...printedOf(without, ['Other'])];
    for (const { district, offence, value } of small) {
      const range = await attacker.range(printed, {
        district: [district],
        offence_group: [offence],
        ethnicity: ['Mixed'],
      });
      expect(range.upper - range.lower + 1, `${district} x ${offence} = ${value}`).toBeGreaterThanOrEqual(THRESHOLD);
    }
    expect(without.footnote).toMatch(/cells hidden because of ‘Victims by district’, exported \d{4}-\d{2}-\d{2}/);
  }, 480_000);

  it('the register lists both exports with why cells were hidden; a new release starts afresh, audited', () => {
    const listed = vso('--json', 'publications', 'list', file);
    expect(listed.code, listed.stderr).toBe(0);
    const publications = JSON.parse(listed.stdout) as Array<{
      title: string;
      kind: string;
      destination: string;
      cellsHidden: number;
      reasons: { reason: string; cells: number }[];
    }>;
    expect(publications.map((p) => p.title)).toEqual(['victims: District by Offence group', 'Victims by district']);
    expect(publications[1]!.destination).toBe(join(dir, 'all.csv'));
    expect(publications[0]!.reasons[0]).toMatchObject({ reason: expect.stringContaining('Victims by district') });
    expect(publications[0]!.reasons[0]!.cells).toBeGreaterThan(0);

    const started = vso('--json', 'release', 'start', file, '--name', 'Needs assessment 2027');
    expect(started.code, started.stderr).toBe(0);
    const releases = JSON.parse(vso('--json', 'release', 'list', file).stdout) as Array<{
      name: string;
      endedAt: string | null;
      publications: number;
    }>;
    expect(releases[0]).toMatchObject({ name: 'Needs assessment 2027', endedAt: null, publications: 0 });
    expect(releases[1]).toMatchObject({ publications: 2 });
    expect(releases[1]!.endedAt).not.toBeNull();
    const audit = JSON.parse(vso('--json', 'audit', 'list', file, '--action', 'release.start').stdout) as Array<{
      detail: { name: string; ended: string };
    }>;
    expect(audit[0]!.detail).toMatchObject({ name: 'Needs assessment 2027', endedPublications: 2 });

    const again = join(dir, 'again.csv');
    const b = vso('export', 'table', file, '--spec', join(dir, 'without.json'), '--out', again);
    expect(b.code, b.stderr).toBe(0);
    expect(readCsv(again).footnote).not.toMatch(/hidden because of/);
    const exported = JSON.parse(vso('--json', 'audit', 'list', file, '--action', 'export.table').stdout) as Array<{
      detail: { publication: number; release: string };
    }>;
    expect(exported[0]!.detail.release).toBe('Needs assessment 2027');
  }, 480_000);
});
