// The flow chart (Sankey-style) of a two-way table: row categories on the left flow into
// column categories on the right, one band per cell, as wide as its published count. A
// suppressed cell is a hatched band of a nominal width marked [c]: its width is the same for
// every suppressed band, so it says nothing of the count. The layout is worked out here, in a
// unit box (x and y from 0 to 1, y downwards), so Plotly and the SVG renderer draw the same
// bands in the same places. Pure: no DOM, no fonts, no Node.
import { categoryColours, SUPPRESSED_COLOUR } from './chartColours.ts';
import { keyLabel } from './chartModel.ts';
import { MARKERS, type Marker } from './markers.ts';
import type { QueryResult } from './query.ts';

export interface FlowNode {
  key: string[];
  label: string;
  side: 'source' | 'target';
  colour: string;
  /** The published total of the row or column; null when suppressed. */
  total: number | null;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

export interface FlowLink {
  source: number;
  target: number;
  /** The published count; null when suppressed (drawn at the nominal width, marked). */
  value: number | null;
  mark: Marker | null;
  colour: string;
  /** The band's outline in the unit box: the upper edge left to right, then the lower edge back. */
  outline: Array<[number, number]>;
  /** Where its mark goes: the middle of the band. */
  middle: [number, number];
}

export interface FlowModel {
  sourceTitle: string;
  targetTitle: string;
  nodes: FlowNode[];
  links: FlowLink[];
  /** Some band is suppressed: drawn at the nominal width (the footnote says so). */
  nominal: boolean;
}

export const FLOW_NOMINAL_NOTE =
  '[c] flows are suppressed by disclosure control and drawn at one nominal width, not their size.';

/** Node columns' width and the gap between nodes, in the unit box. */
const NODE_WIDTH = 0.03;
const GAP = 0.04;
const EDGE_POINTS = 24;

/** A flow chart needs a row field and a column field. */
export function flowShapeProblem(result: Pick<QueryResult, 'rows' | 'cols'>): string | null {
  return result.rows.fields.length === 1 && result.cols.fields.length === 1
    ? null
    : 'needs one row field and one column field';
}

function kept(totals: ReadonlyArray<number | null>, count: number, keepEmpty: boolean): number[] {
  const all = Array.from({ length: count }, (_v, i) => i);
  return keepEmpty ? all : all.filter((i) => totals[i] !== 0);
}

function band(x0: number, top0: number, bottom0: number, x1: number, top1: number, bottom1: number) {
  const edge = (ya: number, yb: number, reverse: boolean): Array<[number, number]> => {
    const points: Array<[number, number]> = [];
    for (let k = 0; k <= EDGE_POINTS; k++) {
      const t = reverse ? 1 - k / EDGE_POINTS : k / EDGE_POINTS;
      // A cubic from (x0, ya) to (x1, yb) with both control points half way across: level at each end.
      const s = t * t * (3 - 2 * t);
      points.push([x0 + (x1 - x0) * t, ya + (yb - ya) * s]);
    }
    return points;
  };
  const outline = [...edge(top0, top1, false), ...edge(bottom0, bottom1, true)];
  const middle: [number, number] = [(x0 + x1) / 2, (top0 + bottom0 + top1 + bottom1) / 4];
  return { outline, middle };
}

export function flowModel(
  result: QueryResult,
  options: { labelOf: (field: string) => string; keepEmpty?: boolean },
): FlowModel {
  const keepEmpty = options.keepEmpty === true;
  const rows = kept(result.rowTotals, result.rows.keys.length, keepEmpty);
  const cols = kept(result.colTotals, result.cols.keys.length, keepEmpty);
  const cells = rows.flatMap((r) =>
    cols.map((c) => ({ r, c, value: result.counts[r]?.[c] ?? null })).filter((cell) => cell.value !== 0),
  );
  const largest = Math.max(0, ...cells.map((cell) => cell.value ?? 0));
  const nominal = Math.max(1, largest * 0.04);
  const width = (value: number | null): number => (value === null ? nominal : value);
  const sourceLabels = rows.map((r) => keyLabel(result.rows.keys[r] ?? []));
  const targetLabels = cols.map((c) => keyLabel(result.cols.keys[c] ?? []));
  const sourceColours = categoryColours(sourceLabels);
  const targetColours = categoryColours(targetLabels);
  const sizeOf = (side: 'r' | 'c', index: number): number =>
    cells.filter((cell) => cell[side] === index).reduce((a, cell) => a + width(cell.value), 0);
  // A node is as tall as its published total where that is more than its bands (suppressed
  // bands are drawn narrower than they may be), so its size reads as the count it is labelled with.
  const sourceSizes = rows.map((r) => Math.max(sizeOf('r', r), result.rowTotals[r] ?? 0));
  const targetSizes = cols.map((c) => Math.max(sizeOf('c', c), result.colTotals[c] ?? 0));
  const sum = (sizes: number[]): number => sizes.reduce((a, b) => a + b, 0);
  const gaps = (n: number): number => GAP * Math.max(0, n - 1);
  const whole = Math.max(sum(sourceSizes), sum(targetSizes));
  const scale = whole > 0 ? (1 - gaps(Math.max(rows.length, cols.length))) / whole : 0;

  const place = (sizes: number[]): Array<[number, number]> => {
    const used = sizes.reduce((a, b) => a + b * scale, 0) + gaps(sizes.length);
    let y = (1 - used) / 2;
    return sizes.map((size) => {
      const span: [number, number] = [y, y + size * scale];
      y = span[1] + GAP;
      return span;
    });
  };
  const sourceSpans = place(sourceSizes);
  const targetSpans = place(targetSizes);
  const nodes: FlowNode[] = [
    ...rows.map((r, i) => ({
      key: [...(result.rows.keys[r] ?? [])],
      label: sourceLabels[i] ?? '',
      side: 'source' as const,
      colour: sourceColours[i] ?? '#0072B2',
      total: result.rowTotals[r] ?? null,
      x0: 0,
      x1: NODE_WIDTH,
      y0: sourceSpans[i]?.[0] ?? 0,
      y1: sourceSpans[i]?.[1] ?? 0,
    })),
    ...cols.map((c, i) => ({
      key: [...(result.cols.keys[c] ?? [])],
      label: targetLabels[i] ?? '',
      side: 'target' as const,
      colour: targetColours[i] ?? '#0072B2',
      total: result.colTotals[c] ?? null,
      x0: 1 - NODE_WIDTH,
      x1: 1,
      y0: targetSpans[i]?.[0] ?? 0,
      y1: targetSpans[i]?.[1] ?? 0,
    })),
  ];
  // Each node's bands stack in the other side's order, so bands cross as little as the table allows.
  const sourceCursor = sourceSpans.map((span) => span[0]);
  const targetCursor = targetSpans.map((span) => span[0]);
  const links: FlowLink[] = [];
  for (const cell of cells) {
    const s = rows.indexOf(cell.r);
    const t = cols.indexOf(cell.c);
    const h = width(cell.value) * scale;
    const top0 = sourceCursor[s] as number;
    const top1 = targetCursor[t] as number;
    sourceCursor[s] = top0 + h;
    targetCursor[t] = top1 + h;
    const shape = band(NODE_WIDTH, top0, top0 + h, 1 - NODE_WIDTH, top1, top1 + h);
    links.push({
      source: s,
      target: rows.length + t,
      value: cell.value,
      mark: cell.value === null ? MARKERS.confidential : null,
      colour: cell.value === null ? SUPPRESSED_COLOUR : (sourceColours[s] ?? '#0072B2'),
      ...shape,
    });
  }
  return {
    sourceTitle: result.rows.fields.map(options.labelOf).join(' · '),
    targetTitle: result.cols.fields.map(options.labelOf).join(' · '),
    nodes,
    links,
    nominal: links.some((l) => l.value === null),
  };
}

/** A node's words: its label and published total ([c] when suppressed). */
export function flowNodeText(node: FlowNode, format: (value: number) => string): string {
  return `${node.label} (${node.total === null ? MARKERS.confidential : format(node.total)})`;
}

/** A band's words, for hover text and descriptions: never the value of a suppressed one. */
export function flowLinkText(model: FlowModel, link: FlowLink, format: (value: number) => string): string {
  const from = model.nodes[link.source]?.label ?? '';
  const to = model.nodes[link.target]?.label ?? '';
  return `${from} → ${to}: ${link.value === null ? (link.mark ?? MARKERS.confidential) : format(link.value)}`;
}
