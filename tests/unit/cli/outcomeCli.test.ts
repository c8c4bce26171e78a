// `vso export outcome` run as a real process on a real workspace of generated suspects: the
// file it writes is read back and each printed median and quartile checked against the
// extract's own rows (jStat's type-7 percentile); it is recorded in the release's register; and
// after a persons table of the same suspects that it cannot be protected together with, the
// command prints a WARNING line naming it (never written into the file).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import jStat from 'jstat';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVso } from '../../helpers/cli.ts';

const percentile = (jStat as unknown as { percentile(values: number[], k: number): number }).percentile;
const PASS = 'cli outcome passphrase 42';
let dir: string;
let file: string;
let extract: string;

const vso = (...args: string[]) => runVso(args, { VSO_PASSPHRASE: PASS, VSO_CONFIG_DIR: dir }, 180_000);

function writeSpec(name: string, spec: unknown): string {
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(spec));
  return path;
}

/** Per "offence group|sex", the days from offence to outcome of the extract's rows, and their persons. */
function extractCells(): Map<string, { days: number[]; persons: Set<string> }> {
  const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
  const cells = new Map<string, { days: number[]; persons: Set<string> }>();
  const rows = parse(readFileSync(extract, 'utf8'), { columns: true, bom: true }) as Array<Record<string, string>>;
  for (const row of rows) {
    const from = row.date ?? '';
    const to = row.outcome_date ?? '';
    if (from === '' || to === '' || to < from) continue;
    const key = `${row.offence_group}|${row.sex}`;
    const cell = cells.get(key) ?? { days: [], persons: new Set<string>() };
    cell.days.push(day(to) - day(from));
    cell.persons.add(row.person_ref ?? '');
    cells.set(key, cell);
  }
  return cells;
}

/** The file's table lines (before its notes), as records keyed by header. */
function fileLines(path: string): Array<Record<string, string>> {
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  const table = text.split('\r\n\r\n')[0] ?? '';
  return parse(table, { columns: true }) as Array<Record<string, string>>;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vso-cli-outcome-'));
  file = join(dir, 'team.vsow');
  extract = join(dir, 'suspects.csv');
  for (const args of [
    ['workspace', 'create', file],
    ['fixtures', '--cohort', 'suspects', '--rows', '3000', '--seed', '3', '--dialect', 'canonical', '--out', extract],
    ['import', file, '--cohort', 'suspects', '--input', extract],
  ]) {
    const run = vso(...args);
    expect(run.code, run.stderr).toBe(0);
  }
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('vso export outcome', () => {
  it('writes the quartiles of the records behind each cell, and records it in the register', () => {
    const out = join(dir, 'outcome.csv');
    const spec = writeSpec('outcome', { rows: ['offence_group'], cols: ['sex'] });
    const run = vso('export', 'outcome', file, '--spec', spec, '--out', out, '--title', 'Days to outcome');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`wrote ${out}`);
    expect(run.stdout).not.toContain('WARNING');

    const cells = extractCells();
    const lines = fileLines(out).filter((l) => l['Offence group'] !== 'All' && l.Sex !== 'All');
    let printed = 0;
    for (const line of lines) {
      const cell = cells.get(`${line['Offence group']}|${line.Sex}`);
      const median = line['Median (days)'];
      if (cell === undefined) {
        expect(line.Records).toBe('0');
        continue;
      }
      if (median === '[c]') continue;
      printed++;
      expect(Number(line.Records)).toBe(cell.days.length);
      expect(cell.days.length).toBeGreaterThanOrEqual(5);
      expect(cell.persons.size).toBeGreaterThanOrEqual(5);
      expect(Number(line['Lower quartile (days)'])).toBeCloseTo(percentile(cell.days, 0.25), 9);
      expect(Number(median)).toBeCloseTo(percentile(cell.days, 0.5), 9);
      expect(Number(line['Upper quartile (days)'])).toBeCloseTo(percentile(cell.days, 0.75), 9);
    }
    expect(printed).toBeGreaterThan(5);
    // A cell with fewer than five records prints none of its numbers.
    for (const [key, cell] of cells) {
      if (cell.days.length >= 5) continue;
      const line = lines.find((l) => `${l['Offence group']}|${l.Sex}` === key);
      expect(line?.['Median (days)'], key).toBe('[c]');
    }

    const register = vso('publications', 'list', file);
    expect(register.code, register.stderr).toBe(0);
    expect(register.stdout).toContain('Days to outcome');
    expect(register.stdout).toContain(out);
  });

  it('prints a WARNING line for an earlier output it could not be protected together with, and keeps it out of the file', () => {
    const started = vso('release', 'start', file, '--name', 'With a persons table');
    expect(started.code, started.stderr).toBe(0);
    const persons = vso(
      'export',
      'table',
      file,
      '--spec',
      writeSpec('persons', {
        cohort: 'suspects',
        rows: ['district', 'sex'],
        cols: ['offence_group'],
        measure: 'persons',
        filters: [{ field: 'outcome_timed', equals: true }],
      }),
      '--out',
      join(dir, 'persons.csv'),
      '--title',
      'Suspects by district',
    );
    expect(persons.code, persons.stderr).toBe(0);
    const out = join(dir, 'outcome-2.csv');
    const run = vso(
      'export',
      'outcome',
      file,
      '--spec',
      writeSpec('o2', { rows: ['offence_group'], cols: ['sex'] }),
      '--out',
      out,
    );
    expect(run.code, run.stderr).toBe(0);
    const warnings = run.stdout.split('\n').filter((line) => line.startsWith('WARNING: '));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('Suspects by district');
    expect(readFileSync(out, 'utf8')).not.toMatch(/WARNING|Not protected together/);

    const json = vso(
      '--json',
      'export',
      'outcome',
      file,
      '--spec',
      writeSpec('o3', { rows: ['offence_group'], cols: ['sex'] }),
      '--out',
      join(dir, 'outcome-3.csv'),
    );
    expect(json.code, json.stderr).toBe(0);
    const parsed = JSON.parse(json.stdout) as { unlinked: Array<{ table: string; note: string }> };
    expect(parsed.unlinked.map((u) => u.note).join(' ')).toContain('Suspects by district');
  });

  it('refuses a spec with disclosure control off, and writes nothing', () => {
    const out = join(dir, 'raw.csv');
    const run = vso(
      'export',
      'outcome',
      file,
      '--spec',
      writeSpec('raw', { rows: ['sex'], disclosure: null }),
      '--out',
      out,
    );
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/disclosure control off/);
    expect(() => readFileSync(out)).toThrow();
  });
});
