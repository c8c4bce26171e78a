// The chart model (shared/chartModel.ts) as a Plotly figure (data + layout), one function per
// chart type; the SVG exporter draws the same model, so screen and file agree. Pure, so the
// shapes are unit-tested without a browser. Suppressed cells stay gaps (null), never zero, and
// are marked [c] where their bar would be; every text Plotly is given is escaped first.
import {
  chartModel,
  formatChartValue,
  formatModelValue,
  type ChartModel,
  type ChartSeries,
} from '../../shared/chartModel.ts';
import { SUPPRESSED_COLOUR } from '../../shared/chartColours.ts';
import { mapModel, orientRings } from '../../shared/chartMapModel.ts';
import type { ChartType } from '../../shared/figure.ts';
import { MAP_ATTRIBUTION } from '../../shared/geo/districts.ts';
import { sequentialColour } from '../../shared/mapValues.ts';
import { MARKERS } from '../../shared/markers.ts';
import type { QueryResult } from '../../shared/query.ts';
import { combinationsShapeProblem } from '../../shared/chartCombinations.ts';
import { flowShapeProblem } from '../../shared/chartFlow.ts';
import { funnelShapeProblem } from '../../shared/chartFunnel.ts';
import { outcomeShapeProblem } from '../../shared/chartOutcome.ts';
import { combinationsFigure } from './plotlyCombinations.ts';
import { flowFigure } from './plotlyFlow.ts';
import { funnelFigure } from './plotlyFunnel.ts';
import { outcomeFigure } from './plotlyOutcome.ts';
import { heatmapShapeProblem } from '../../shared/chartHeatmap.ts';
import { heatmapFigure } from './plotlyHeatmap.ts';
import type { PlotlyKit } from './plotlyKit.ts';
import { plotlyLabel, plotlyText } from './plotlyText.ts';
import { plotlyErrorBars } from './plotlyErrorBars.ts';
import { changeAnnotations } from './plotlyChangeMarks.ts';
import { CHANGE_WORDS, changeMark } from '../../shared/chartChanges.ts';

export interface PlotlyFigure {
  data: Array<Record<string, unknown>>;
  layout: Record<string, unknown>;
}

export interface FigureOptions {
  title?: string;
  subtitle?: string;
  /** Field label lookup for axis titles. */
  labelOf: (field: string) => string;
  valueLabel: string;
  keepEmpty?: boolean;
}

const FONT = {
  family: 'Segoe UI, system-ui, -apple-system, Helvetica Neue, Arial, sans-serif',
  size: 12,
  color: '#1d2430',
};
const MUTED = '#5b6575';
/** The hatch of a suppressed share or district, as in the export. */
const HATCH = { shape: '/', fgcolor: '#8a94a3', bgcolor: SUPPRESSED_COLOUR, size: 6, solidity: 0.15 };
/** Bars fill 80% of their band, as in the export. */
const BARGAP = 0.2;

export { keyLabel } from '../../shared/chartModel.ts';

function titleText(model: ChartModel): string {
  const title = plotlyText(model.title);
  return model.subtitle === ''
    ? title
    : `${title}<br><span style="font-size:12px">${plotlyText(model.subtitle)}</span>`;
}

function baseLayout(model: ChartModel): Record<string, unknown> {
  const hasTitle = model.title !== '' || model.subtitle !== '';
  return {
    font: FONT,
    paper_bgcolor: '#ffffff',
    plot_bgcolor: '#ffffff',
    margin: { l: 60, r: 20, t: hasTitle ? 70 : 36, b: 40 },
    ...(hasTitle ? { title: { text: titleText(model), x: 0, xanchor: 'left', font: { size: 15 } } } : {}),
    legend: { orientation: 'h', y: 1.02, yanchor: 'bottom', x: 1, xanchor: 'right' },
    hoverlabel: { font: FONT },
  };
}

/** A [c] (or [z]) where a value is not shown; `name` says whose, for the parity test. */
function markAnnotation(
  text: string,
  where: { series: string; category: string },
  position: Record<string, unknown>,
): Record<string, unknown> {
  return {
    text,
    name: JSON.stringify(where),
    showarrow: false,
    font: { size: 11, color: MUTED },
    ...position,
  };
}

