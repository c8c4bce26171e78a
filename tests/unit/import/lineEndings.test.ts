// Real extracts as they arrive: lines ending in CR LF, LF or CR, mixed within one file (a CR LF
// header over LF rows, as a spreadsheet re-save leaves it), and one damaged field holding a
// control byte. Every record is read; a damaged record is rejected with its row; only a file that
// is binary throughout is refused. Expected rows come from a second, simple reading of the text.
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.ts';
import { openCsv } from '../../../src-main/import/readCsv.ts';
import { runImport } from '../../../src-main/import/runImport.ts';
import { rowsOf, type SourceRow } from '../../../src-main/import/tableSource.ts';
import type { Workspace } from '../../../src-main/store/workspace.ts';
import { count, createWorkspace, fixture, TempDir } from './importTestKit.ts';

const dir = new TempDir();
afterAll(() => dir.remove());

const REAL = 'fixtures/real/2019-08-cambridgeshire-street.csv';

/** The real file's lines, split the simple way (it has no quoted field holding a line break). */
function realLines(): string[] {
  return readFileSync(REAL, 'utf8')
    .split(/\r\n|\r|\n/)
    .filter((l) => l !== '');
}

async function rows(path: string): Promise<SourceRow[]> {
  const source = await openCsv(path);
  const all: SourceRow[] = [];
  for await (const row of rowsOf(source)) all.push(row);
  return all;
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('line endings', () => {
  const lines = realLines().slice(0, 61);
  const expected = lines.slice(1).map((l) => l.split(','));

  it('reads a CR LF header over LF rows: all 60 rows, 12 fields each', async () => {
    const text = `${lines[0]}\r\n${lines.slice(1).join('\n')}\n`;
    const read = await rows(dir.write('crlf-header.csv', text));
    expect(read.map((r) => r.cells)).toEqual(expected);
    expect(read.every((r) => r.cells.length === 12)).toBe(true);
  });

  it('reads lines ending CR LF and LF in turn, and CR alone, every record', async () => {
    const endings = ['\r\n', '\n', '\r'];
    const alternating = lines.map((l, i) => l + (i % 2 === 0 ? '\r\n' : '\n')).join('');
    expect((await rows(dir.write('alternating.csv', alternating))).map((r) => r.cells)).toEqual(expected);
    const cr = lines.join('\r');
    expect((await rows(dir.write('cr.csv', cr))).map((r) => r.cells)).toEqual(expected);
    const mixed = lines.map((l, i) => l + (endings[(i * 7) % 3] as string)).join('');
    const read = await rows(dir.write('mixed.csv', mixed));
    expect(read.map((r) => r.cells)).toEqual(expected);
    expect(read.map((r) => r.line)).toEqual(expected.map((_, i) => i + 2));
  });

  it('keeps a line break inside a quoted field as it is, whichever ending the lines use', async () => {
    const text = 'A,B\r\n"one\r\ntwo",1\n"three\nfour",2\r"five\rsix",3\r\n';
    expect((await rows(dir.write('quoted.csv', text))).map((r) => r.cells)).toEqual([
      ['one\r\ntwo', '1'],
      ['three\nfour', '2'],
      ['five\rsix', '3'],
    ]);
  });
});

describe('control bytes', () => {
  let ws: Workspace | undefined;
  afterEach(() => {
    ws?.close();
    ws = undefined;
  });

  it('marks the record with a NUL, with its row and field, and reads every other record', async () => {
    const lines = realLines().slice(0, 200);
    const damaged = [...lines];
    damaged[57] = (damaged[57] as string).replace('On or near', 'On or\u0000near');
    const read = await rows(dir.write('nul.csv', `${damaged.join('\r\n')}\r\n`));
    expect(read).toHaveLength(199);
    const marked = read.filter((r) => r.control !== undefined);
    expect(marked.map((r) => r.line)).toEqual([58]);
    expect(marked[0]?.control).toEqual({ line: 58, column: 7, byte: 0 });
  });

  it('marks a control byte in a quoted field, and in the part of a file papaparse reads', async () => {
    const text = 'A,B\n1,"x\u0001y"\n2,"spaced" \n3,\u0007\n4,ok\n';
    const read = await rows(dir.write('quoted-control.csv', text));
    expect(read.map((r) => r.cells[0])).toEqual(['1', '2', '3', '4']);
    expect(read.filter((r) => r.control).map((r) => [r.line, r.control?.byte])).toEqual([
      [2, 1],
      [4, 7],
    ]);
  });

  it('refuses only a file that is binary throughout', async () => {
    const junk = Buffer.alloc(8192);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919) % 256;
    const error = await failure(openCsv(dir.write('junk.csv', junk)));
    expect(error.code).toBe('INVALID_FILE');
    expect(error.message).toMatch(/junk\.csv .*binary/);
    const utf16WithoutBom = Buffer.from(realLines().slice(0, 40).join('\r\n'), 'utf16le');
    expect((await failure(openCsv(dir.write('utf16.csv', utf16WithoutBom)))).message).toMatch(/binary data/);
  });

  it('rejects the damaged record of a cohort import with its row; the rest import as without it', async () => {
    const file = await fixture(dir, 'victims', 300, { seed: 3, dialect: 'canonical' });
    const text = readFileSync(file.path, 'utf8');
    const lines = text.split('\n');
    const row = 120; // the file's row 120 (the header is row 1)
    const cells = (lines[row - 1] as string).split(',');
    cells[2] = `${cells[2] ?? ''}\u0000`;
    lines[row - 1] = cells.join(',');
    const damaged = dir.write('victims-nul.csv', lines.join('\n'));

    const clean = createWorkspace(dir, 'clean.vsow');
    const baseline = await runImport(clean, { cohort: 'victims', path: file.path });
    const rowRejected = clean.db
      .prepare('SELECT count(*) AS n FROM rejected_rows WHERE batch_id = ? AND source_row = ?')
      .get(baseline.batchId, row) as { n: number };
    clean.close();

    ws = createWorkspace(dir, 'damaged.vsow');
    const result = await runImport(ws, { cohort: 'victims', path: damaged });
    expect(result.rowsRead).toBe(baseline.rowsRead);
    expect(result.reasons.control_byte).toBe(1);
    expect(result.rejected).toBe(baseline.rejected + 1 - rowRejected.n);
    expect(result.accepted).toBe(baseline.accepted - (1 - rowRejected.n));
    const stored = ws.db
      .prepare('SELECT source_row, reasons FROM rejected_rows WHERE batch_id = ? AND reasons LIKE ?')
      .all(result.batchId, '%control_byte%') as Array<{ source_row: number; reasons: string }>;
    expect(stored.map((s) => s.source_row)).toEqual([row]);
    expect(stored[0]?.reasons).toMatch(/control byte \(0x00, NUL\) in field 3/);
    expect(count(ws, 'SELECT count(*) AS n FROM victims')).toBe(result.accepted);
  });
});
