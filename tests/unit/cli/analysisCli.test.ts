// The `vso` analysis commands as a user runs them (real processes, a real sample workspace):
// sample (with its geography lookup), query, export table / records / infographic, disclosure
// check, report build.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_REPORT } from '../../../src-main/sample/buildSample.ts';
import { findReport, saveReport } from '../../../src-main/store/documents.ts';
import { Workspace } from '../../../src-main/store/workspace.ts';
import { runVso } from '../../helpers/cli.ts';

const PASS = 'cli analysis passphrase';
let dir: string;
let file: string;
let specPath: string;

/** A pack of ten items protected together takes minutes on a loaded machine: only a hang fails it. */
const PACK_HANG = 360_000;

const vso = (...args: string[]) => runVso(args, { VSO_PASSPHRASE: PASS, VSO_CONFIG_DIR: dir }, 120_000);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vso-cli-analysis-'));
  file = join(dir, 'sample.vsow');
  const created = vso('--json', 'sample', file);
  expect(created.code, created.stderr).toBe(0);
  specPath = join(dir, 'spec.json');
  writeFileSync(
    specPath,
    JSON.stringify({
      cohort: 'victims',
      filters: [{ field: 'district', in: ['Fenland', 'East Cambridgeshire'] }],
      rows: ['offence_group'],
      cols: ['sex'],
      stats: true,
    }),
  );
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('vso analysis commands', () => {
  it('creates a synthetic sample with figures, infographics and a report', () => {
    const info = vso('--json', 'workspace', 'info', file);
    expect(info.code, info.stderr).toBe(0);
    const parsed = JSON.parse(info.stdout) as { counts: Record<string, number> };
    expect(parsed.counts.victims).toBeGreaterThan(10_000);
  });

  it('loads the geography lookup of the generated LSOAs into the sample', () => {
    const shown = vso('--json', 'geography', 'show', file);
    expect(shown.code, shown.stderr).toBe(0);
    const { lookup } = JSON.parse(shown.stdout) as { lookup: { lsoas: number; fileName: string } | null };
    expect(lookup).toMatchObject({ lsoas: 500, fileName: 'sample-lsoa-lookup.csv' });
  });

  it('prints a protected query result as the contract says', () => {
    const out = vso('query', file, '--spec', specPath);
    expect(out.code, out.stderr).toBe(0);
    const result = JSON.parse(out.stdout) as {
      rows: { fields: string[] };
      total: number;
      disclosure: { footnote: string };
      stats: { df: number };
    };
    expect(result.rows.fields).toEqual(['offence_group']);
    expect(result.disclosure.footnote).toMatch(/suppressed/);
    expect(result.stats.df).toBeGreaterThan(0);
    expect(result.total).toBeGreaterThan(0);
  });

  it('exports the table as XLSX, and refuses a spec with disclosure off', async () => {
    const out = join(dir, 'table.xlsx');
    const run = vso('export', 'table', file, '--spec', specPath, '--out', out);
    expect(run.code, run.stderr).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    const text = JSON.stringify(book.getWorksheet('Table_1')?.getSheetValues());
    expect(text).toContain('Offence group');
    const raw = join(dir, 'raw.json');
    writeFileSync(raw, JSON.stringify({ cohort: 'victims', rows: ['district'], disclosure: null }));
    const refused = vso('export', 'table', file, '--spec', raw, '--out', join(dir, 'raw.csv'));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/disclosure/i);
    expect(existsSync(join(dir, 'raw.csv'))).toBe(false);
  });

  it('exports the filtered records as Arrow for R or Python, as many as the query counts', () => {
    const out = join(dir, 'records.arrow');
    const run = vso('--json', 'export', 'records', file, '--spec', specPath, '--out', out);
    expect(run.code, run.stderr).toBe(0);
    const table = tableFromIPC(readFileSync(out));
    const total = (JSON.parse(vso('query', file, '--spec', specPath).stdout) as { total: number }).total;
    expect(table.numRows).toBe(total);
    expect(table.schema.fields.map((f) => f.name)).toContain('district');
  });

  it('passes the disclosure audit for the protected table', () => {
    const run = vso('disclosure', 'check', file, '--spec', specPath);
    expect(run.code, run.stdout + run.stderr).toBe(0);
  });

  it(
    'builds the report pack and exports an infographic as PDF',
    () => {
      // Every figure of the sample's report but its needs matrix, and one infographic: each chart
      // kind drawn into a pack. The matrix's protection against every earlier table of the pack, and
      // the other two infographics', were most of this test's time; a pack with the matrix and an
      // infographic page is built in report/needsTogetherFigure.test.ts.
      const ws = Workspace.open(file, PASS);
      const sample = findReport(ws.db, SAMPLE_REPORT)!;
      const figures = sample.items.filter((i) => i.kind === 'figure' && i.name !== 'Offender needs together');
      const infographic = sample.items.find((i) => i.kind === 'infographic')!;
      expect(figures.length).toBe(sample.items.filter((i) => i.kind === 'figure').length - 1);
      saveReport(ws.db, { name: 'Sample pack', items: [...figures, infographic] });
      ws.close();
      const pack = join(dir, 'pack');
      const built = runVso(
        ['--json', 'report', 'build', file, '--report', 'Sample pack', '--out', pack],
        { VSO_PASSPHRASE: PASS, VSO_CONFIG_DIR: dir },
        PACK_HANG,
      );
      expect(built.code, built.stderr).toBe(0);
      const result = JSON.parse(built.stdout) as { files: Array<{ path: string }>; problems: unknown[] };
      expect(result.problems).toEqual([]);
      expect(result.files.length).toBeGreaterThan(10);
      expect(existsSync(join(pack, 'index.html'))).toBe(true);
      const pdf = join(dir, 'offenders.pdf');
      const exported = vso('export', 'infographic', file, '--template', 'offenders', '--out', pdf);
      expect(exported.code, exported.stderr).toBe(0);
      expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const audit = vso('--json', 'audit', 'list', file);
      expect(audit.stdout).toContain('export.records');
      // Two whole CLI runs, each drawing figures of the sample: minutes on a loaded machine, where
      // the default minute cut it short.
    },
    PACK_HANG + 120_000,
  );
});