/** Up to this many categories, labels wrap under their bars and stay level. */
const LEVEL_LABELS = 8;

/**
 * Characters per label line: beside horizontal bars a fixed column; under a few vertical bars
 * a share of the width, kept level; under many, one line that Plotly turns (a turned
 * multi-line label reads badly). Never cut: automargin makes room.
 */
function labelWidth(model: ChartModel, horizontal: boolean): number {
  const n = Math.max(1, model.categories.length);
  if (horizontal) return 28;
  // A line holds the longest word (up to 24 characters): "Cambridgeshire" is never split.
  const longestWord = Math.max(0, ...model.categories.flatMap((c) => c.label.split(/\s+/).map((w) => w.length)));
  const width = Math.max(10, Math.min(24, Math.max(Math.floor(96 / n), longestWord)));
  return n <= LEVEL_LABELS ? width : Number.MAX_SAFE_INTEGER;
}

function seriesName(series: ChartSeries): string {
  return plotlyText(series.name);
}

function hoverTexts(model: ChartModel, series: ChartSeries): string[] {
  return model.categories.map((category, i) => {
    const v = series.values[i] ?? null;
    const error = series.errors?.[i];
    const range = error
      ? ` (95% CI ${formatModelValue(model, error.lower)}–${formatModelValue(model, error.upper)})`
      : '';
    const change = series.changes?.[i] ?? null;
    const moved = change === null ? '' : `; ${changeMark(change)} ${CHANGE_WORDS[change]}`;
    const shown = v === null ? (series.marks[i] ?? MARKERS.confidential) : formatModelValue(model, v) + range + moved;
    return plotlyText(`${category.label} · ${series.name}: ${shown}`);
  });
}

