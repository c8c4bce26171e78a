// No byte of an imported workbook, nor of the records, reaches the disk outside the workspace
// and the exports the user asked for. Each run is a real process with TMPDIR and HOME pointed
// at fresh folders (Node fixes os.tmpdir() when it starts, so a child is needed), and every
// byte left in them is searched for the file's names and reference numbers: after an import
// that succeeds, one that fails, one that is cancelled, one killed with SIGKILL, and a
// record-level export.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { strToU8, unzipSync, zipSync, strFromU8 } from 'fflate';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVso } from '../../helpers/cli.ts';
import { Workspace } from '../../../src-main/store/workspace.ts';
import { openXlsx } from '../../../src-main/import/readXlsx.ts';
import { createWorkspace, fixture, PASSPHRASE, TempDir } from './importTestKit.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const dir = new TempDir();
const children: ChildProcess[] = [];
let book: string;
/** Names and reference numbers of the workbook, as the searched-for needles. */
let needles: string[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  dir.remove();
});

beforeAll(async () => {
  book = (await fixture(dir, 'victims', 30_000, { ext: 'xlsx', seed: 7 })).path;
  const source = await openXlsx(book);
  const ref = source.headers.indexOf('Nominal Ref');
  const name = source.headers.indexOf('Victim Name');
  expect(ref).toBeGreaterThanOrEqual(0);
  const found = new Set<string>();
  let row = 0;
  for await (const batch of source.batches()) {
    for (const { cells } of batch) {
      // Rows from the whole sheet (start, middle, end), so a temp file of any part is caught.
      if (row++ % 97 !== 0) continue;
      for (const value of [cells[ref], cells[name]]) if (value && value.trim().length >= 8) found.add(value.trim());
    }
  }
  needles = [...found];
  expect(needles.length).toBeGreaterThan(300);
}, 120_000);

interface Sandbox {
  tmp: string;
  home: string;
  env: Record<string, string>;
}

let sandboxes = 0;
function sandbox(): Sandbox {
  const root = dir.file(`sandbox-${++sandboxes}`);
  const tmp = join(root, 'tmp');
  const home = join(root, 'home');
  mkdirSync(tmp, { recursive: true });
  mkdirSync(home, { recursive: true });
  return { tmp, home, env: { TMPDIR: tmp, TEMP: tmp, TMP: tmp, HOME: home, VSO_PASSPHRASE: PASSPHRASE } };
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .map((name) => join(folder, name))
    .filter((path) => statSync(path).isFile());
}

/** Every needle found in any file of the folders, with the file it is in. */
function plaintextLeft(box: Sandbox): string[] {
  const hits: string[] = [];
  for (const path of [...filesUnder(box.tmp), ...filesUnder(box.home)]) {
    const bytes = readFileSync(path);
    for (const needle of needles) {
      if (bytes.includes(Buffer.from(needle, 'utf8')) || bytes.includes(Buffer.from(needle, 'utf16le'))) {
        hits.push(`${needle} in ${path}`);
      }
    }
  }
  return hits;
}

function freshWorkspace(name: string): string {
  createWorkspace(dir, name).close();
  return dir.file(name);
}

function startImport(box: Sandbox, workspace: string, stop: 'cancel' | 'kill'): ChildProcess {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'children', 'importUntilStopped.ts')],
    {
      cwd: ROOT,
      env: { ...process.env, ...box.env, WS_PATH: workspace, INPUT: book, STOP: stop },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  return child;
}

function output(child: ChildProcess): Promise<{ stdout: string; code: number | null; signal: NodeJS.Signals | null }> {
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  return new Promise((done) => child.on('exit', (code, signal) => done({ stdout, code, signal })));
}

function waitForReading(child: ChildProcess): Promise<void> {
  return new Promise((done, fail) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('reading\n')) done();
    });
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => fail(new Error(`child exited (${code}) before reading: ${out} ${err}`)));
  });
}

/** The workbook with one more row past Excel's row limit at the end: read whole, then refused. */
function failingBook(): string {
  const parts = unzipSync(readFileSync(book));
  const sheet = strFromU8(parts['xl/worksheets/sheet1.xml'] as Uint8Array);
  parts['xl/worksheets/sheet1.xml'] = strToU8(
    sheet.replace(
      '</sheetData>',
      '<row r="1048577"><c r="A1048577" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
    ),
  );
  const path = dir.file('fails-at-the-end.xlsx');
  writeFileSync(path, zipSync(parts));
  return path;
}

describe('no plaintext outside the workspace', () => {
  it('after an import that succeeds, and a record-level export', () => {
    const box = sandbox();
    const workspace = freshWorkspace('ok.vsow');
    const run = runVso(
      ['--json', 'import', workspace, '--cohort', 'victims', '--input', book, '--unmapped', 'reject'],
      box.env,
      180_000,
    );
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as { accepted: number }).accepted).toBeGreaterThan(25_000);
    const spec = dir.write('spec.json', JSON.stringify({ cohort: 'victims', filters: [], rows: ['sex'], cols: [] }));
    const out = dir.file('records.arrow');
    const exported = runVso(['export', 'records', workspace, '--spec', spec, '--out', out], box.env, 180_000);
    expect(exported.code, exported.stderr).toBe(0);
    expect(tableFromIPC(readFileSync(out)).numRows).toBe((JSON.parse(run.stdout) as { accepted: number }).accepted);
    // Record-level data is the owner's alone, and is not replaced without --force.
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const again = runVso(['export', 'records', workspace, '--spec', spec, '--out', out], box.env, 180_000);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists.*--force/);
    const forced = runVso(['export', 'records', workspace, '--spec', spec, '--out', out, '--force'], box.env, 180_000);
    expect(forced.code, forced.stderr).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(plaintextLeft(box)).toEqual([]);
  }, 400_000);

  it('after an import that fails at the last row', () => {
    const box = sandbox();
    const workspace = freshWorkspace('fails.vsow');
    const run = runVso(
      ['import', workspace, '--cohort', 'victims', '--input', failingBook(), '--unmapped', 'reject'],
      box.env,
      180_000,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/past the limit of 1,048,576 rows/);
    expect(plaintextLeft(box)).toEqual([]);
  }, 200_000);

  it('after an import that is cancelled', async () => {
    const box = sandbox();
    const workspace = freshWorkspace('cancelled.vsow');
    const child = startImport(box, workspace, 'cancel');
    const ended = output(child);
    await waitForReading(child);
    const { stdout, code } = await ended;
    expect(stdout).toContain('failed CANCELLED');
    expect(code).toBe(0);
    expect(plaintextLeft(box)).toEqual([]);
  }, 200_000);

  it('after an import killed with SIGKILL in the middle', async () => {
    const box = sandbox();
    const workspace = freshWorkspace('killed.vsow');
    const child = startImport(box, workspace, 'kill');
    const ended = output(child);
    await waitForReading(child);
    child.kill('SIGKILL');
    expect((await ended).signal).toBe('SIGKILL');
    expect(plaintextLeft(box)).toEqual([]);
    const reopened = Workspace.open(workspace, PASSPHRASE);
    expect(reopened.info().counts.victims).toBe(0);
    reopened.close();
  }, 200_000);
});
