// Lines repeated across files, not only within one: each stored record keeps a keyed hash of its
// source line (migration 011), so a file that overlaps what the workspace holds has its repeated
// lines found. On the real files: the stop-and-search file (no identifiers) through `vso` as a
// real process keeps and counts an overlap by default and rejects it with --duplicates reject;
// the street file with its Crime ID as record reference rejects the repeated crimes and keeps
// the repeated anti-social behaviour lines. Expected counts come from a second reading of the
// lines (sets of strings). Deleting a batch deletes its hashes; the hashes are keyed.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyedLineHashes, lineHashKey } from '../../../src-main/import/lineHash.ts';
import { runImport } from '../../../src-main/import/runImport.ts';
import { storedLineHashes } from '../../../src-main/store/lineHashes.ts';
import { Workspace } from '../../../src-main/store/workspace.ts';
import { runVso } from '../../helpers/cli.ts';
import { count, createWorkspace, PASSPHRASE, TempDir } from './importTestKit.ts';

const REAL = join(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/real');
const STOP_SEARCH = join(REAL, '2019-08-cambridgeshire-stop-and-search.csv');
const STREET = join(REAL, '2019-08-cambridgeshire-street.csv');

const dir = new TempDir();
afterAll(() => dir.remove());
const vso = (args: string[]) => runVso(args, { VSO_PASSPHRASE: PASSPHRASE }, 120_000);

function readLines(path: string): { header: string; lines: string[] } {
  const [header = '', ...rest] = readFileSync(path, 'utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/);
  return { header, lines: rest.filter((l) => l !== '') };
}

interface CliResult {
  batchId: number;
  accepted: number;
  rejected: number;
  reasons: Record<string, number>;
  duplicates: number;
  duplicatesKept: number;
  alreadyInWorkspace: number;
  warnings: string[];
}

function hashesOf(ws: Workspace, batchId: number): number {
  return count(ws, 'SELECT coalesce(sum(length(hashes)), 0) / 8 AS n FROM line_hashes WHERE batch_id = ?', batchId);
}

describe('the stop-and-search file imported twice over (no record reference)', () => {
  const file = dir.file('searches.vsow');
  const raw = readLines(STOP_SEARCH);
  const profile = dir.write(
    'profile.json',
    JSON.stringify({
      recodes: { outcome_group: { 'A no further action disposal': 'Other', Arrest: 'Other' } },
      unmapped: 'unknown',
    }),
  );
  const part = (name: string, from: number, to: number) =>
    dir.write(name, `${raw.header}\n${raw.lines.slice(from, to).join('\n')}\n`);
  const importFile = (path: string, ...more: string[]): CliResult => {
    const run = vso([
      '--json',
      'import',
      file,
      '--cohort',
      'suspects',
      '--input',
      path,
      '--profile-file',
      profile,
      ...more,
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    return JSON.parse(run.stdout) as CliResult;
  };
  let first: CliResult;
  beforeAll(() => Workspace.create(file, PASSPHRASE).close());

  it('stores a hash for each record of the first file, and finds no repeat', () => {
    first = importFile(STOP_SEARCH);
    expect(first).toMatchObject({ accepted: raw.lines.length, duplicates: 0, alreadyInWorkspace: 0 });
    const ws = Workspace.open(file, PASSPHRASE);
    try {
      expect(hashesOf(ws, first.batchId)).toBe(raw.lines.length);
    } finally {
      ws.close();
    }
  });

  it('keeps and counts the lines of an overlapping file by default, as the dry run predicts', () => {
    const overlap = part('last-51.csv', 150, 201);
    const dry = vso([
      '--json',
      'import',
      file,
      '--cohort',
      'suspects',
      '--input',
      overlap,
      '--profile-file',
      profile,
      '--dry-run',
    ]);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ duplicates: 51, alreadyInWorkspace: 51, duplicatesKept: 51 });
    const result = importFile(overlap);
    expect(result).toMatchObject({
      accepted: 51,
      rejected: 0,
      duplicates: 51,
      duplicatesKept: 51,
      alreadyInWorkspace: 51,
    });
    // The file repeats none of its own lines: the warnings say where the repeats come from.
    expect(result.warnings.join(' ')).toMatch(
      /51 line\(s\) repeat, in every column, a line the workspace already holds/,
    );
    expect(result.warnings.join(' ')).not.toMatch(/repeat an earlier line/);
  });

  it('rejects them with --duplicates reject, each with its reason', () => {
    const result = importFile(part('from-100.csv', 100, 201), '--duplicates', 'reject');
    expect(result).toMatchObject({ accepted: 0, rejected: 101, reasons: { duplicate: 101 }, alreadyInWorkspace: 101 });
    const ws = Workspace.open(file, PASSPHRASE);
    try {
      expect(count(ws, 'SELECT count(*) AS n FROM suspects')).toBe(raw.lines.length + 51);
      const reason = ws.db
        .prepare('SELECT reasons FROM rejected_rows WHERE batch_id = ? LIMIT 1')
        .get(result.batchId) as {
        reasons: string;
      };
      expect(reason.reasons).toContain('a line already in the workspace');
    } finally {
      ws.close();
    }
  });

  it('forgets the lines of a deleted batch', () => {
    const ws = Workspace.open(file, PASSPHRASE);
    try {
      ws.deleteBatch(first.batchId);
      expect(hashesOf(ws, first.batchId)).toBe(0);
    } finally {
      ws.close();
    }
    // Lines 0-149 were only in the deleted batch; 150-200 are still in the second one.
    const result = importFile(part('first-160.csv', 0, 160));
    expect(result).toMatchObject({ accepted: 160, duplicates: 10, alreadyInWorkspace: 10 });
  });
});

describe('the street file with its Crime ID as record reference, imported in two overlapping parts', () => {
  let ws: Workspace;
  beforeAll(() => {
    ws = createWorkspace(dir, 'street.vsow');
  });
  afterAll(() => ws.close());

  it('rejects the crimes already imported and keeps the repeated anti-social behaviour lines', async () => {
    const raw = readLines(STREET);
    // The file has months, not days: each line gains the month's first day.
    const lines = raw.lines.map((l) => `01/08/2019,${l}`);
    const header = `Date,${raw.header}`;
    const firstPart = lines.slice(0, 4000);
    const secondPart = lines.slice(3000);
    const a = dir.write('street-a.csv', `${header}\n${firstPart.join('\n')}\n`);
    const b = dir.write('street-b.csv', `${header}\n${secondPart.join('\n')}\n`);
    const hasId = (line: string) => line.split(',')[1] !== '';

    // The second reading: a line repeats when the first part has it or the second part had it earlier.
    const inFirst = new Set(firstPart);
    const seen = new Set<string>();
    let repeats = 0;
    let repeatsWithId = 0;
    let alreadyThere = 0;
    for (const line of secondPart) {
      const stored = inFirst.has(line);
      if (stored) alreadyThere++;
      if (stored || seen.has(line)) {
        repeats++;
        if (hasId(line)) repeatsWithId++;
      }
      seen.add(line);
    }
    expect(alreadyThere).toBeGreaterThanOrEqual(1000);
    expect(repeatsWithId).toBeGreaterThan(0);
    expect(repeats - repeatsWithId).toBeGreaterThan(0);

    const options = { cohort: 'victims' as const, unmapped: 'unknown' as const };
    const before = await runImport(ws, { ...options, path: a });
    const result = await runImport(ws, { ...options, path: b });
    expect(result.mapping.columns.find((c) => c.source === 'Crime ID')?.target).toBe('record_ref');
    expect(result.alreadyInWorkspace).toBe(alreadyThere);
    expect(result.duplicates).toBe(repeats);
    expect(result.reasons).toEqual({ duplicate: repeatsWithId });
    expect(result.duplicatesKept).toBe(repeats - repeatsWithId);
    expect(result.accepted).toBe(secondPart.length - repeatsWithId);
    expect(count(ws, 'SELECT count(*) AS n FROM victims')).toBe(before.accepted + result.accepted);
    expect(hashesOf(ws, result.batchId)).toBe(result.accepted);
  });
});

describe('the keyed line hash', () => {
  it('depends on the secret and the dataset, and is an integer below 2^52', () => {
    const hashes = [0, 1, 2 ** 52 - 1, 123_456_789_012];
    const secret = new Uint8Array(32).fill(7);
    const other = new Uint8Array(32).fill(8);
    const keyed = keyedLineHashes(lineHashKey(secret, 'victims'), hashes);
    expect(keyedLineHashes(lineHashKey(secret, 'victims'), hashes)).toEqual(keyed);
    for (const h of keyed) expect(Number.isInteger(h) && h >= 0 && h < 2 ** 52).toBe(true);
    expect(new Set(keyed).size).toBe(hashes.length);
    // No stored value is the line's own hash, and another secret or dataset gives other values.
    for (let i = 0; i < hashes.length; i++) expect(keyed[i]).not.toBe(hashes[i]);
    const elsewhere = keyedLineHashes(lineHashKey(other, 'victims'), hashes);
    const otherDataset = keyedLineHashes(lineHashKey(secret, 'suspects'), hashes);
    for (let i = 0; i < hashes.length; i++) {
      expect(elsewhere[i]).not.toBe(keyed[i]);
      expect(otherDataset[i]).not.toBe(keyed[i]);
    }
  });

  it('reads back what an import stored, only for its dataset', async () => {
    const ws = createWorkspace(dir, 'keyed.vsow');
    try {
      const path = dir.write('two.csv', 'Offence Date,Gender,District\n01/05/2021,F,Cambridge\n02/05/2021,M,Fenland\n');
      const result = await runImport(ws, { cohort: 'victims', path, unmapped: 'unknown' });
      expect(storedLineHashes(ws.db, 'victims')).toHaveLength(result.accepted);
      expect(storedLineHashes(ws.db, 'suspects')).toHaveLength(0);
    } finally {
      ws.close();
    }
  });
});

describe('a retention purge', () => {
  it('forgets the line hashes of a batch that lost records, so purged records can come back', async () => {
    const ws = createWorkspace(dir, 'purge.vsow');
    try {
      const lines = ['Offence Date,Gender,District', '01/05/2015,F,Cambridge', '02/05/2024,M,Fenland'];
      const path = dir.write('old-and-new.csv', lines.join('\n'));
      const first = await runImport(ws, { cohort: 'victims', path, unmapped: 'unknown' });
      expect(storedLineHashes(ws.db, 'victims')).toHaveLength(2);
      await ws.purgeRetention(5, '2025-01-01');
      expect(count(ws, 'SELECT count(*) AS n FROM victims')).toBe(1);
      expect(hashesOf(ws, first.batchId)).toBe(0);
      const again = await runImport(ws, { cohort: 'victims', path, unmapped: 'unknown', onDuplicateFile: 'import' });
      expect(again.alreadyInWorkspace).toBe(0);
    } finally {
      ws.close();
    }
  });
});

describe('a street file overlapping the context dataset it joins', () => {
  const file = dir.file('context.vsow');
  const raw = readLines(STREET);
  const overlap = dir.write('street-tail.csv', `${raw.header}\n${raw.lines.slice(6000).join('\n')}\n`);
  const again = dir.write('street-tail-2.csv', `${raw.header}\n${raw.lines.slice(7000).join('\n')}\n`);
  beforeAll(() => Workspace.create(file, PASSPHRASE).close());

  it('keeps and counts the lines the dataset holds, or rejects them with --duplicates reject', () => {
    const first = vso(['--json', 'import', file, '--context', 'street', '--input', STREET]);
    expect(first.code).toBe(0);
    const kept = vso(['--json', 'import', file, '--context', 'street', '--input', overlap]);
    expect(kept.stderr).toBe('');
    expect(kept.code).toBe(0);
    const tail = raw.lines.slice(6000);
    // Every line of the tail is in the dataset already (it came with the whole month).
    expect(JSON.parse(kept.stdout)).toMatchObject({ rows: raw.lines.length + tail.length });
    const keptFile = (JSON.parse(kept.stdout) as { files: Array<{ alreadyInWorkspace: number; rows: number }> })
      .files[0];
    expect(keptFile).toMatchObject({ alreadyInWorkspace: tail.length, rows: tail.length });

    const dropped = vso(['--json', 'import', file, '--context', 'street', '--input', again, '--duplicates', 'reject']);
    expect(dropped.code).toBe(0);
    const droppedFile = (
      JSON.parse(dropped.stdout) as {
        files: Array<{ alreadyInWorkspace: number; rows: number; rejected: Array<{ reason: string }> }>;
      }
    ).files[0];
    const last = raw.lines.slice(7000);
    expect(droppedFile).toMatchObject({ alreadyInWorkspace: last.length, rows: 0 });
    expect(droppedFile?.rejected[0]?.reason).toMatch(/already in the dataset/);
  });
});