function cartesianFigure(model: ChartModel, chart: 'bar' | 'stacked' | 'stacked100' | 'hbar' | 'line'): PlotlyFigure {
  const horizontal = chart === 'hbar';
  const stacked = chart === 'stacked' || chart === 'stacked100';
  const categories = model.categories.map((c) => plotlyLabel(c.label, labelWidth(model, horizontal)));
  const n = model.series.length;
  const data = model.series.map((series) => {
    const custom = model.categories.map((c) =>
      model.transposed ? { row: series.key, col: c.key } : { row: c.key, col: series.key },
    );
    const common = {
      name: seriesName(series),
      customdata: series.suppressedShare ? undefined : custom,
      hovertext: hoverTexts(model, series),
      hoverinfo: 'text',
    };
    if (chart === 'line')
      return {
        ...common,
        type: 'scatter',
        mode: 'lines+markers',
        x: categories,
        y: series.values,
        connectgaps: false,
        line: { color: series.colour, width: 2 },
        marker: { color: series.colour, size: 6 },
        ...plotlyErrorBars(series, 'y'),
      };
    const marker = series.suppressedShare
      ? { color: SUPPRESSED_COLOUR, pattern: HATCH, line: { color: '#ffffff', width: 0.5 } }
      : { color: series.colour, ...(stacked ? { line: { color: '#ffffff', width: 0.5 } } : {}) };
    return horizontal
      ? {
          ...common,
          type: 'bar',
          orientation: 'h',
          y: categories,
          x: series.values,
          marker,
          textposition: 'none',
          ...plotlyErrorBars(series, 'x'),
        }
      : {
          ...common,
          type: 'bar',
          x: categories,
          y: series.values,
          marker,
          textposition: 'none',
          ...plotlyErrorBars(series, 'y'),
        };
  });

  const annotations: Array<Record<string, unknown>> = [];
  model.categories.forEach((category, i) => {
    if (stacked) {
      const hidden = model.series.filter((s) => !s.suppressedShare && s.values[i] === null && s.marks[i] !== null);
      const share = model.series.find((s) => s.suppressedShare && s.values[i] !== null);
      const top = model.series.reduce((a, s) => a + Math.max(0, s.values[i] ?? 0), 0);
      const mark = share ? share.marks[i] : hidden[0]?.marks[i];
      if (mark) {
        const series = share ? share.name : hidden.map((s) => s.name).join('|');
        annotations.push(
          markAnnotation(mark, { series, category: category.label }, { x: i, y: top, yanchor: 'bottom', yshift: 2 }),
        );
      }
      return;
    }
    model.series.forEach((series, s) => {
      const mark = series.values[i] === null ? series.marks[i] : null;
      if (!mark) return;
      const offset = chart === 'line' ? 0 : -(1 - BARGAP) / 2 + ((s + 0.5) * (1 - BARGAP)) / n;
      const where = { series: series.name, category: category.label };
      annotations.push(
        markAnnotation(
          mark,
          where,
          horizontal
            ? { x: 0, y: i + offset, xanchor: 'left', xshift: 4 }
            : { x: i + offset, y: 0, yanchor: 'bottom', yshift: 2 + (chart === 'line' ? s * 12 : 0) },
        ),
      );
    });
  });

  if (!stacked) {
    const offset = (s: number) => (chart === 'line' ? 0 : -(1 - BARGAP) / 2 + ((s + 0.5) * (1 - BARGAP)) / n);
    annotations.push(...changeAnnotations(model, horizontal, offset));
  }
  const full = chart === 'stacked100';
  const valueAxis = {
    title: { text: plotlyText(model.valueTitle) },
    rangemode: 'tozero',
    gridcolor: '#e6e9ee',
    zeroline: true,
    zerolinecolor: '#c5ccd6',
    ...(full ? { range: [0, 105] } : {}),
    ...(model.percent ? { ticksuffix: '%' } : {}),
  };
  const categoryAxis = {
    title: { text: plotlyText(model.categoryTitle) },
    automargin: true,
    type: 'category',
    categoryorder: 'array',
    categoryarray: categories,
    ...(horizontal ? { autorange: 'reversed' } : model.categories.length <= LEVEL_LABELS ? { tickangle: 0 } : {}),
  };
  const hasTitle = model.title !== '' || model.subtitle !== '';
  return {
    data,
    layout: {
      ...baseLayout(model),
      barmode: stacked ? 'stack' : 'group',
      bargap: BARGAP,
      showlegend: n > 1,
      annotations,
      ...(horizontal
        ? { xaxis: valueAxis, yaxis: categoryAxis, margin: { l: 200, r: 20, t: hasTitle ? 70 : 16, b: 60 } }
        : { xaxis: categoryAxis, yaxis: valueAxis }),
    },
  };
}

/** Age by sex: males to the left (negative), females to the right, age bands upwards. */
function pyramidFigure(model: ChartModel): PlotlyFigure {
  const ages = model.categories.map((c) => plotlyText(c.label));
  const annotations: Array<Record<string, unknown>> = [];
  const data = model.series.map((series) => {
    const male = series.name === 'Male';
    series.values.forEach((v, a) => {
      const mark = v === null ? series.marks[a] : null;
      if (mark)
        annotations.push(
          markAnnotation(
            mark,
            { series: series.name, category: model.categories[a]?.label ?? '' },
            { x: 0, y: a, xanchor: male ? 'right' : 'left', xshift: male ? -4 : 4 },
          ),
        );
    });
    return {
      type: 'bar',
      orientation: 'h',
      name: seriesName(series),
      y: ages,
      x: series.values.map((v) => (v === null ? null : male ? -v : v)),
      hovertext: hoverTexts(model, series),
      hoverinfo: 'text',
      textposition: 'none',
      marker: { color: series.colour },
      customdata: model.categories.map((c) => ({ row: c.key, col: series.key })),
      ...plotlyErrorBars(series, 'x', male),
    };
  });
  return {
    data,
    layout: {
      ...baseLayout(model),
      barmode: 'relative',
      bargap: 0.16,
      annotations,
      xaxis: {
        title: { text: plotlyText(model.valueTitle) },
        tickformat: '~s',
        ...(model.percent ? { ticksuffix: '%' } : {}),
        gridcolor: '#e6e9ee',
        zerolinecolor: '#8a94a3',
      },
      yaxis: {
        title: { text: plotlyText(model.categoryTitle) },
        type: 'category',
        categoryorder: 'array',
        categoryarray: ages,
      },
      showlegend: true,
    },
  };
}

