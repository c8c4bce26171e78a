// Charts drawn as SVG by our own deterministic renderer, so an export is the same in Electron,
// in browser mode and from the CLI with no browser. It draws the one chart model
// (shared/chartModel.ts) that Plotly draws on screen: suppressed cells are gaps marked [c],
// never zeros; colours are keyed by category. Text stays <text> (vector, searchable) in the
// bundled fonts; the footnote lines go at the bottom of every chart.
import { chartModel, type ChartModel } from '../../shared/chartModel.ts';
import type { ChartType } from '../../shared/figure.ts';
import { MAP_ATTRIBUTION } from '../../shared/geo/districts.ts';
import { DEFAULT_THEME, type Theme } from '../../shared/infographic.ts';
import { MARKER_FOOTNOTES, MARKERS, type Marker } from '../../shared/markers.ts';
import type { QueryResult } from '../../shared/query.ts';
import { cartesianLegend, cartesianPlot, type PlotInput } from './chartCartesian.ts';
import { combinationsPlot } from './chartCombinations.ts';
import { donutLegend, donutPlot } from './chartDonut.ts';
import { flowFootnote, flowPlot } from './chartFlow.ts';
import { funnelPlot } from './chartFunnel.ts';
import { outcomeLegend, outcomeNotes, outcomePlot } from './chartOutcome.ts';
import { heatmapPlot } from './chartHeatmap.ts';
import { type LegendEntry, chartFrame, hatchPatternDef } from './chartFrame.ts';
import { mapPlot } from './chartMap.ts';
import { pyramidLegend, pyramidPlot } from './chartPyramid.ts';
import { tablePlot } from './chartTable.ts';
import { el, svgDocument } from './svgMarkup.ts';

/** What a chart prints around itself. A figure's internal notes are not part of it. */
export interface ChartFigure {
  chart: ChartType;
  title: string;
  subtitle?: string;
  /** The figure's own choice to keep empty categories and series. */
  keepEmpty?: boolean;
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
  /** Keep categories and series whose published total is zero; the figure's choice when absent. */
  keepEmpty?: boolean;
}

function legendFor(model: ChartModel): LegendEntry[] {
  switch (model.chart) {
    case 'bar':
    case 'stacked':
    case 'stacked100':
    case 'hbar':
    case 'line':
      return cartesianLegend(model);
    case 'pyramid':
      return pyramidLegend(model);
    case 'donut':
      return donutLegend(model);
    case 'map':
    case 'table':
    case 'flow':
    case 'funnel':
    case 'combinations':
    case 'outcome':
    case 'heatmap':
      return [];
  }
}

/**
 * Footnote lines of a chart: the caller's, the ONS attribution on every map, [z] where a share
 * of an empty row shows it and [x] where a rate has no population to be taken from.
 */
export function chartFootnote(model: ChartModel): string[] {
  const lines =
    model.chart === 'map' && !model.footnote.includes(MAP_ATTRIBUTION)
      ? [...model.footnote, MAP_ATTRIBUTION]
      : [...model.footnote];
  const shows = (marker: Marker): boolean => model.series.some((s) => s.marks.includes(marker));
  for (const marker of [MARKERS.notApplicable, MARKERS.notAvailable])
    if (shows(marker) && !lines.includes(MARKER_FOOTNOTES[marker])) lines.push(MARKER_FOOTNOTES[marker]);
  return lines;
}

/** The chart model an export draws for this figure (the screen builds the same one). */
export function exportChartModel(result: QueryResult, figure: ChartFigure, options: ChartOptions): ChartModel {
  return chartModel(result, {
    chart: figure.chart,
    title: figure.title,
    subtitle: figure.subtitle ?? '',
    footnote: options.footnote,
    labelOf: options.labelOf,
    ...(options.valueLabel !== undefined ? { valueLabel: options.valueLabel } : {}),
    keepEmpty: options.keepEmpty ?? figure.keepEmpty ?? false,
  });
}

/** The chart as SVG elements at (0, 0) of the given size, with their own <defs>. */
export function renderChartFragment(result: QueryResult, figure: ChartFigure, options: ChartOptions): string {
  const theme = options.theme ?? DEFAULT_THEME;
  const idPrefix = options.idPrefix ?? 'chart';
  const model = exportChartModel(result, figure, options);
  const keepEmpty = options.keepEmpty ?? figure.keepEmpty ?? false;
  const frame = chartFrame({
    width: options.width,
    height: options.height,
    title: model.title,
    subtitle: model.subtitle,
    footnote:
      figure.chart === 'flow'
        ? [...chartFootnote(model), ...flowFootnote({ result, labelOf: options.labelOf }, keepEmpty)]
        : [...chartFootnote(model), ...(figure.chart === 'outcome' ? outcomeNotes(result, options, keepEmpty) : [])],
    legend:
      figure.chart === 'outcome' ? outcomeLegend({ result, labelOf: options.labelOf }, keepEmpty) : legendFor(model),
    family: theme.fontFamily,
    idPrefix,
  });
  const input: PlotInput = {
    result,
    model,
    plot: frame.plot,
    text: { family: theme.fontFamily, size: frame.fontSize },
    labelOf: options.labelOf,
    valueLabel: model.valueTitle,
    idPrefix,
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
      if (defs === '' && figure.chart === 'stacked100') defs = hatchPatternDef(idPrefix);
      break;
    case 'pyramid':
      plot = pyramidPlot(input);
      break;
    case 'donut':
      plot = donutPlot(input);
      if (defs === '') defs = hatchPatternDef(idPrefix);
      break;
    case 'map':
      plot = mapPlot(input);
      if (defs === '') defs = hatchPatternDef(idPrefix);
      break;
    case 'table':
      plot = tablePlot(input);
      break;
    case 'flow':
      plot = flowPlot(input, keepEmpty);
      if (defs === '') defs = hatchPatternDef(idPrefix);
      break;
    case 'funnel':
      plot = funnelPlot(input);
      break;
    case 'combinations':
      plot = combinationsPlot(input, keepEmpty);
      break;
    case 'outcome':
      plot = outcomePlot(input, keepEmpty);
      break;
    case 'heatmap':
      plot = heatmapPlot(input);
      break;
  }
  return (defs === '' ? '' : el('defs', {}, defs)) + frame.markup + plot;
}

/** A standalone SVG document of the chart. */
export function renderChartSvg(result: QueryResult, figure: ChartFigure, options: ChartOptions): string {
  const title = figure.title === '' ? 'Chart' : figure.title;
  return svgDocument(options.width, options.height, renderChartFragment(result, figure, options), title);
}
