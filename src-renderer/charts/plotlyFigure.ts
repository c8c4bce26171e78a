// From a query result to a Plotly figure (data + layout), one function per chart type.
// Pure, so the shapes are unit-tested without a browser. Suppressed cells stay gaps
// (null), never zero, so a chart cannot reveal what the table hides.
import type { ChartType } from '../../shared/figure.ts';
import { SAFE_PALETTE } from '../../shared/figure.ts';
import type { QueryResult } from '../../shared/query.ts';
import { DISTRICT_FEATURES, MAP_ATTRIBUTION } from '../../shared/geo/districts.ts';
import { districtValues, sequentialColour } from '../../shared/mapValues.ts';

export interface PlotlyFigure {
  data: Array<Record<string, unknown>>;
  layout: Record<string, unknown>;
}

export interface FigureOptions {
  title?: string;
  /** Field label lookup for axis titles. */
  labelOf: (field: string) => string;
  valueLabel: string;
}

const FONT = {
  family: 'Segoe UI, system-ui, -apple-system, Helvetica Neue, Arial, sans-serif',
  size: 12,
  color: '#1d2430',
};

export function keyLabel(key: readonly string[]): string {
  return key.length === 0 ? 'All' : key.join(' · ');
}

function baseLayout(options: FigureOptions): Record<string, unknown> {
  return {
    font: FONT,
    paper_bgcolor: '#ffffff',
    plot_bgcolor: '#ffffff',
    colorway: [...SAFE_PALETTE],
    margin: { l: 60, r: 20, t: options.title ? 70 : 36, b: 40 },
    ...(options.title ? { title: { text: options.title, x: 0, xanchor: 'left', font: { size: 15 } } } : {}),
    legend: { orientation: 'h', y: 1.02, yanchor: 'bottom', x: 1, xanchor: 'right' },
    hoverlabel: { font: FONT },
  };
}

function seriesNames(result: QueryResult, options: FigureOptions): string[] {
  return result.cols.fields.length === 0 ? [options.valueLabel] : result.cols.keys.map(keyLabel);
}

function columnValues(result: QueryResult, col: number, percentOfRow: boolean): Array<number | null> {
  return result.counts.map((row, r) => {
    const value = row[col] ?? null;
    if (!percentOfRow || value === null) return value;
    const total = result.rowTotals[r] ?? null;
    return total === null || total === 0 ? null : (100 * value) / total;
  });
}

function barFigure(
  result: QueryResult,
  options: FigureOptions,
  chart: 'bar' | 'stacked' | 'stacked100' | 'hbar' | 'line',
): PlotlyFigure {
  const categories = result.rows.keys.map(keyLabel);
  const names = seriesNames(result, options);
  const horizontal = chart === 'hbar';
  const percent = chart === 'stacked100';
  const data = names.map((name, c) => {
    const values = columnValues(result, c, percent);
    const custom = result.rows.keys.map((key) => ({ row: key, col: result.cols.keys[c] ?? [] }));
    if (chart === 'line') {
      return {
        type: 'scatter',
        mode: 'lines+markers',
        name,
        x: categories,
        y: values,
        customdata: custom,
        connectgaps: false,
      };
    }
    return horizontal
      ? { type: 'bar', orientation: 'h', name, y: categories, x: values, customdata: custom }
      : { type: 'bar', name, x: categories, y: values, customdata: custom };
  });
  const valueAxis = {
    title: { text: percent ? `% of ${options.labelOf(result.rows.fields[0] ?? '')}` : options.valueLabel },
    rangemode: 'tozero',
    gridcolor: '#e6e9ee',
    zeroline: true,
    zerolinecolor: '#c5ccd6',
    ...(percent ? { range: [0, 100] } : {}),
  };
  const categoryAxis = {
    title: { text: result.rows.fields.map(options.labelOf).join(' · ') },
    automargin: true,
    ...(horizontal ? { autorange: 'reversed' } : {}),
  };
  return {
    data,
    layout: {
      ...baseLayout(options),
      barmode: chart === 'stacked' || chart === 'stacked100' ? 'stack' : 'group',
      showlegend: names.length > 1,
      ...(horizontal
        ? { xaxis: valueAxis, yaxis: categoryAxis, margin: { l: 200, r: 20, t: options.title ? 48 : 16, b: 60 } }
        : { xaxis: categoryAxis, yaxis: valueAxis }),
    },
  };
}