/** Published slices in their categories' colours; what suppressed slices hold together is one hatched slice. */
function donutFigure(model: ChartModel): PlotlyFigure {
  const values = model.series[0]?.values ?? [];
  const shown = model.categories.map((c, i) => ({ c, v: values[i] ?? null })).filter((x) => x.v !== null);
  const published = shown.reduce((a, x) => a + Math.max(0, x.v ?? 0), 0);
  const hidden = model.categories.filter((_c, i) => values[i] === null).map((c) => c.label);
  const rest = model.total !== null && model.total > published && hidden.length > 0 ? model.total - published : 0;
  const labels = shown.map((x) => plotlyText(x.c.label));
  const sliceValues = shown.map((x) => x.v ?? 0);
  const colours = shown.map((x) => x.c.colour);
  const patterns = shown.map(() => '');
  const hover = shown.map((x) => plotlyText(`${x.c.label}: ${formatChartValue(x.v ?? 0, model.percent)}`));
  if (hidden.length > 0) {
    labels.push(plotlyText(`${MARKERS.confidential} suppressed`));
    sliceValues.push(rest);
    colours.push(SUPPRESSED_COLOUR);
    patterns.push('/');
    hover.push(plotlyText(`${MARKERS.confidential} suppressed: ${hidden.join(', ')}`));
  }
  return {
    data: [
      {
        type: 'pie',
        hole: 0.55,
        labels,
        values: sliceValues,
        customdata: shown.map((x) => ({ row: x.c.key, col: [] })),
        hovertext: hover,
        hoverinfo: 'text',
        textinfo: 'percent',
        sort: false,
        direction: 'clockwise',
        marker: {
          colors: colours,
          pattern: { shape: patterns, fgcolor: '#8a94a3', bgcolor: SUPPRESSED_COLOUR, size: 6 },
          line: { color: '#ffffff', width: 2 },
        },
      },
    ],
    layout: { ...baseLayout(model), showlegend: true, legend: { orientation: 'v', x: 1, y: 0.5 } },
  };
}

/**
 * Districts as filled polygons in the export's projection (no base map: nothing is fetched),
 * one unit east the same length as one unit north, so the county has the export's shape. Each
 * district is one trace of all its rings, outlines and holes turned opposite ways, so South
 * Cambridgeshire's hole leaves Cambridge visible. Suppressed districts are hatched.
 */
function mapFigure(result: QueryResult, model: ChartModel): PlotlyFigure {
  const map = mapModel(result);
  const data: Array<Record<string, unknown>> = map.districts.map((district) => {
    const x: Array<number | null> = [];
    const y: Array<number | null> = [];
    for (const polygon of district.polygons)
      for (const ring of orientRings(polygon)) {
        if (x.length > 0) {
          x.push(null);
          y.push(null);
        }
        for (const [px, py] of ring) {
          x.push(px);
          y.push(-py);
        }
      }
    const shown =
      district.value === null
        ? (district.mark ?? MARKERS.confidential)
        : formatChartValue(district.value, false, result.rates !== undefined);
    return {
      type: 'scatter',
      mode: 'lines',
      x,
      y,
      fill: 'toself',
      fillcolor: district.colour ?? SUPPRESSED_COLOUR,
      ...(district.colour === null ? { fillpattern: HATCH } : {}),
      line: { color: '#ffffff', width: 1.2 },
      name: plotlyText(district.name),
      showlegend: false,
      hoveron: 'fills',
      text: plotlyText(`${district.name}: ${shown}`),
      hoverinfo: 'text',
      customdata: { row: [district.name], col: [] },
    };
  });
  if (map.min !== null && map.max !== null) {
    data.push({
      type: 'scatter',
      mode: 'markers',
      x: [null],
      y: [null],
      hoverinfo: 'skip',
      showlegend: false,
      marker: {
        colorscale: [0, 0.25, 0.5, 0.75, 1].map((t) => [t, sequentialColour(t)]),
        cmin: map.min,
        cmax: map.max,
        color: [map.min],
        showscale: true,
        colorbar: { title: { text: plotlyText(result.rates ? 'Rate per 1,000' : model.valueTitle) }, thickness: 12 },
      },
    });
  }
  const hasTitle = model.title !== '' || model.subtitle !== '';
  return {
    data,
    layout: {
      ...baseLayout(model),
      xaxis: { visible: false, scaleanchor: 'y', scaleratio: 1, constrain: 'domain' },
      yaxis: { visible: false, constrain: 'domain' },
      margin: { l: 10, r: 10, t: hasTitle ? 70 : 10, b: 46 },
      // The boundary licence (Open Government Licence) asks for this wherever the map is drawn.
      annotations: [
        {
          text: plotlyText(MAP_ATTRIBUTION).replace(' Contains OS data', '<br>Contains OS data'),
          xref: 'paper',
          yref: 'paper',
          x: 0,
          y: -0.02,
          xanchor: 'left',
          yanchor: 'top',
          showarrow: false,
          align: 'left',
          font: { size: 9, color: MUTED },
        },
      ],
    },
  };
}

