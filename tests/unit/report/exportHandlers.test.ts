// export.figure, infographic.* and export.infographic through the real dispatcher on a real
// encrypted workspace holding a generated victims extract: the files are opened and checked,
// each export leaves its audit entry, and an export without disclosure control is refused.
import { existsSync, readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { districtFigure, type FigureInput } from './figureSpecs.ts';
import { isAppError } from '../../../shared/errors.ts';
import { pdfInfo, pdfText, pngSize } from '../export/exportTestKit.ts';
import { generated, openWorld, svgTextsOf as svgTexts, type ReportWorld } from './reportTestKit.ts';

let world: ReportWorld;

beforeAll(async () => {
  world = await openWorld();
  await world.importFile('victims', await generated(world, 'victims', 6000, 7));
});
afterAll(async () => world?.close());

async function saveFigure(figure: FigureInput): Promise<void> {
  await world.dispatcher.call('figures.save', { figure, overwrite: true });
}

async function auditActions(): Promise<Array<{ action: string; detail: Record<string, unknown> }>> {
  const { entries } = await world.dispatcher.call('audit.list', { limit: 1000 });
  return entries.map((e) => ({ action: e.action, detail: e.detail }));
}

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('export.figure', () => {
  it('writes a saved figure in all five formats, each file readable, each export audited', async () => {
    await saveFigure(districtFigure('districts'));
    const before = (await auditActions()).length;
    const progress: string[] = [];
    const paths: Record<string, string> = {};
    for (const format of ['png', 'svg', 'pdf', 'xlsx', 'csv'] as const) {
      paths[format] = world.file(`districts.${format}`);
      const out = await world.dispatcher.call(
        'export.figure',
        { name: 'districts', format, path: paths[format] },
        { progress: (p) => progress.push(p.phase) },
      );
      expect(out.file).toMatchObject({ path: paths[format], format });
      expect(out.file.bytes).toBe(readFileSync(paths[format]).length);
      expect(out.footnote.join(' ')).toMatch(/suppress|rounded|Disclosure/i);
    }
    expect(progress).toContain('Counting');
    expect(pngSize(readFileSync(paths.png ?? ''))).toEqual({ width: 1920, height: 1200 });
    expect(svgTexts(readFileSync(paths.svg ?? '', 'utf8'))).toContain('Victims by district and sex');
    expect(pdfInfo(paths.pdf ?? '').pages).toBe(1);
    expect(pdfText(paths.pdf ?? '')).toContain('Victims by district and sex');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(paths.xlsx ?? '');
    const cells = workbook.worksheets.flatMap((s) =>
      s.getSheetValues().flatMap((row) => (Array.isArray(row) ? row.map(String) : [])),
    );
    expect(cells).toContain('Victims by district and sex');
    expect(cells).toContain('Peterborough');
    expect(readFileSync(paths.csv ?? '', 'utf8')).toContain('Peterborough');

    const entries = (await auditActions()).slice(0, (await auditActions()).length - before);
    expect(entries.map((e) => e.action).sort()).toEqual([
      'export.figure',
      'export.figure',
      'export.figure',
      'export.table',
      'export.table',
    ]);
    const written = entries.flatMap((e) => (e.detail.files as Array<{ path: string }>).map((f) => f.path)).sort();
    expect(written).toEqual(Object.values(paths).sort());
    expect(entries.every((e) => (e.detail.rule as { threshold: number }).threshold === 5)).toBe(true);
  });

  it('prints at 300 dpi and at a chosen size', async () => {
    const path = world.file('districts-print.png');
    await world.dispatcher.call('export.figure', {
      name: 'districts',
      format: 'png',
      path,
      width: 800,
      height: 500,
      dpi: 300,
    });
    expect(pngSize(readFileSync(path))).toEqual({ width: 2500, height: 1563 });
  });

  it('refuses a figure whose disclosure control is off, writing no file and no audit entry', async () => {
    await saveFigure({
      ...districtFigure('raw districts'),
      query: { ...districtFigure('raw districts').query, disclosure: null },
    });
    const before = (await auditActions()).length;
    const path = world.file('raw.xlsx');
    const error = await failure(
      world.dispatcher.call('export.figure', { name: 'raw districts', format: 'xlsx', path }),
    );
    expect(error.code).toBe('DISCLOSURE_REQUIRED');
    expect(error.message).toContain('raw districts');
    expect(existsSync(path)).toBe(false);
    expect((await auditActions()).length).toBe(before);
  });

  it('refuses a relative path and a path whose extension is another format', async () => {
    expect(
      (
        await failure(
          world.dispatcher.call('export.figure', { name: 'districts', format: 'png', path: 'districts.png' }),
        )
      ).code,
    ).toBe('BAD_REQUEST');
    const wrong = await failure(
      world.dispatcher.call('export.figure', { name: 'districts', format: 'pdf', path: world.file('districts.png') }),
    );
    expect(wrong.message).toContain('.pdf');
  });
});

describe('infographics from a template', () => {
  it('fills the victims template for the latest year, renders it, and exports PNG, SVG and PDF with audit entries', async () => {
    const { doc, financialYear } = await world.dispatcher.call('infographic.fromTemplate', { template: 'victims' });
    expect(financialYear).toBe('2022/23');
    const rendered = await world.dispatcher.call('infographic.render', { doc });
    const texts = svgTexts(rendered.svg);
    expect(texts).toContain('Victims: 2022/23 at a glance');
    expect(texts.some((t) => /on 2021\/22/.test(t))).toBe(true);
    expect(rendered.geometry).toMatchObject({ columns: 12, rows: 16 });
    expect(rendered.geometry.grid.width).toBeLessThan(rendered.geometry.width);

    const before = (await auditActions()).length;
    const svgPath = world.file('victims.svg');
    const pngPath = world.file('victims.png');
    const pdfPath = world.file('victims.pdf');
    const svg = await world.dispatcher.call('export.infographic', { doc, format: 'svg', path: svgPath });
    await world.dispatcher.call('export.infographic', { doc, format: 'png', path: pngPath });
    await world.dispatcher.call('export.infographic', { doc, format: 'pdf', path: pdfPath, dpi: null });
    expect(svg.warnings).toEqual(rendered.warnings);
    expect(readFileSync(svgPath, 'utf8')).toBe(rendered.svg);
    expect(pngSize(readFileSync(pngPath))).toEqual({ width: 2480, height: 3508 });
    expect(pdfInfo(pdfPath)).toMatchObject({ pages: 1 });
    expect(pdfText(pdfPath)).toContain('Victims: 2022/23 at a glance');
    const entries = (await auditActions()).slice(0, (await auditActions()).length - before);
    expect(entries.map((e) => e.action)).toEqual(['export.infographic', 'export.infographic', 'export.infographic']);
    expect(entries.every((e) => (e.detail.suppressedCells as number) >= 0 && e.detail.name === doc.name)).toBe(true);
  });

  it('saves, lists, reopens, exports by name and deletes an edited infographic', async () => {
    const { doc } = await world.dispatcher.call('infographic.fromTemplate', {
      template: 'victims',
      page: 'landscape-16x9',
    });
    const edited = {
      ...doc,
      name: 'Victims summary',
      blocks: doc.blocks.map((b) => (b.kind === 'title' ? { ...b, title: 'Victims in brief' } : b)),
    };
    await world.dispatcher.call('infographics.save', { doc: edited });
    expect((await failure(world.dispatcher.call('infographics.save', { doc: edited }))).code).toBe('FILE_EXISTS');
    const listed = await world.dispatcher.call('infographics.list', {});
    expect(listed.infographics).toEqual([
      expect.objectContaining({ name: 'Victims summary', page: 'landscape-16x9', blocks: doc.blocks.length }),
    ]);
    const reopened = await world.dispatcher.call('infographics.get', { name: 'Victims summary' });
    expect(reopened.doc).toEqual(edited);
    const path = world.file('summary.pdf');
    await world.dispatcher.call('export.infographic', { name: 'Victims summary', format: 'pdf', path });
    expect(pdfText(path)).toContain('Victims in brief');
    expect(pdfInfo(path)).toMatchObject({ pages: 1, width: 960, height: 540 });
    expect(await world.dispatcher.call('infographics.delete', { name: 'Victims summary' })).toEqual({ deleted: true });
    expect(
      (await failure(world.dispatcher.call('export.infographic', { name: 'Victims summary', format: 'pdf', path })))
        .code,
    ).toBe('NOT_FOUND');
  });

  it('says precisely which block no longer fits instead of drawing it', async () => {
    const { doc } = await world.dispatcher.call('infographic.fromTemplate', { template: 'victims' });
    const broken = {
      ...doc,
      blocks: [
        ...doc.blocks.slice(0, 1),
        {
          kind: 'chart' as const,
          at: { col: 0, row: 2, colSpan: 4, rowSpan: 2 },
          figure: 'a figure that was deleted',
          top: null,
        },
      ],
    };
    const error = await failure(world.dispatcher.call('infographic.render', { doc: broken }));
    expect(error.code).toBe('SPEC_MISMATCH');
    expect(error.message).toContain('block 2 (chart)');
    expect(error.message).toContain('a figure that was deleted');
  });

  it('has no year to show for a cohort without records', async () => {
    const error = await failure(world.dispatcher.call('infographic.fromTemplate', { template: 'offenders' }));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toContain('Import an extract of offenders');
  });
});
