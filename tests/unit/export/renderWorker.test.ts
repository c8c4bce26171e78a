// A report pack drawn in the render worker is the pack drawn on this thread, byte for byte:
// the worker gets plain jobs (labels as a map), so nothing may change on the way. Also, a
// render worker that dies fails the pack with a typed error instead of leaving it waiting. A
// single figure's or infographic's file (export.figure, export.infographic) is the same bytes
// drawn there as here.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FigureSpecSchema, type FigureSpec } from '../../../shared/figure.ts';
import { isAppError } from '../../../shared/errors.ts';
import { startRenderWorker } from '../../../src-main/app/publication/renderThread.ts';
import { victimsTemplate } from '../../../src-main/export/infographic/templates.ts';
import { renderInfographicSvg } from '../../../src-main/export/infographic/renderInfographic.ts';
import { inProcessRenderer, labelsFor } from '../../../src-main/export/packRenderer.ts';
import { buildReportPack, type ReportPackDeps } from '../../../src-main/export/reportPack.ts';
import { fakeResolver } from './fakeResults.ts';
import { pngSize, tempDir } from './exportTestKit.ts';
import { FOOTNOTE, labelOf, offenceBySex } from './fixtureTables.ts';

const figures: Record<string, FigureSpec> = {
  offences: FigureSpecSchema.parse({
    name: 'offences',
    title: 'Victims by offence group and sex',
    chart: 'bar',
    query: { cohort: 'victims', rows: ['offence_group'], cols: ['sex'], filters: [] },
  }),
  districts: FigureSpecSchema.parse({
    name: 'districts',
    title: 'Victims by district',
    chart: 'table',
    query: { cohort: 'victims', rows: ['district'], filters: [{ field: 'financial_year', in: ['2023/24'] }] },
  }),
};

const report = {
  name: 'Pack',
  items: [
    { kind: 'figure' as const, name: 'offences' },
    { kind: 'figure' as const, name: 'districts' },
    { kind: 'infographic' as const, name: 'victims-page' },
  ],
};

function deps(): ReportPackDeps {
  return {
    figure: (name) => figures[name],
    infographic: (name) => (name === 'victims-page' ? victimsTemplate('2023/24') : undefined),
    resolve: fakeResolver().resolve,
    validate: () => [],
    labelOf,
    source: 'Test extracts',
    synthetic: true,
    generatedAt: new Date('2026-11-27T10:00:00Z'),
  };
}

function contents(dir: string): Record<string, Buffer> {
  const files: Record<string, Buffer> = {};
  for (const name of readdirSync(dir).sort()) files[name] = readFileSync(join(dir, name));
  return files;
}

describe('the report pack drawn in a render worker', () => {
  it('writes the same files, byte for byte, as drawn on this thread', async () => {
    const here = tempDir();
    const there = tempDir();
    const local = await buildReportPack(report, deps(), here);
    const renderer = startRenderWorker();
    const remote = await buildReportPack(report, { ...deps(), renderer }, there).finally(() => renderer.close());
    expect(remote.problems).toEqual([]);
    expect(remote.files.map((f) => [f.format, f.bytes])).toEqual(local.files.map((f) => [f.format, f.bytes]));
    const a = contents(here);
    const b = contents(there);
    expect(Object.keys(b)).toEqual(Object.keys(a));
    expect(Object.keys(a).length).toBeGreaterThan(8);
    for (const name of Object.keys(a)) {
      // The workbook is a zip whose entries carry the time it was written; the rest is exact.
      if (name.endsWith('.xlsx')) continue;
      expect(b[name]?.equals(a[name] as Buffer), name).toBe(true);
    }
  });

  it('fails the pack with a typed error when the worker dies', async () => {
    const renderer = startRenderWorker();
    await renderer.close();
    const error = await buildReportPack(report, { ...deps(), renderer }, tempDir()).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('EXPORT_FAILED');
  });
});

describe('a single export drawn in a render worker', () => {
  it('gives the same bytes for a figure’s PNG and PDF and an infographic’s, as drawn on this thread', async () => {
    const result = offenceBySex();
    const figure = figures.offences as FigureSpec;
    const here = inProcessRenderer();
    const renderer = startRenderWorker(undefined, undefined, 'the export of “offences”');
    try {
      for (const format of ['png', 'pdf', 'svg', 'csv'] as const) {
        const job = {
          result,
          figure,
          format,
          labels: labelsFor(labelOf, result, figure),
          options: { footnote: FOOTNOTE, raster: { scale: 2 }, generatedAt: new Date('2026-11-27T10:00:00Z') },
        } as const;
        const [local, remote] = [await here.figureFile(job), await renderer.figureFile(job)];
        expect(Buffer.from(remote).equals(Buffer.from(local)), format).toBe(true);
        if (format === 'png') expect(pngSize(Buffer.from(remote))).toEqual({ width: 1920, height: 1200 });
      }
      const { plainSvg } = await renderInfographicSvg(victimsTemplate('2023/24'), fakeResolver().resolve, {
        synthetic: true,
        generatedAt: new Date('2026-11-27T10:00:00Z'),
        source: 'Test extracts',
        labelOf,
      });
      for (const format of ['png', 'pdf'] as const) {
        const job = {
          svg: plainSvg,
          format,
          raster: { scale: 1 },
          page: 'a4-portrait',
          title: 'Victims',
          creationDate: new Date('2026-11-27T10:00:00Z'),
        } as const;
        const [local, remote] = [await here.infographicFile(job), await renderer.infographicFile(job)];
        expect(Buffer.from(remote).equals(Buffer.from(local)), format).toBe(true);
      }
    } finally {
      await renderer.close();
    }
  });

  it('names the export in a cancel’s error', async () => {
    const controller = new AbortController();
    const renderer = startRenderWorker(undefined, controller.signal, 'the export of “offences”');
    const drawing = renderer.figureFile({
      result: offenceBySex(),
      figure: figures.offences as FigureSpec,
      format: 'pdf',
      labels: {},
      options: { footnote: [] },
    });
    controller.abort();
    const error = await drawing.catch((e: unknown) => e);
    expect(isAppError(error) && [error.code, error.message]).toEqual([
      'CANCELLED',
      'The export of “offences” was cancelled.',
    ]);
    await renderer.close();
  });
});
