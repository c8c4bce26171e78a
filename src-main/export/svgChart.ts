// Charts drawn as SVG by our own deterministic renderer, so an export is the same in Electron,
// in browser mode and from the CLI with no browser. Same meaning as the interactive Plotly
// charts: suppressed cells are gaps marked [c], never zeros. Text stays <text> (vector,
// searchable) in the bundled fonts; the footnote lines go at the bottom of every chart.
import type { ChartType } from '../../shared/figure.ts';
import { SAFE_PALETTE } from '../../shared/figure.ts';
import { MAP_ATTRIBUTION } from '../../shared/geo/districts.ts';
import { DEFAULT_THEME, type Theme } from '../../shared/infographic.ts';
import { MARKER_FOOTNOTES, MARKERS } from '../../shared/markers.ts';
import type { QueryResult } from '../../shared/query.ts';
import { cartesianLegend, cartesianPlot, type PlotInput } from './chartCartesian.ts';
import { categorySeries, valueLabelOf } from './chartData.ts';
import { donutLegend, donutPlot } from './chartDonut.ts';
import { type LegendEntry, chartFrame, hatchPatternDef } from './chartFrame.ts';
import { mapPlot } from './chartMap.ts';
import { pyramidLegend, pyramidPlot } from './chartPyramid.ts';
import { tablePlot } from './chartTable.ts';
import { el, svgDocument } from './svgMarkup.ts';

export interface ChartFigure {
  chart: ChartType;
  title: string;
  notes?: string;
}

export interface ChartOptions {
  width: number;
  height: number;
  labelOf: (field: string) => string;
  /** Footnote lines (cohort, period, filters, disclosure rule, source): see footnoteLines(). */
  footnote: readonly string[];
  theme?: Theme;
  /** The axis title for counts; "Records" or "Persons" from the result when absent. */
  valueLabel?: string;
  /** Prefix of element ids, unique when several charts share one SVG document. */
  idPrefix?: string;
}

/** Series colours: the colour-blind-safe palette (the theme's colours are for infographic chrome). */
export function chartPalette(): readonly string[] {
  return SAFE_PALETTE;
}

function legendFor(
  result: QueryResult,
  chart: ChartType,
  valueLabel: string,
  palette: readonly string[],
): LegendEntry[] {
  switch (chart) {
    case 'bar':
    case 'stacked':
    case 'stacked100':
    case 'hbar':
    case 'line':
      return cartesianLegend(result, valueLabel, palette);
    case 'pyramid':
      return pyramidLegend(palette);
    case 'donut':
      return donutLegend(result, palette);
    case 'map':
    case 'table':
      return [];
  }
}

/** Footnote lines of a chart: the caller's, the ONS attribution on every map, and [z] where a share of an empty row shows it. */
export function chartFootnote(chart: ChartType, footnote: readonly string[], result?: QueryResult): string[] {
  const lines = chart === 'map' && !footnote.includes(MAP_ATTRIBUTION) ? [...footnote, MAP_ATTRIBUTION] : [...footnote];
  const showsZ =
    result !== undefined &&
    chart === 'stacked100' &&
    categorySeries(result, '', true).series.some((s) => s.markers.includes(MARKERS.notApplicable));
  return showsZ ? [...lines, MARKER_FOOTNOTES[MARKERS.notApplicable]] : lines;
}

/** The chart as SVG elements at (0, 0) of the given size, with their own <defs>. */
export function renderChartFragment(result: QueryResult, figure: ChartFigure, options: ChartOptions): string {
  const theme = options.theme ?? DEFAULT_THEME;
  const idPrefix = options.idPrefix ?? 'chart';
  const palette = chartPalette();
  const valueLabel = options.valueLabel ?? valueLabelOf(result);
  const frame = chartFrame({
    width: options.width,
    height: options.height,
    title: figure.title,
    notes: figure.notes ?? '',
    footnote: chartFootnote(figure.chart, options.footnote, result),
    legend: legendFor(result, figure.chart, valueLabel, palette),
    family: theme.fontFamily,
    idPrefix,
  });
  const input: PlotInput = {
    result,
    plot: frame.plot,
    text: { family: theme.fontFamily, size: frame.fontSize },
    palette,
    labelOf: options.labelOf,
    valueLabel,
  };
  let plot: string;
  let defs = frame.defs;
  switch (figure.chart) {
    case 'bar':
    case 'stacked':
    case 'stacked100':
    case 'hbar':
    case 'line':
      plot = cartesianPlot(input, figure.chart);
      break;
    case 'pyramid':
      plot = pyramidPlot(input);
      break;
    case 'donut':
      plot = donutPlot(input, idPrefix);
      if (defs === '') defs = hatchPatternDef(idPrefix);
      break;
    case 'map':
      plot = mapPlot(input, idPrefix);
      if (defs === '') defs = hatchPatternDef(idPrefix);
      break;
    case 'table':
      plot = tablePlot(input);
      break;
  }
  return (defs === '' ? '' : el('defs', {}, defs)) + frame.markup + plot;
}

/** A standalone SVG document of the chart. */
export function renderChartSvg(result: QueryResult, figure: ChartFigure, options: ChartOptions): string {
  const title = figure.title === '' ? 'Chart' : figure.title;
  return svgDocument(options.width, options.height, renderChartFragment(result, figure, options), title);
}
