// Renders an infographic document: lays out the grid, runs every block's live queries through
// the injected resolver (engine + disclosure control), draws the blocks and a footer with the
// disclosure rule, source, date and attributions. One SVG, from which PNG and PDF are made,
// so the three formats say exactly the same.
import type { FigureSpec } from '../../../shared/figure.ts';
import { MAP_ATTRIBUTION } from '../../../shared/geo/districts.ts';
import {
  type InfographicBlock,
  type InfographicDoc,
  InfographicDocSchema,
  type InfographicDocInput,
} from '../../../shared/infographic.ts';
import { AppError } from '../../../shared/errors.ts';
import type { QueryResult } from '../../../shared/query.ts';
import type { Rect } from '../chartFrame.ts';
import { outlineSvgText } from '../svgTextOutlines.ts';
import type { RasterSize } from '../rasterise.ts';
import { el, svgDocument, textEl } from '../svgMarkup.ts';
import { ascent, fitText, lineHeight } from '../textMetrics.ts';
import { type BlockContext, type BlockOutput, MUTED } from './blockContext.ts';
import { chartBlock, flagChartBlock, mapBlock } from './chartBlocks.ts';
import { drawInfographicFile } from './infographicFile.ts';
import { layoutInfographic } from './layout.ts';
import type { Resolve } from './queries.ts';
import { headlineBlock, iconRowBlock, textBlock, titleBlock } from './textBlocks.ts';

export interface InfographicContext {
  synthetic: boolean;
  generatedAt: Date;
  source: string;
  labelOf?: (field: string) => string;
  figure?: (name: string) => FigureSpec | undefined;
}

export interface RenderedInfographic {
  /** The SVG as previewed and exported: its text drawn as glyph outlines. */
  svg: string;
  /** The same with plain <text>, for the PNG and PDF renderers (which load the fonts). */
  plainSvg: string;
  warnings: string[];
}

const FOOTER_SIZE = 8.5;
const FOOTER_LINES = 6;

function renderBlock(block: InfographicBlock, rect: Rect, ctx: BlockContext): Promise<BlockOutput> | BlockOutput {
  switch (block.kind) {
    case 'title':
      return titleBlock(block, rect, ctx);
    case 'headline':
      return headlineBlock(block, rect, ctx);
    case 'chart':
      return chartBlock(block, rect, ctx);
    case 'flagChart':
      return flagChartBlock(block, rect, ctx);
    case 'text':
      return textBlock(block, rect, ctx);
    case 'iconRow':
      return iconRowBlock(block, rect, ctx);
    case 'map':
      return mapBlock(block, rect, ctx);
  }
}

function drawsMap(block: InfographicBlock, ctx: InfographicContext): boolean {
  if (block.kind === 'map') return true;
  if (block.kind !== 'chart') return false;
  const figure = typeof block.figure === 'string' ? ctx.figure?.(block.figure) : block.figure;
  return figure?.chart === 'map';
}

function footerLines(
  doc: InfographicDoc,
  results: readonly QueryResult[],
  notes: readonly string[],
  context: InfographicContext,
): string[] {
  const rules = [...new Set(results.map((r) => r.disclosure?.footnote ?? '').filter((f) => f !== ''))];
  const measures = [...new Set(results.map((r) => r.meta.measure))];
  const lines = [
    `Disclosure control: ${rules.join(' ') || 'applied to every number.'}`,
    `Counts are ${measures.map((m) => (m === 'persons' ? 'distinct persons' : 'records')).join(' or ')}; financial years run April to March. Source: ${context.source}.`,
    ...new Set(notes),
  ];
  if (doc.blocks.some((b) => drawsMap(b, context))) lines.push(MAP_ATTRIBUTION);
  if (context.synthetic) lines.push('SYNTHETIC DATA: generated records, not real people.');
  return lines;
}

/** The grid and page the renderer will use for a document (the editor's overlay draws on it). */
export function infographicLayout(doc: InfographicDoc) {
  return layoutInfographic(doc, lineHeight(FOOTER_SIZE) * FOOTER_LINES);
}

export async function renderInfographicSvg(
  docInput: InfographicDoc | InfographicDocInput,
  resolve: Resolve,
  context: InfographicContext,
): Promise<RenderedInfographic> {
  const parsed = InfographicDocSchema.safeParse(docInput);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      'INVALID_SPEC',
      `The infographic is not valid: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
    );
  }
  const doc = parsed.data;
  const layout = infographicLayout(doc);
  const warnings = [...layout.problems];
  const results: QueryResult[] = [];
  const notes: string[] = [];
  const parts: string[] = [];
  for (const placed of layout.placed) {
    const ctx: BlockContext = {
      theme: doc.theme,
      resolve,
      labelOf: context.labelOf ?? ((field) => field.replace(/_/g, ' ')),
      figure: context.figure ?? (() => undefined),
      source: context.source,
      generatedAt: context.generatedAt,
      idPrefix: `b${placed.index}`,
      label: `Block ${placed.index + 1} (${placed.block.kind})`,
    };
    const out = await renderBlock(placed.block, placed.rect, ctx);
    parts.push(out.markup);
    warnings.push(...out.warnings);
    results.push(...out.results);
    notes.push(...(out.notes ?? []));
  }
  const { footer } = layout.page;
  const family = doc.theme.fontFamily;
  const fitted = fitText(
    footerLines(doc, results, notes, context).join('\n'),
    footer.width,
    footer.height,
    { family, size: FOOTER_SIZE },
    5,
  );
  if (fitted.truncated) warnings.push('The footer (disclosure rule, source, attribution) was cut to fit the page.');
  const first = footer.y + ascent({ family, size: fitted.size });
  const footerMarkup = fitted.lines
    .map((line, i) =>
      textEl(footer.x, first + i * lineHeight(fitted.size), line, { family, size: fitted.size, fill: MUTED }),
    )
    .join('');
  const title =
    doc.blocks.find((b): b is Extract<InfographicBlock, { kind: 'title' }> => b.kind === 'title')?.title ?? doc.name;
  const svg = svgDocument(
    layout.page.width,
    layout.page.height,
    parts.join('') + el('g', { class: 'footer' }, footerMarkup),
    title,
  );
  // The preview is the exported file: text as the bundled fonts' outlines (svgTextOutlines.ts).
  return { svg: outlineSvgText(svg), plainSvg: svg, warnings };
}

export type InfographicFormat = 'svg' | 'png' | 'pdf';

export interface InfographicFile {
  content: Buffer;
  svg: string;
  warnings: string[];
}

/** The infographic as a file's content: the same SVG, rasterised or converted to PDF. */
export async function renderInfographic(
  doc: InfographicDoc | InfographicDocInput,
  resolve: Resolve,
  context: InfographicContext,
  format: InfographicFormat,
  raster: RasterSize = { dpi: 300 },
): Promise<InfographicFile> {
  const { svg, plainSvg, warnings } = await renderInfographicSvg(doc, resolve, context);
  if (format === 'svg') return { content: Buffer.from(svg, 'utf8'), svg, warnings };
  const { page, name } = InfographicDocSchema.parse(doc);
  const content = await drawInfographicFile({
    svg: plainSvg,
    format,
    raster,
    page,
    title: name,
    creationDate: context.generatedAt,
  });
  return { content, svg, warnings };
}
