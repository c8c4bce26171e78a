// The bodies of `vso export table`, `vso export infographic` and `vso report build`, run with
// an injected fake session: real files written, audit entries recorded, bad usage refused.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../../shared/disclosurePolicy.ts';
import { isAppError } from '../../../shared/errors.ts';
import {
  type ExportCommandDeps,
  exportInfographicCommand,
  exportTableCommand,
  reportBuildCommand,
} from '../../../src-main/app/publication/commandExports.ts';
import type { ExportSession } from '../../../src-main/app/publication/exportSession.ts';
import { renderThreadsStarted, warmRenderWorker } from '../../../src-main/app/publication/renderThread.ts';
import { fakeResolver } from '../export/fakeResults.ts';
import { pngSize, svgTexts, tempDir } from '../export/exportTestKit.ts';
import { labelOf } from '../export/fixtureTables.ts';

function harness(): { deps: ExportCommandDeps; audit: Array<{ action: string; detail: Record<string, unknown> }> } {
  const audit: Array<{ action: string; detail: Record<string, unknown> }> = [];
  const session: ExportSession = {
    resolve: fakeResolver().resolve,
    policy: DEFAULT_POLICY,
    labelOf,
    synthetic: false,
    contact: 'Test analysts, analysts@example.test',
    source: 'Test constabulary extract',
    latestFinancialYear: async () => '2023/24',
    figure: () => undefined,
    infographic: () => undefined,
    report: (name) => (name === 'annual' ? { name: 'annual', items: [{ kind: 'figure', name: 'gone' }] } : undefined),
    validate: () => [],
    audit: (action, detail) => audit.push({ action, detail }),
    unlinked: () => [],
  };
  return { deps: { withSession: (_file, fn) => fn(session), now: () => new Date('2026-11-27T10:00:00Z') }, audit };
}

function specFile(dir: string, spec: unknown): string {
  const path = join(dir, 'spec.json');
  writeFileSync(path, JSON.stringify(spec));
  return path;
}

describe('vso export table', () => {
  it('writes the XLSX and records the export in the audit log', async () => {
    const dir = tempDir();
    const { deps, audit } = harness();
    const out = join(dir, 'out.xlsx');
    const written = await exportTableCommand(
      'ws.vsow',
      { spec: specFile(dir, { cohort: 'victims', rows: ['sex'], cols: [] }), out },
      deps,
    );
    expect(written).toMatchObject({ path: out, format: 'xlsx' });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    expect(workbook.worksheets[0]?.getCell('A1').value).toBe('victims: Sex');
    const cover = workbook.getWorksheet('Cover')!;
    const contactRow = cover.getColumn(1).values.indexOf('Contact');
    expect(cover.getCell(contactRow + 1, 1).value).toBe('Test analysts, analysts@example.test');
    expect(audit).toEqual([
      {
        action: 'export.table',
        detail: expect.objectContaining({
          what: 'table',
          files: [expect.objectContaining({ path: out, format: 'xlsx' })],
          rule: expect.objectContaining({ threshold: 5 }),
        }),
      },
    ]);
  });

  it('writes CSV too, and refuses a spec with disclosure control off or a wrong extension', async () => {
    const dir = tempDir();
    const { deps, audit } = harness();
    await exportTableCommand(
      'ws.vsow',
      { spec: specFile(dir, { cohort: 'victims', rows: ['sex'] }), out: join(dir, 'o.csv') },
      deps,
    );
    expect(readFileSync(join(dir, 'o.csv'), 'utf8')).toContain('Sex,Records');
    const off = await exportTableCommand(
      'ws.vsow',
      { spec: specFile(dir, { cohort: 'victims', rows: ['sex'], disclosure: null }), out: join(dir, 'raw.csv') },
      deps,
    ).catch((e: unknown) => e);
    expect(isAppError(off) && off.code).toBe('DISCLOSURE_REQUIRED');
    expect(existsSync(join(dir, 'raw.csv'))).toBe(false);
    const png = await exportTableCommand(
      'ws.vsow',
      { spec: specFile(dir, { cohort: 'victims' }), out: join(dir, 'o.png') },
      deps,
    ).catch((e: unknown) => e);
    expect(isAppError(png) && png.code).toBe('BAD_REQUEST');
    expect(audit).toHaveLength(1);
  });
});

describe('vso export infographic', () => {
  it('renders a template for the latest financial year and audits it', async () => {
    const dir = tempDir();
    const { deps, audit } = harness();
    const out = join(dir, 'suspects.png');
    const result = await exportInfographicCommand('ws.vsow', { template: 'suspects', out }, deps);
    expect(result).toMatchObject({ path: out, format: 'png', financialYear: '2023/24', warnings: [] });
    expect(pngSize(readFileSync(out))).toEqual({ width: 2480, height: 3508 });
    expect(audit[0]?.action).toBe('export.infographic');

    const svgOut = join(dir, 'wide.svg');
    await exportInfographicCommand(
      'ws.vsow',
      { template: 'offenders', out: svgOut, year: '2022/23', page: 'landscape-16x9' },
      deps,
    );
    expect(svgTexts(readFileSync(svgOut, 'utf8'))).toContain('Offenders: 2022/23 at a glance');
  });

  it('refuses an unknown template, page or format', async () => {
    const { deps } = harness();
    for (const options of [
      { template: 'witnesses', out: 'x.png' },
      { template: 'victims', out: 'x.png', page: 'a3' },
      { template: 'victims', out: 'x.xlsx' },
    ]) {
      const error = await exportInfographicCommand('ws.vsow', options, deps).catch((e: unknown) => e);
      expect(isAppError(error) && error.code).toBe('BAD_REQUEST');
    }
  });
});

describe('vso report build', () => {
  it('builds the pack, lists the problems and audits it; an unknown report is NOT_FOUND', async () => {
    const dir = tempDir();
    const { deps, audit } = harness();
    const result = await reportBuildCommand('ws.vsow', { report: 'annual', out: dir }, deps);
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.message)).toEqual(['Figure "gone": no saved figure has this name any more.']);
    expect(audit[0]).toMatchObject({
      action: 'export.report',
      detail: { problems: ['Figure "gone": no saved figure has this name any more.'] },
    });
    const missing = await reportBuildCommand('ws.vsow', { report: 'nope', out: dir }, deps).catch((e: unknown) => e);
    expect(isAppError(missing) && missing.code).toBe('NOT_FOUND');
  });

  it('ends the render worker it started: the command line has no next export to keep one for', async () => {
    const started = renderThreadsStarted();
    await reportBuildCommand('ws.vsow', { report: 'annual', out: tempDir() }, harness().deps);
    expect(renderThreadsStarted()).toBe(started + 1);
    expect(warmRenderWorker()).toBeNull();
  });
});
