// The wizard's dry run on a real encrypted workspace: it predicts the import exactly (same
// counts, reasons and unknown values), writes nothing at all, samples rejected rows without
// identifiers, says when the file is already in the workspace, and counts the lines it repeats.
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { analyseImport, SAMPLE_REJECTED } from '../../../src-main/import/analyseImport.ts';
import { runImport } from '../../../src-main/import/runImport.ts';
import type { Workspace } from '../../../src-main/store/workspace.ts';
import { count, createWorkspace, fixture, TempDir } from './importTestKit.ts';

const dir = new TempDir();
let ws: Workspace;
let n = 0;
beforeEach(() => {
  ws = createWorkspace(dir, `analyse-${++n}.vsow`);
});
afterEach(() => ws.close());
afterAll(() => dir.remove());

const TABLES = ['victims', 'rejected_rows', 'import_batches', 'persons', 'categories', 'audit_log', 'mapping_profiles'];

function tableCounts(): Record<string, number> {
  return Object.fromEntries(TABLES.map((t) => [t, count(ws, `SELECT count(*) AS n FROM ${t}`)]));
}

describe('analyseImport', () => {
  it('predicts the import exactly and writes nothing', async () => {
    const file = await fixture(dir, 'victims', 8000, { seed: 11 });
    const before = tableCounts();
    const analysis = await analyseImport(ws, { cohort: 'victims', path: file.path });
    expect(tableCounts()).toEqual(before);

    expect(analysis.rowsRead).toBe(8000);
    expect(analysis.wouldAccept + analysis.wouldReject).toBe(8000);
    expect(analysis.wouldReject).toBeGreaterThan(0);
    expect(analysis.duplicateFileOf).toBeNull();

    const result = await runImport(ws, { cohort: 'victims', path: file.path });
    expect(analysis.wouldAccept).toBe(result.accepted);
    expect(analysis.wouldReject).toBe(result.rejected);
    expect(analysis.reasons).toEqual(result.reasons);
    expect(analysis.duplicates).toBe(result.duplicates);
    expect(analysis.unknownValues).toEqual(result.unknownValues);
    expect(analysis.mapping).toEqual(result.mapping);
    expect(analysis.warnings).toEqual(result.warnings);
  });

  it('samples the first rejected rows with reasons and without direct identifiers', async () => {
    const file = await fixture(dir, 'victims', 20_000, { seed: 12 });
    const analysis = await analyseImport(ws, { cohort: 'victims', path: file.path, duplicateRows: 'reject' });
    expect(analysis.wouldReject).toBeGreaterThan(SAMPLE_REJECTED);
    expect(analysis.sampleRejected).toHaveLength(SAMPLE_REJECTED);
    const lines = analysis.sampleRejected.map((r) => r.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    const identifiers = analysis.mapping.columns
      .filter((c) =>
        ['person_ref', 'name', 'date_of_birth', 'pnc_id', 'crn', 'address', 'postcode'].includes(c.target ?? ''),
      )
      .map((c) => c.source);
    expect(identifiers.length).toBeGreaterThan(0);
    for (const row of analysis.sampleRejected) {
      expect(row.reasons.length).toBeGreaterThan(0);
      for (const header of identifiers) expect(row.values).not.toHaveProperty(header);
      expect(Object.keys(row.values).length).toBeGreaterThan(5);
    }
    // The stored rejected rows of the real import are the same rows.
    const result = await runImport(ws, { cohort: 'victims', path: file.path, duplicateRows: 'reject' });
    const stored = ws.db
      .prepare('SELECT source_row AS line, reasons, raw FROM rejected_rows WHERE batch_id = ? ORDER BY id LIMIT ?')
      .all(result.batchId, SAMPLE_REJECTED) as Array<{ line: number; reasons: string; raw: string }>;
    expect(stored.map((s) => ({ line: s.line, reasons: JSON.parse(s.reasons), values: JSON.parse(s.raw) }))).toEqual(
      analysis.sampleRejected,
    );
  });

  it('says which batch already imported the file, and counts the lines the file repeats', async () => {
    const file = await fixture(dir, 'suspects', 3000, { seed: 13 });
    // A second reading: data lines minus distinct data lines.
    const lines = readFileSync(file.path, 'utf8')
      .split(/\r?\n/)
      .slice(1)
      .filter((l) => l !== '');
    const before = await analyseImport(ws, { cohort: 'suspects', path: file.path });
    expect(before.duplicates).toBe(lines.length - new Set(lines).size);
    expect(before.duplicates).toBeGreaterThan(0);
    expect(before.alreadyInWorkspace).toBe(0);
    expect(before.repeatedLines.reduce((n, r) => n + r.copies - 1, 0)).toBe(before.duplicates);
    const dropped = await analyseImport(ws, { cohort: 'suspects', path: file.path, duplicateRows: 'reject' });
    expect(dropped.reasons.duplicate).toBe(before.duplicates);

    const first = await runImport(ws, { cohort: 'suspects', path: file.path });
    const analysis = await analyseImport(ws, { cohort: 'suspects', path: file.path });
    expect(analysis.duplicateFileOf).toBe(first.batchId);
    expect(analysis.warnings[0]).toMatch(/already imported \(batch 1/);
    // Once imported, every line of the file is one the workspace holds, but those rejected as
    // invalid (every copy of such a line is), which were not stored.
    const invalid = (
      ws.db.prepare('SELECT reasons FROM rejected_rows WHERE batch_id = ?').all(first.batchId) as Array<{
        reasons: string;
      }>
    ).filter((r) => (JSON.parse(r.reasons) as Array<{ rule: string }>).some((x) => x.rule !== 'duplicate')).length;
    expect(invalid).toBeGreaterThan(0);
    expect(analysis.alreadyInWorkspace).toBe(lines.length - invalid);
    expect(analysis.duplicates).toBeGreaterThanOrEqual(analysis.alreadyInWorkspace);
  });

  it('applies the mapping and its recoding rules as the import would', async () => {
    const path = dir.write(
      'recode.csv',
      [
        'Offence Date,Gender,District Name',
        '01/05/2021,F,Cambrdige',
        '02/05/2021,M,Cambrdige',
        '03/05/2021,M,Fenland',
      ].join('\n'),
    );
    const plain = await analyseImport(ws, { cohort: 'victims', path, now: new Date('2026-01-01') });
    expect(plain.wouldAccept).toBe(1);
    expect(plain.unknownValues).toEqual({ district: [{ value: 'Cambrdige', count: 2 }] });
    expect(plain.sampleRejected[0]).toEqual({
      line: 2,
      reasons: [{ column: 'District Name', value: 'Cambrdige', rule: 'unknown_category' }],
      values: { 'Offence Date': '01/05/2021', Gender: 'F', 'District Name': 'Cambrdige' },
    });
    const mapping = { ...plain.mapping, recodes: { district: { cambrdige: 'Cambridge' } } };
    const recoded = await analyseImport(ws, { cohort: 'victims', path, mapping, now: new Date('2026-01-01') });
    expect(recoded.wouldAccept).toBe(3);
    expect(recoded.unknownValues).toEqual({});
  });

  it('refuses a mapping without a date, and a missing file, before reading rows', async () => {
    const path = dir.write('nodate.csv', 'Gender,District Name\nF,Fenland\n');
    await expect(analyseImport(ws, { cohort: 'victims', path })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(analyseImport(ws, { cohort: 'victims', path: dir.file('missing.csv') })).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
    });
  });

  it('stops when cancelled', async () => {
    const file = await fixture(dir, 'offenders', 30_000, { seed: 14 });
    const controller = new AbortController();
    await expect(
      analyseImport(ws, {
        cohort: 'offenders',
        path: file.path,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === 'reading') controller.abort();
        },
      }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
