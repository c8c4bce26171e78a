// The time-to-outcome table leaves the workspace as CSV and XLSX through the app's export
// path (a real encrypted workspace, its importer, engine and disclosure control): refused
// below the workspace's policy, written otherwise, read back from disk and compared with the
// quartiles jStat gives for the generated suspects' own dates, [c] where a cell is too small.
import ExcelJS from 'exceljs';
import jStat from 'jstat';
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TimeToOutcomeExportSchema } from '../../../shared/contract/outcomes.ts';
import { AnalysisService } from '../../../src-main/app/analysis/analysisService.ts';
import { createExportSession } from '../../../src-main/app/publication/exportSession.ts';
import { exportTimeToOutcome } from '../../../src-main/app/publication/timeToOutcomeExport.ts';
import { runImport } from '../../../src-main/import/runImport.ts';
import type { Workspace } from '../../../src-main/store/workspace.ts';
import { createWorkspace, TempDir } from '../import/importTestKit.ts';

const percentile = (jStat as unknown as { percentile(values: number[], k: number): number }).percentile;
const dir = new TempDir();
let ws: Workspace;
let analysis: AnalysisService;

/** Burglary and Theft: 40 suspects each over many days; Robbery: 3, too few to publish. */
const GROUP_SIZES: Record<string, number> = { Burglary: 40, Theft: 40, Robbery: 3 };
const spans = new Map<string, number[]>();

function isoDay(days: number): string {
  return new Date(days * 86_400_000).toISOString().slice(0, 10);
}
function ukDate(days: number): string {
  const [y, m, d] = isoDay(days).split('-');
  return `${d}/${m}/${y}`;
}

beforeAll(async () => {
  const lines = ['Person Ref,Offence Date,Outcome Date,Offence Group,Gender,District Name'];
  let person = 0;
  for (const [group, size] of Object.entries(GROUP_SIZES)) {
    const list: number[] = [];
    for (let i = 0; i < size; i++) {
      const offence = 18_700 + ((i * 37) % 300);
      const span = (i * i * 7 + group.length * 11) % 230;
      list.push(span);
      lines.push(`P${++person},${ukDate(offence)},${ukDate(offence + span)},${group},F,Fenland`);
    }
    spans.set(group, list);
  }
  ws = createWorkspace(dir, 'outcomes.vsow');
  const path = dir.write('suspects.csv', lines.join('\n'));
  const imported = await runImport(ws, { cohort: 'suspects', path, now: new Date('2026-01-01') });
  expect(imported.accepted).toBe(83);
  analysis = new AnalysisService();
  await analysis.load(ws);
});

afterAll(async () => {
  await analysis?.unload();
  ws?.close();
  dir.remove();
});

const exclusive = <T>(work: () => Promise<T>): Promise<T> => work();
/** An export nobody cancels. */
const ctx = { signal: new AbortController().signal, progress: () => undefined };

function argsFor(format: 'csv' | 'xlsx', threshold: number) {
  return TimeToOutcomeExportSchema.parse({
    spec: { rows: ['offence_group'], disclosure: { threshold } },
    path: dir.file(`outcomes-${threshold}.${format}`),
    format,
  });
}

/** Each group's line as the file should print it: records and the three quartiles. */
function expectedLine(group: string): Array<string | number> {
  const values = spans.get(group) ?? [];
  return [group, values.length, ...[0.25, 0.5, 0.75].map((p) => percentile(values, p))];
}
const HIDDEN = ['[c]', '[c]', '[c]', '[c]'];

/**
 * The printed lines: Robbery's (3 records) hidden; a second group hidden with it so that the
 * total minus the shown groups does not give Robbery's count (its quartiles too: their
 * fractions would tell its count modulo 4); every shown line as computed here.
 */
function expectPrinted(lines: ReadonlyMap<string, ReadonlyArray<string | number>>): void {
  expect(lines.get('Robbery')?.slice(1)).toEqual(HIDDEN);
  const hidden = ['Burglary', 'Theft'].filter((group) => lines.get(group)?.[1] === '[c]');
  expect(hidden.length).toBe(1);
  for (const group of ['Burglary', 'Theft']) {
    const line = lines.get(group) ?? [];
    if (hidden.includes(group)) expect(line.slice(1)).toEqual(HIDDEN);
    else
      expectedLine(group).forEach((value, i) =>
        typeof value === 'number' ? expect(line[i]).toBeCloseTo(value, 9) : expect(line[i]).toBe(value),
      );
  }
}

describe('exporting time to outcome', () => {
  it('refuses a rule below the workspace policy and writes nothing', async () => {
    const args = argsFor('csv', 2);
    await expect(
      exportTimeToOutcome(createExportSession(ws, analysis), analysis, args, ctx, exclusive),
    ).rejects.toMatchObject({
      code: 'BELOW_POLICY',
    });
    expect(() => readFileSync(args.path)).toThrow();
  });

  it('writes a CSV that reads back as the quartiles of the records, with [c] for the small group', async () => {
    const args = argsFor('csv', 5);
    const written = await exportTimeToOutcome(createExportSession(ws, analysis), analysis, args, ctx, exclusive);
    const text = readFileSync(written.path, 'utf8').replace(/^\uFEFF/, '');
    const [table, notes] = text.split(/\r\n\r\n/);
    const rows = parse(table ?? '', { columns: true, cast: true }) as Array<Record<string, string | number>>;
    expectPrinted(new Map(rows.map((row) => [String(row['Offence group']), Object.values(row)])));
    expect(notes).toContain('# [c] confidential');
    expect(ws.audit.list({ limit: 5 }).some((entry) => entry.action === 'export.timeToOutcome')).toBe(true);
  });

  it('writes an XLSX whose table holds the same numbers', async () => {
    const args = argsFor('xlsx', 5);
    const written = await exportTimeToOutcome(createExportSession(ws, analysis), analysis, args, ctx, exclusive);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(written.path);
    const sheet = workbook.getWorksheet('Time to outcome');
    const values: Array<Array<string | number>> = [];
    sheet?.eachRow((row) => values.push((row.values as Array<string | number>).slice(1)));
    expectPrinted(new Map(values.map((row) => [String(row[0]), row])));
  });
});
