// Real police.uk files (fixtures/real, Open Government Licence): the stop-and-search file as
// suspects keeps every one of its 201 searches (no two lines alike, no identifiers), with the
// ethnic groups, days and age bands a second, simple reading of the raw file gives; the
// command line lists unmapped values and commits nothing, recodes from a profile file, and
// its dry run shows where each value goes. The street file's repeated anti-social behaviour
// lines stay distinct incidents while a crime repeated under its Crime ID is dropped.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../../src-main/engine/engine.ts';
import { runImport } from '../../../src-main/import/runImport.ts';
import { Workspace } from '../../../src-main/store/workspace.ts';
import { runVso } from '../../helpers/cli.ts';
import { count, createWorkspace, PASSPHRASE, TempDir } from './importTestKit.ts';
import { parseQuerySpec } from '../../../shared/query.ts';

const REAL = join(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/real');
const STOP_SEARCH = join(REAL, '2019-08-cambridgeshire-stop-and-search.csv');
const STREET = join(REAL, '2019-08-cambridgeshire-street.csv');

const dir = new TempDir();
afterAll(() => dir.remove());
const vso = (args: string[]) => runVso(args, { VSO_PASSPHRASE: PASSPHRASE });

/** The second reading: lines split on commas (these files quote nothing). */
function readLines(path: string): { header: string[]; lines: string[]; rows: string[][] } {
  const [head = '', ...rest] = readFileSync(path, 'utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/);
  const lines = rest.filter((l) => l !== '');
  return { header: head.split(','), lines, rows: lines.map((l) => l.split(',')) };
}

/** A census label's group from its own words: the part before " - ", "Not stated" after it or blank. */
function groupOfLabel(label: string): string {
  const [group = '', category = ''] = label.split(' - ');
  if (label.trim() === '' || category.trim() === 'Not stated') return 'Not stated';
  for (const name of ['White', 'Mixed', 'Asian', 'Black', 'Other']) if (group.startsWith(name)) return name;
  return `unread: ${label}`;
}

function tally(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

function stored(ws: Workspace, column: string, batchId: number): Record<string, number> {
  const rows = ws.db
    .prepare(
      `SELECT coalesce(c.label, '(blank)') AS label, count(*) AS n FROM suspects s
       LEFT JOIN categories c ON c.column_name = ? AND c.code = s."${column}"
       WHERE s.batch_id = ? GROUP BY 1`,
    )
    .all(column, batchId) as Array<{ label: string; n: number }>;
  return Object.fromEntries(rows.map((r) => [r.label, r.n]));
}

describe('the stop-and-search file as suspects', () => {
  const file = dir.file('real.vsow');
  const raw = readLines(STOP_SEARCH);
  const at = (name: string): number => raw.header.indexOf(name);
  const profile = dir.write(
    'stop-search-profile.json',
    JSON.stringify({
      columns: [{ source: 'Self-defined ethnicity', target: 'ethnicity', kind: 'category' }],
      recodes: {
        outcome_group: { 'A no further action disposal': 'Other', Arrest: 'Other' },
        age_band: { 'over 34': 'Unknown' },
      },
    }),
  );
  beforeAll(() => Workspace.create(file, PASSPHRASE).close());

  it('is what its SOURCE says: 201 searches, no two lines alike', () => {
    expect(raw.lines).toHaveLength(201);
    expect(new Set(raw.lines).size).toBe(201);
  });

  it('stops with the unmapped values and their counts, and commits nothing', () => {
    const run = vso(['import', file, '--cohort', 'suspects', '--input', STOP_SEARCH]);
    expect(run.code).toBe(1);
    const overThirtyFour = raw.rows.filter((r) => r[at('Age range')] === 'over 34').length;
    const arrests = raw.rows.filter((r) => r[at('Outcome')] === 'Arrest').length;
    expect(run.stderr).toContain(`"over 34" (${overThirtyFour})`);
    expect(run.stderr).toContain(`"Arrest" (${arrests})`);
    const ws = Workspace.open(file, PASSPHRASE);
    try {
      expect(count(ws, 'SELECT count(*) AS n FROM import_batches')).toBe(0);
      expect(count(ws, 'SELECT count(*) AS n FROM suspects')).toBe(0);
    } finally {
      ws.close();
    }
  });

  it('dry run: lists where each value goes, imports nothing, and exits 4 for the values it cannot place', () => {
    const run = vso(['--json', 'import', file, '--cohort', 'suspects', '--input', STOP_SEARCH, '--dry-run']);
    expect(run.code).toBe(4);
    const report = JSON.parse(run.stdout) as {
      values: Array<{ source: string; values: Array<{ value: string; count: number; label: string; how: string }> }>;
      unmapped: Array<{ column: string; values: Array<{ value: string; count: number }> }>;
      wouldAccept: number;
      blocker: string | null;
    };
    const ethnicity = report.values.find((v) => v.source === 'Self-defined ethnicity')?.values ?? [];
    const notStated = raw.rows.filter((r) => r[at('Self-defined ethnicity')] === 'Other ethnic group - Not stated');
    expect(ethnicity.find((v) => v.value === 'Other ethnic group - Not stated')).toEqual({
      value: 'Other ethnic group - Not stated',
      count: notStated.length,
      label: 'Not stated',
      how: 'standard',
    });
    const ages = report.values.find((v) => v.source === 'Age range')?.values ?? [];
    expect(ages.find((v) => v.value === 'under 10')).toMatchObject({ label: '0-9', how: 'standard' });
    expect(ages.find((v) => v.value === 'over 34')).toMatchObject({ label: null, how: 'unmapped' });
    expect(report.unmapped.map((u) => u.column).sort()).toEqual(['age_band', 'outcome_group']);
    expect(report.blocker).toMatch(/no sure category/);
    const ws = Workspace.open(file, PASSPHRASE);
    try {
      expect(count(ws, 'SELECT count(*) AS n FROM suspects')).toBe(0);
    } finally {
      ws.close();
    }
  });

  it('dry run with the profile file: the import would succeed, exit 0', () => {
    const run = vso([
      '--json',
      'import',
      file,
      '--cohort',
      'suspects',
      '--input',
      STOP_SEARCH,
      '--profile-file',
      profile,
      '--dry-run',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { blocker: string | null; wouldAccept: number };
    expect(report).toMatchObject({ blocker: null, wouldAccept: raw.lines.length });
  });

  it('keeps all 201 searches, with the ethnic groups, days and age bands of a second reading', () => {
    const run = vso([
      '--json',
      'import',
      file,
      '--cohort',
      'suspects',
      '--input',
      STOP_SEARCH,
      '--profile-file',
      profile,
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as {
      batchId: number;
      rowsRead: number;
      accepted: number;
      rejected: number;
      reasons: Record<string, number>;
      duplicates: number;
    };
    expect(result).toMatchObject({ rowsRead: 201, accepted: 201, rejected: 0, reasons: {}, duplicates: 0 });

    const groups = tally(raw.rows.map((r) => groupOfLabel(r[at('Self-defined ethnicity')] ?? '')));
    expect(groups['Not stated']).toBe(32);
    expect(groups.Other).toBe(2);
    // Days in Europe/London, read by the platform's time-zone database.
    const london = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });
    const days = tally(raw.rows.map((r) => london.format(new Date(r[at('Date')] ?? ''))));
    const ages = tally(
      raw.rows.map((r) => {
        const range = r[at('Age range')] ?? '';
        return range === 'under 10' ? '0-9' : range === '' || range === 'over 34' ? 'Unknown' : range;
      }),
    );
    const ws = Workspace.open(file, PASSPHRASE);
    try {
      expect(stored(ws, 'ethnicity', result.batchId)).toEqual(groups);
      expect(stored(ws, 'age_band', result.batchId)).toEqual(ages);
      const storedDays = ws.db
        .prepare('SELECT date, count(*) AS n FROM suspects WHERE batch_id = ? GROUP BY date')
        .all(result.batchId) as Array<{ date: string; n: number }>;
      expect(Object.fromEntries(storedDays.map((d) => [d.date, d.n]))).toEqual(days);
    } finally {
      ws.close();
    }
  });
});

describe('the street file: repeated lines', () => {
  let ws: Workspace;
  beforeAll(() => {
    ws = createWorkspace(dir, 'street.vsow');
  });
  afterAll(() => ws.close());

  it('keeps anti-social behaviour lines that repeat (no Crime ID), drops a crime repeated under its Crime ID', async () => {
    const raw = readLines(STREET);
    // The file has months, not days: each line gains the month's first day, which keeps lines
    // alike alike and lines that differ different.
    const lines = raw.lines.map((l) => `01/08/2019,${l}`);
    // One crime (with its Crime ID) repeated, as an extract cut twice would repeat it.
    const crime = lines.find((l) => l.split(',')[1] !== '') as string;
    lines.push(crime);
    const path = dir.write('street-with-days.csv', `Date,${raw.header.join(',')}\n${lines.join('\n')}\n`);

    const seen = new Set<string>();
    let repeats = 0;
    let repeatsWithId = 0;
    for (const line of lines) {
      if (seen.has(line)) {
        repeats++;
        if (line.split(',')[1] !== '') repeatsWithId++;
      } else seen.add(line);
    }
    expect(repeatsWithId).toBe(1);

    const result = await runImport(ws, { cohort: 'victims', path, unmapped: 'unknown' });
    expect(result.mapping.columns.find((c) => c.source === 'Crime ID')?.target).toBe('record_ref');
    expect(result.duplicates).toBe(repeats);
    expect(result.reasons).toEqual({ duplicate: repeatsWithId });
    expect(result.duplicatesKept).toBe(repeats - repeatsWithId);
    expect(result.accepted).toBe(lines.length - repeatsWithId);
    expect(count(ws, 'SELECT count(*) AS n FROM victims')).toBe(lines.length - repeatsWithId);
  });
});

describe('a stop-and-search file without its header line, as suspects', () => {
  const file = dir.file('headerless-searches.vsow');
  const raw = readLines(STOP_SEARCH);
  const at = (name: string): number => raw.header.indexOf(name);
  const headed = dir.write('first-100.csv', `${raw.header.join(',')}\n${raw.lines.slice(0, 100).join('\n')}\n`);
  const headerless = dir.write('rest-headerless.csv', `${raw.lines.slice(100).join('\n')}\n`);
  const profile = dir.write(
    'recodes.json',
    JSON.stringify({ recodes: { outcome_group: { 'A no further action disposal': 'Other', Arrest: 'Other' } } }),
  );
  beforeAll(() => Workspace.create(file, PASSPHRASE).close());

  it('is refused as it is, naming line 1, and imported by the saved profile’s columns with --no-header', () => {
    const first = vso([
      'import',
      file,
      '--cohort',
      'suspects',
      '--input',
      headed,
      '--profile-file',
      profile,
      '--save-profile',
      'searches',
      '--unmapped',
      'unknown',
    ]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);

    const refused = vso(['import', file, '--cohort', 'suspects', '--input', headerless, '--profile', 'searches']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/rest-headerless\.csv, line 1: this looks like data, not a header line/);
    expect(refused.stderr).toMatch(/--no-header/);

    const run = vso([
      '--json',
      'import',
      file,
      '--cohort',
      'suspects',
      '--input',
      headerless,
      '--profile',
      'searches',
      '--no-header',
      '--unmapped',
      'unknown',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { batchId: number; accepted: number; duplicates: number };
    expect(result).toMatchObject({ accepted: raw.lines.length - 100, duplicates: 0 });
    const groups = tally(raw.rows.slice(100).map((r) => groupOfLabel(r[at('Self-defined ethnicity')] ?? '')));
    const ws = Workspace.open(file, PASSPHRASE);
    try {
      expect(stored(ws, 'ethnicity', result.batchId)).toEqual(groups);
      const lines = ws.db.prepare('SELECT min(source_row) AS a, max(source_row) AS b FROM suspects WHERE batch_id = ?');
      expect(lines.get(result.batchId)).toEqual({ a: 1, b: raw.lines.length - 100 });
    } finally {
      ws.close();
    }
  });
});

describe('the stop-and-search age ranges kept as recorded beside the bands', () => {
  const file = dir.file('source-bands.vsow');
  const raw = readLines(STOP_SEARCH);
  const at = (name: string): number => raw.header.indexOf(name);
  const profile = dir.write(
    'outcomes.json',
    JSON.stringify({ recodes: { outcome_group: { 'A no further action disposal': 'Other', Arrest: 'Other' } } }),
  );
  const args = ['--json', 'import', file, '--cohort', 'suspects', '--input', STOP_SEARCH, '--profile-file', profile];
  beforeAll(() => Workspace.create(file, PASSPHRASE).close());

  it('makes "over 34" Unknown in the age band and keeps every range as written in its own column, a dimension', async () => {
    const dry = vso([...args, '--source-bands', 'column', '--dry-run']);
    expect(dry.code).toBe(0);
    const run = vso([...args, '--source-bands', 'column']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { batchId: number; accepted: number };
    expect(result.accepted).toBe(raw.lines.length);

    const ranges = raw.rows.map((r) => r[at('Age range')] ?? '');
    const bands = tally(ranges.map((v) => (v === 'under 10' ? '0-9' : v === '' || v === 'over 34' ? 'Unknown' : v)));
    const recorded = tally(ranges.map((v) => (v === '' ? 'Unknown' : v.charAt(0).toUpperCase() + v.slice(1))));
    expect(recorded['Over 34']).toBeGreaterThan(0);
    const ws = Workspace.open(file, PASSPHRASE);
    const engine = createEngine();
    try {
      expect(stored(ws, 'age_band', result.batchId)).toEqual(bands);
      await engine.loadFromStore(ws.db, ws.codebook());
      const table = await engine.query(
        parseQuerySpec({ cohort: 'suspects', rows: ['age_band_as_recorded'], disclosure: null }),
      );
      const counts = Object.fromEntries(table.rows.keys.map(([k], i) => [k, table.counts[i]?.[0]]));
      expect(counts).toEqual(recorded);
    } finally {
      await engine.dispose();
      ws.close();
    }
  });
});