/** The model the screen draws (the export builds the same one from the same settings). */
export function screenChartModel(result: QueryResult, chart: ChartType, options: FigureOptions): ChartModel {
  return chartModel(result, {
    chart,
    title: options.title ?? '',
    subtitle: options.subtitle ?? '',
    labelOf: options.labelOf,
    valueLabel: options.valueLabel,
    ...(options.keepEmpty !== undefined ? { keepEmpty: options.keepEmpty } : {}),
  });
}

export function plotlyFigure(result: QueryResult, chart: ChartType, options: FigureOptions): PlotlyFigure | null {
  const model = screenChartModel(result, chart, options);
  switch (chart) {
    case 'bar':
    case 'stacked':
    case 'stacked100':
    case 'hbar':
    case 'line':
      return cartesianFigure(model, chart);
    case 'pyramid':
      return pyramidFigure(model);
    case 'donut':
      return donutFigure(model);
    case 'map':
      return mapFigure(result, model);
    case 'table':
      return null;
    case 'flow':
      return flowFigure(result, options, kitOf(model));
    case 'funnel':
      return funnelFigure(result, options, kitOf(model));
    case 'combinations':
      return combinationsFigure(result, options, kitOf(model));
    case 'outcome':
      return outcomeFigure(result, options, kitOf(model));
    case 'heatmap':
      return heatmapFigure(result, options, kitOf(model));
  }
}

function kitOf(model: ChartModel): PlotlyKit {
  return { layout: baseLayout(model), hatch: HATCH, mark: markAnnotation, font: FONT, muted: MUTED };
}

/** Which chart types make sense for this table's shape, and why not the others. */
export function chartAvailability(
  result: Pick<QueryResult, 'rows' | 'cols'> & Partial<Pick<QueryResult, 'outcomes'>>,
): Record<ChartType, string | null> {
  const fields = [...result.rows.fields, ...result.cols.fields];
  const twoWay = result.rows.fields.length === 1 && result.cols.fields.length === 1;
  const pyramid = twoWay && fields.includes('age_band') && fields.includes('sex') ? null : 'needs age band by sex';
  const map =
    result.rows.fields.length === 1 && result.rows.fields[0] === 'district'
      ? null
      : 'needs district as the only row field';
  const donut = result.rows.fields.length >= 1 ? null : 'needs a row field';
  const trend =
    result.rows.fields[0] === 'month' || result.rows.fields[0] === 'financial_year'
      ? null
      : 'needs month or financial year as rows';
  const flow = flowShapeProblem(result);
  const funnel = funnelShapeProblem(result);
  const combinations = combinationsShapeProblem(result);
  return {
    bar: null,
    stacked: null,
    stacked100: null,
    hbar: null,
    line: trend,
    pyramid,
    donut,
    map,
    table: null,
    flow,
    funnel,
    combinations,
    outcome: outcomeShapeProblem(result),
    heatmap: heatmapShapeProblem(result),
  };
}
