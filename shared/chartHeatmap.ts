// The heatmap of a two-way table (the co-occurrence of needs, or any table with one row and
// one column field): one square per cell, its shade from white to blue by its published count
// over the largest published one, the count printed in it; a suppressed cell is grey and
// marked [c], never shaded by its size. Small multiples (two column fields, the first the
// panel's: needs together by sex, age band or service) are one heatmap per category of it,
// side by side, shaded on one scale so their squares compare. Pure: shared by Plotly and the
// SVG renderer.
import { keyLabel } from './chartModel.ts';
import { MARKERS, type Marker } from './markers.ts';
import type { QueryResult } from './query.ts';

export const HEATMAP_LOW = '#ffffff';
export const HEATMAP_HIGH = '#0072B2';
export const HEATMAP_HIDDEN = '#d5d9e0';

export interface HeatmapCell {
  value: number | null;
  mark: Marker | null;
  /** 0..1 of the largest published count; null when hidden. */
  level: number | null;
  fill: string;
  /** Dark text on light squares, white on dark ones. */
  ink: string;
}

export interface HeatmapModel {
  rowTitle: string;
  colTitle: string;
  rows: string[];
  cols: string[];
  /** By row, then column, in the table's order. */
  cells: HeatmapCell[][];
  largest: number;
}

/** A heatmap needs one row field and one column field (two: small multiples by the first). */
export function heatmapShapeProblem(result: Pick<QueryResult, 'rows' | 'cols'>): string | null {
  return result.rows.fields.length === 1 && (result.cols.fields.length === 1 || result.cols.fields.length === 2)
    ? null
    : 'needs one row field and one column field (or two, for one heatmap per category of the first)';
}

export interface HeatmapPanel {
  /** The panel's category (empty: a single heatmap). */
  title: string;
  model: HeatmapModel;
}

/** The result's columns of one panel category (the first column field's), as a table of its own. */
function panelResult(result: QueryResult, columns: number[]): QueryResult {
  const pick = <T>(line: readonly T[]): T[] => columns.map((c) => line[c] as T);
  return {
    ...result,
    cols: { fields: result.cols.fields.slice(1), keys: columns.map((c) => (result.cols.keys[c] ?? []).slice(1)) },
    counts: result.counts.map(pick),
    colTotals: pick(result.colTotals),
  };
}

/** One heatmap, or one per category of the first column field, all shaded by the largest published count. */
export function heatmapPanels(result: QueryResult, options: { labelOf: (field: string) => string }): HeatmapPanel[] {
  if (result.cols.fields.length < 2) return [{ title: '', model: heatmapModel(result, options) }];
  const byPanel = new Map<string, number[]>();
  result.cols.keys.forEach((key, c) => {
    const panel = key[0] ?? '';
    byPanel.set(panel, [...(byPanel.get(panel) ?? []), c]);
  });
  const largest = Math.max(0, ...result.counts.flat().filter((v): v is number => v !== null));
  return [...byPanel].map(([title, columns]) => ({
    title,
    model: heatmapModel(panelResult(result, columns), options, largest),
  }));
}

function channel(hex: string, at: number): number {
  return Number.parseInt(hex.slice(at, at + 2), 16);
}

/** The colour `level` of the way from HEATMAP_LOW to HEATMAP_HIGH. */
export function heatmapColour(level: number): string {
  const mix = (at: number): string =>
    Math.round(channel(HEATMAP_LOW, at) + (channel(HEATMAP_HIGH, at) - channel(HEATMAP_LOW, at)) * level)
      .toString(16)
      .padStart(2, '0');
  return `#${mix(1)}${mix(3)}${mix(5)}`;
}

export function heatmapModel(
  result: QueryResult,
  options: { labelOf: (field: string) => string },
  /** The count shaded darkest (small multiples share one); default this table's largest. */
  scale?: number,
): HeatmapModel {
  const published = result.counts.flat().filter((v): v is number => v !== null);
  const largest = scale ?? Math.max(0, ...published);
  return {
    rowTitle: result.rows.fields.map(options.labelOf).join(' · '),
    colTitle: result.cols.fields.map(options.labelOf).join(' · '),
    rows: result.rows.keys.map(keyLabel),
    cols: result.cols.keys.map(keyLabel),
    largest,
    cells: result.rows.keys.map((_k, r) =>
      result.cols.keys.map((_c, c) => {
        const value = result.counts[r]?.[c] ?? null;
        if (value === null)
          return { value, mark: MARKERS.confidential, level: null, fill: HEATMAP_HIDDEN, ink: '#1b1b1b' };
        const level = largest === 0 ? 0 : value / largest;
        return { value, mark: null, level, fill: heatmapColour(level), ink: level > 0.55 ? '#ffffff' : '#1b1b1b' };
      }),
    ),
  };
}
