// `vso import` run as a real process: a cohort extract with --json, a context dataset
// (--context NAME) with its columns inferred and its district derived, and the usage errors
// (exit 2) and failures (exit 1) of both forms.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVso } from '../../helpers/cli.ts';
import { Workspace } from '../../../src-main/store/workspace.ts';
import { count, fixture, PASSPHRASE, TempDir } from './importTestKit.ts';

const dir = new TempDir();
let file: string;
beforeAll(() => {
  file = dir.file('cli.vsow');
  Workspace.create(file, PASSPHRASE).close();
});
afterAll(() => dir.remove());

const vso = (args: string[]) => runVso(args, { VSO_PASSPHRASE: PASSPHRASE });

function inWorkspace<T>(work: (ws: Workspace) => T): T {
  const ws = Workspace.open(file, PASSPHRASE);
  try {
    return work(ws);
  } finally {
    ws.close();
  }
}

const STREET_HEADER =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';
const PLACES: Array<[string, string]> = [
  ['E01018088', 'Fenland 012A'],
  ['E01015620', 'Peterborough 004B'],
  ['E01017950', 'Cambridge 007C'],
];
const CRIME_TYPES = ['Burglary', 'Shoplifting', 'Violence and sexual offences', 'Anti-social behaviour'];

function streetCrime(rows: number): string {
  const lines = [STREET_HEADER];
  for (let i = 0; i < rows; i++) {
    const [code, name] = PLACES[i % PLACES.length] as [string, string];
    lines.push(
      [
        (i * 2654435761).toString(16).padStart(12, '0'),
        `2024-${String(1 + (i % 12)).padStart(2, '0')}`,
        'Cambridgeshire Constabulary',
        'Cambridgeshire Constabulary',
        (0.1 + (i % 50) / 1000).toFixed(6),
        (52.4 + (i % 70) / 1000).toFixed(6),
        `"On or near Road ${i}"`,
        code,
        name,
        CRIME_TYPES[i % CRIME_TYPES.length],
        'Under investigation',
        '',
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

describe('vso import --context', () => {
  it('imports a context dataset with inferred columns and prints JSON', () => {
    const input = dir.write('street.csv', streetCrime(600));
    const run = vso([
      '--json',
      'import',
      file,
      '--context',
      'street_crime',
      '--input',
      input,
      '--label',
      'Street crime 2024',
    ]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const result = JSON.parse(run.stdout) as {
      name: string;
      tableName: string;
      rows: number;
      columns: Array<{ name: string; source: string; kind: string; included: boolean }>;
      districtFrom: string | null;
      districts: Record<string, number>;
    };
    expect(result).toMatchObject({
      name: 'street_crime',
      tableName: 'ctx_street_crime',
      rows: 600,
      districtFrom: 'LSOA name',
    });
    expect(result.districts).toEqual({ Fenland: 200, Peterborough: 200, Cambridge: 200 });
    const kinds = Object.fromEntries(result.columns.map((c) => [c.source, c.kind]));
    expect(kinds).toMatchObject({ Month: 'month', Longitude: 'number', 'Crime type': 'category', Location: 'text' });
    expect(result.columns.find((c) => c.source === 'Location')?.included).toBe(false);

    inWorkspace((ws) => {
      expect(count(ws, 'SELECT count(*) AS n FROM ctx_street_crime')).toBe(600);
      expect(ws.db.prepare('SELECT label FROM context_datasets WHERE name = ?').get('street_crime')).toEqual({
        label: 'Street crime 2024',
      });
      const shoplifting = count(
        ws,
        `SELECT count(*) AS n FROM ctx_street_crime t JOIN context_categories k
         ON k.column_name = 'crime_type' AND k.code = t.crime_type WHERE k.label = 'Shoplifting'`,
      );
      expect(shoplifting).toBe(150);
      expect(ws.audit.list({ action: 'context.import' })).toHaveLength(1);
    });

    const human = vso(['import', file, '--context', 'street_crime_b', '--input', input]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^Context dataset "street_crime_b": 600 rows, \d+ columns/);
    expect(human.stdout).toMatch(/District from "LSOA name": Fenland 200/);
  });

  it('imports several files into one dataset in one call, a batch each', () => {
    const months = [dir.write('month-a.csv', streetCrime(120)), dir.write('month-b.csv', streetCrime(45))];
    const run = vso([
      '--json',
      'import',
      file,
      '--context',
      'months',
      '--input',
      months[0] as string,
      '--input',
      months[1] as string,
    ]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const result = JSON.parse(run.stdout) as {
      rows: number;
      files: Array<{ batchId: number; rows: number; appended: boolean }>;
    };
    expect(result.files.map((f) => [f.rows, f.appended])).toEqual([
      [120, false],
      [45, true],
    ]);
    expect(result.rows).toBe(165);
    inWorkspace((ws) => {
      const batches = ws.listBatches().filter((b) => b.cohort === 'context:months');
      expect(batches.map((b) => [b.fileName, b.accepted])).toEqual([
        ['month-b.csv', 45],
        ['month-a.csv', 120],
      ]);
      expect(count(ws, 'SELECT count(*) AS n FROM ctx_months')).toBe(165);
    });
  });

  it('refuses the same file in a dataset twice, a malformed name, and a missing file, with one line on stderr', () => {
    const input = dir.write('street-small.csv', streetCrime(30));
    expect(vso(['import', file, '--context', 'small', '--input', input]).code).toBe(0);
    // A dataset grows a file at a time: the same name adds a file, but not the same file twice.
    const taken = vso(['import', file, '--context', 'small', '--input', input]);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/^vso: street-small\.csv is already in the dataset "small" \(batch \d+/);
    expect(taken.stderr.trim().split('\n')).toHaveLength(1);
    const bad = vso(['import', file, '--context', 'Bad Name', '--input', input]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    const missing = vso(['import', file, '--context', 'nothing', '--input', dir.file('missing.csv')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/does not exist/);
  });
});

describe('vso import --cohort', () => {
  it('refuses an extract whose header line was lost, naming the line, and imports nothing', async () => {
    const own = dir.file('headerless.vsow');
    Workspace.create(own, PASSPHRASE).close();
    const extract = await fixture(dir, 'victims', 300, { seed: 32, dialect: 'canonical' });
    const [, ...records] = readFileSync(extract.path, 'utf8').split('\n');
    const headerless = dir.write('headerless.csv', records.join('\n'));
    const run = vso(['import', own, '--cohort', 'victims', '--input', headerless, '--unmapped', 'reject']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/headerless\.csv, line 1: this looks like data, not a header line/);
    const batches = (): number => {
      const ws = Workspace.open(own, PASSPHRASE);
      try {
        return count(ws, 'SELECT count(*) AS n FROM import_batches');
      } finally {
        ws.close();
      }
    };
    expect(batches()).toBe(0);
    // Its dry run names the same line as what would stop the import, and exits 4.
    const dry = vso(['--json', 'import', own, '--cohort', 'victims', '--input', headerless, '--dry-run']);
    expect(dry.code).toBe(4);
    expect((JSON.parse(dry.stdout) as { blocker: string }).blocker).toMatch(
      /headerless\.csv, line 1: this looks like data/,
    );
    // The same file with its header: the dry run would succeed (0), the import does.
    const args = ['import', own, '--cohort', 'victims', '--input', extract.path, '--unmapped', 'reject'];
    expect(vso([...args, '--dry-run']).code).toBe(0);
    expect(vso(args).code).toBe(0);
    expect(batches()).toBe(1);
    // Once imported, the dry run of the same file names it as the blocker; with --again it would succeed.
    const twice = vso(['--json', ...args, '--dry-run']);
    expect(twice.code).toBe(4);
    expect((JSON.parse(twice.stdout) as { blocker: string }).blocker).toMatch(/already imported \(batch \d+\)/);
    expect(vso([...args, '--dry-run', '--again']).code).toBe(0);
    expect(batches()).toBe(1);
  });

  it('prints batch, counts and reasons as JSON, and needs exactly one of --cohort and --context', async () => {
    const extract = await fixture(dir, 'victims', 2000, { seed: 31 });
    // A misspelt district: by default the values are listed with their counts and nothing is imported.
    const misspelt = dir.write(
      'misspelt.csv',
      'Offence Date,Gender,District\n01/05/2021,F,Cambrdige\n02/05/2021,M,Fenland\n03/05/2021,M,Cambrdige\n',
    );
    const stopped = vso(['import', file, '--cohort', 'victims', '--input', misspelt]);
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toMatch(/no sure category: district: "Cambrdige" \(2\)/);
    expect(inWorkspace((ws) => count(ws, 'SELECT count(*) AS n FROM victims'))).toBe(0);
    const unknown = vso([
      '--json',
      'import',
      file,
      '--cohort',
      'victims',
      '--input',
      misspelt,
      '--unmapped',
      'unknown',
    ]);
    expect(unknown.code).toBe(0);
    expect(JSON.parse(unknown.stdout)).toMatchObject({ accepted: 3, rejected: 0, unmappedKept: 2 });
    const run = vso(['--json', 'import', file, '--cohort', 'victims', '--input', extract.path, '--unmapped', 'reject']);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as {
      batchId: number;
      accepted: number;
      rejected: number;
      reasons: Record<string, number>;
    };
    expect(result.accepted + result.rejected).toBe(2000);
    expect(result.reasons.missing_date).toBeGreaterThan(0);
    expect(inWorkspace((ws) => count(ws, 'SELECT count(*) AS n FROM victims WHERE batch_id = ?', result.batchId))).toBe(
      result.accepted,
    );

    expect(vso(['import', file, '--input', extract.path]).code).toBe(2);
    const both = vso(['import', file, '--cohort', 'victims', '--context', 'x', '--input', extract.path]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/exactly one of --cohort/);
  });
});
