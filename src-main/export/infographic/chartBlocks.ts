// The blocks that draw charts: a saved or inline figure, a bar chart of flag counts (the needs
// of offenders), and a district map. Each is the exported-chart renderer drawn into its box.
import type { FigureSpec } from '../../../shared/figure.ts';
import type { InfographicBlock } from '../../../shared/infographic.ts';
import type { QueryResult } from '../../../shared/query.ts';
import { AppError } from '../../../shared/errors.ts';
import { pickIntervalRows } from '../../../shared/intervals.ts';
import type { Rect } from '../chartFrame.ts';
import { renderChartFragment } from '../svgChart.ts';
import { errorBarNotes } from '../chartErrorBars.ts';
import { changeMarkNotes } from '../chartChangeMarks.ts';
import { el, rectEl, num } from '../svgMarkup.ts';
import { type BlockContext, type BlockOutput, MUTED } from './blockContext.ts';
import { count, countSpec, protectedResult } from './queries.ts';
import { textInBox } from './textBlocks.ts';

type Block<K extends InfographicBlock['kind']> = Extract<InfographicBlock, { kind: K }>;

function drawChart(
  result: QueryResult,
  figure: Pick<FigureSpec, 'chart' | 'title'> & { keepEmpty?: boolean },
  rect: Rect,
  ctx: BlockContext,
  labelOf = ctx.labelOf,
): string {
  const fragment = renderChartFragment(result, figure, {
    width: rect.width,
    height: rect.height,
    labelOf,
    footnote: [],
    theme: ctx.theme,
    idPrefix: ctx.idPrefix,
  });
  return el('g', { transform: `translate(${num(rect.x)} ${num(rect.y)})` }, fragment);
}

function missing(rect: Rect, ctx: BlockContext, message: string): BlockOutput {
  const text = textInBox(
    message,
    { x: rect.x + 8, y: rect.y + 8, width: rect.width - 16, height: rect.height - 16 },
    { family: ctx.theme.fontFamily, size: 12, fill: MUTED },
    ctx.label,
  );
  return {
    markup:
      rectEl(rect.x, rect.y, rect.width, rect.height, {
        fill: '#ffffff',
        stroke: '#c5ccd6',
        'stroke-dasharray': '4 3',
      }) + text.markup,
    warnings: [`${ctx.label}: ${message}`],
    results: [],
  };
}

/** Keeps the `n` rows with the largest totals (suppressed rows last), largest first. */
export function topRows(result: QueryResult, n: number): QueryResult {
  const value = (r: number): number =>
    result.cols.fields.length === 0 ? (result.counts[r]?.[0] ?? -1) : (result.rowTotals[r] ?? -1);
  const order = result.rows.keys
    .map((_k, r) => r)
    .sort((a, b) => value(b) - value(a) || a - b)
    .slice(0, n);
  const pick = <T>(list: readonly T[]): T[] => order.map((r) => list[r]).filter((v): v is T => v !== undefined);
  // Changes are from one year to the next: the top rows are no longer a run of years, so none is kept.
  const { changes: _notKept, ...kept } = result;
  return {
    ...kept,
    rows: { fields: result.rows.fields, keys: pick(result.rows.keys) },
    counts: pick(result.counts),
    rowTotals: pick(result.rowTotals),
    ...(result.percents ? { percents: pick(result.percents) } : {}),
    ...(result.rates ? { rates: pick(result.rates) } : {}),
    ...(result.intervals ? { intervals: pickIntervalRows(result.intervals, pick) } : {}),
  };
}

export async function chartBlock(block: Block<'chart'>, rect: Rect, ctx: BlockContext): Promise<BlockOutput> {
  const figure = typeof block.figure === 'string' ? ctx.figure(block.figure) : block.figure;
  if (figure === undefined) return missing(rect, ctx, `the saved figure "${String(block.figure)}" no longer exists.`);
  const full = protectedResult(await ctx.resolve(figure.query), `chart "${figure.title || figure.name}"`);
  const result = block.top === null ? full : topRows(full, block.top);
  return {
    markup: el('g', { class: 'block chart' }, drawChart(result, figure, rect, ctx)),
    warnings: [],
    results: [result],
    // The same lines a figure's own footnote carries, where the tile draws whiskers or marks.
    notes: [...errorBarNotes(result, figure.chart), ...changeMarkNotes(result, figure.chart)],
  };
}

export async function flagChartBlock(block: Block<'flagChart'>, rect: Rect, ctx: BlockContext): Promise<BlockOutput> {
  const counts = [];
  for (const flag of block.flags) {
    const value = await count(
      ctx.resolve,
      countSpec(block.base, [{ kind: 'equals', field: flag.field, equals: true }]),
      `"${flag.label}" count`,
    );
    counts.push({ label: flag.label, ...value });
  }
  const first = counts[0];
  if (!first) throw new AppError('INVALID_SPEC', `${ctx.label}: a flag chart needs at least one flag.`);
  // Each flag is its own one-cell table (flags overlap, so they share no totals); suppressed
  // counts stay null and draw as [c].
  const combined: QueryResult = {
    ...first.result,
    rows: { fields: ['flag'], keys: counts.map((c) => [c.label]) },
    cols: { fields: [], keys: [[]] },
    counts: counts.map((c) => [c.value]),
    rowTotals: counts.map((c) => c.value),
    colTotals: [null],
    total: null,
    percents: undefined,
    rates: undefined,
    stats: null,
    suppressed: counts.flatMap((c, r) => (c.value === null ? [[r, 0] as [number, number]] : [])),
  };
  const shown = topRows(combined, block.top);
  const labelOf = (field: string): string => (field === 'flag' ? '' : ctx.labelOf(field));
  return {
    markup: el(
      'g',
      { class: 'block flag-chart' },
      drawChart(shown, { chart: 'hbar', title: block.title }, rect, ctx, labelOf),
    ),
    warnings: [],
    results: counts.map((c) => c.result),
  };
}

export async function mapBlock(block: Block<'map'>, rect: Rect, ctx: BlockContext): Promise<BlockOutput> {
  if (block.query.rows[0] !== 'district' || block.query.rows.length !== 1)
    return missing(rect, ctx, 'a map needs a query with district as its only row field.');
  const result = protectedResult(await ctx.resolve(block.query), `map "${block.title}"`);
  return {
    markup: el('g', { class: 'block map' }, drawChart(result, { chart: 'map', title: block.title }, rect, ctx)),
    warnings: [],
    results: [result],
  };
}
