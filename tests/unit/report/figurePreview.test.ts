// figure.previewSvg through the real dispatcher on a real encrypted workspace: the preview is
// the SVG file export.figure writes, byte for byte, at every size and title asked for; it
// writes nothing, audits nothing, and refuses what the export refuses.
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../../shared/errors.ts';
import { svgTexts } from '../export/exportTestKit.ts';
import { districtFigure } from './figureSpecs.ts';
import { generated, openWorld, type ReportWorld } from './reportTestKit.ts';

let world: ReportWorld;

beforeAll(async () => {
  world = await openWorld();
  await world.importFile('victims', await generated(world, 'victims', 4000, 5));
  await world.dispatcher.call('figures.save', { figure: districtFigure('districts'), overwrite: true });
});
afterAll(async () => world?.close());

async function auditCount(): Promise<number> {
  return (await world.dispatcher.call('audit.list', { limit: 1000 })).entries.length;
}

describe('figure.previewSvg', () => {
  it.each([
    { label: 'default size', options: {} },
    { label: 'another size and title', options: { width: 640, height: 480, title: 'Victims: where they live' } },
  ])('is the exported SVG file, byte for byte ($label)', async ({ label, options }) => {
    const before = await auditCount();
    const files = readdirSync(world.dir).length;
    const preview = await world.dispatcher.call('figure.previewSvg', { name: 'districts', ...options });
    expect(await auditCount()).toBe(before);
    expect(readdirSync(world.dir).length).toBe(files);
    const path = world.file(`districts-${label.replace(/\W+/g, '-')}.svg`);
    const exported = await world.dispatcher.call('export.figure', {
      name: 'districts',
      format: 'svg',
      path,
      ...options,
    });
    expect(Buffer.from(preview.svg, 'utf8').equals(readFileSync(path))).toBe(true);
    expect(preview.footnote).toEqual(exported.footnote);
    expect(preview.suppressedCells).toBe(exported.suppressedCells);
    const width = 'width' in options ? options.width : 960;
    expect(preview.svg).toMatch(new RegExp(`<svg[^>]* width="${width}"`));
    expect(svgTexts(preview.svg)).toContain('title' in options ? options.title : 'Victims by district and sex');
  });

  it('changes with the size asked for', async () => {
    const small = await world.dispatcher.call('figure.previewSvg', { name: 'districts', width: 500, height: 300 });
    const large = await world.dispatcher.call('figure.previewSvg', { name: 'districts', width: 1200, height: 700 });
    expect(small.svg).not.toBe(large.svg);
  });

  it('refuses a figure without disclosure control, as the export does', async () => {
    const figure = { ...districtFigure('raw'), query: { ...districtFigure('raw').query, disclosure: null } };
    await world.dispatcher.call('figures.save', { figure, overwrite: true });
    const refusal = await world.dispatcher.call('figure.previewSvg', { name: 'raw' }).then(
      () => null,
      (e: unknown) => (isAppError(e) ? e.code : String(e)),
    );
    expect(refusal).toBe('DISCLOSURE_REQUIRED');
  });
});