/** Age by sex: males to the left (negative), females to the right, age bands upwards. */
function pyramidFigure(result: QueryResult, options: FigureOptions): PlotlyFigure {
  const ageOnRows = result.rows.fields[0] === 'age_band';
  const ages = (ageOnRows ? result.rows.keys : result.cols.keys).map(keyLabel);
  const sexes = (ageOnRows ? result.cols.keys : result.rows.keys).map(keyLabel);
  const value = (ageIndex: number, sexIndex: number): number | null =>
    ageOnRows ? (result.counts[ageIndex]?.[sexIndex] ?? null) : (result.counts[sexIndex]?.[ageIndex] ?? null);
  const data = sexes
    .map((sex, s) => ({ sex, s }))
    .filter(({ sex }) => sex === 'Male' || sex === 'Female')
    .map(({ sex, s }) => {
      const values = ages.map((_age, a) => value(a, s));
      const signed = values.map((v) => (v === null ? null : sex === 'Male' ? -v : v));
      return {
        type: 'bar',
        orientation: 'h',
        name: sex,
        y: ages,
        x: signed,
        text: values.map((v) => (v === null ? '[c]' : v.toLocaleString('en-GB'))),
        hovertemplate: '%{y}: %{text}<extra>' + sex + '</extra>',
        textposition: 'none',
        marker: { color: sex === 'Male' ? SAFE_PALETTE[0] : SAFE_PALETTE[1] },
      };
    });
  return {
    data,
    layout: {
      ...baseLayout(options),
      barmode: 'relative',
      bargap: 0.08,
      xaxis: { title: { text: options.valueLabel }, tickformat: '~s', gridcolor: '#e6e9ee', zerolinecolor: '#8a94a3' },
      yaxis: { title: { text: options.labelOf('age_band') } },
      showlegend: true,
    },
  };
}

function donutFigure(result: QueryResult, options: FigureOptions): PlotlyFigure {
  const values = result.cols.fields.length === 0 ? result.counts.map((row) => row[0] ?? null) : result.rowTotals;
  return {
    data: [
      {
        type: 'pie',
        hole: 0.55,
        labels: result.rows.keys.map(keyLabel),
        values: values.map((v) => v ?? 0),
        customdata: result.rows.keys.map((key) => ({ row: key, col: [] })),
        text: values.map((v) => (v === null ? '[c]' : '')),
        textinfo: 'percent',
        sort: false,
        marker: { colors: [...SAFE_PALETTE], line: { color: '#ffffff', width: 2 } },
      },
    ],
    layout: { ...baseLayout(options), showlegend: true, legend: { orientation: 'v', x: 1, y: 0.5 } },
  };
}

/** Districts as filled polygons (no base map: nothing is fetched). */
function mapFigure(result: QueryResult, options: FigureOptions): PlotlyFigure {
  const values = districtValues(result);
  const known = [...values.values()].filter((v): v is number => v !== null);
  const min = Math.min(...known);
  const max = Math.max(...known);
  const data: Array<Record<string, unknown>> = [];
  for (const feature of DISTRICT_FEATURES) {
    const value = values.get(feature.name) ?? null;
    const colour = value === null ? '#d9dde3' : sequentialColour(max > min ? (value - min) / (max - min) : 0.5);
    feature.polygons.forEach((polygon, p) => {
      const ring = polygon[0] ?? [];
      data.push({
        type: 'scatter',
        mode: 'lines',
        x: ring.map((pt) => pt[0]),
        y: ring.map((pt) => pt[1]),
        fill: 'toself',
        fillcolor: colour,
        line: { color: '#ffffff', width: 1.2 },
        name: feature.name,
        legendgroup: feature.name,
        showlegend: false,
        hoveron: 'fills',
        text: `${feature.name}: ${value === null ? 'suppressed or no data' : value.toLocaleString('en-GB', { maximumFractionDigits: 1 })}`,
        hoverinfo: 'text',
        customdata: { row: [feature.name], col: [], part: p },
      });
    });
  }
  if (known.length > 0) {
    data.push({
      type: 'scatter',
      mode: 'markers',
      x: [null],
      y: [null],
      hoverinfo: 'skip',
      showlegend: false,
      marker: {
        colorscale: [0, 0.25, 0.5, 0.75, 1].map((t) => [t, sequentialColour(t)]),
        cmin: min,
        cmax: max,
        color: [min],
        showscale: true,
        colorbar: { title: { text: result.rates ? 'Rate per 1,000' : options.valueLabel }, thickness: 12 },
      },
    });
  }
  return {
    data,
    layout: {
      ...baseLayout(options),
      xaxis: { visible: false, scaleanchor: 'y', scaleratio: 1.62 },
      yaxis: { visible: false },
      margin: { l: 10, r: 10, t: options.title ? 48 : 10, b: 46 },
      // The boundary licence (Open Government Licence) asks for this wherever the map is drawn.
      annotations: [
        {
          text: MAP_ATTRIBUTION.replace(' Contains OS data', '<br>Contains OS data'),
          xref: 'paper',
          yref: 'paper',
          x: 0,
          y: -0.02,
          xanchor: 'left',
          yanchor: 'top',
          showarrow: false,
          align: 'left',
          font: { size: 9, color: '#5b6575' },
        },
      ],
    },
  };
}

export function plotlyFigure(result: QueryResult, chart: ChartType, options: FigureOptions): PlotlyFigure | null {
  switch (chart) {
    case 'bar':
    case 'stacked':
    case 'stacked100':
    case 'hbar':
    case 'line':
      return barFigure(result, options, chart);
    case 'pyramid':
      return pyramidFigure(result, options);
    case 'donut':
      return donutFigure(result, options);
    case 'map':
      return mapFigure(result, options);
    case 'table':
      return null;
  }
}

/** Which chart types make sense for this table's shape, and why not the others. */
export function chartAvailability(result: Pick<QueryResult, 'rows' | 'cols'>): Record<ChartType, string | null> {
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
  return { bar: null, stacked: null, stacked100: null, hbar: null, line: trend, pyramid, donut, map, table: null };
}
