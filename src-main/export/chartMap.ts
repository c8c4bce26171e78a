// The district map as SVG: the bundled ONS boundaries projected from longitude and latitude
// (shared/chartMapModel.ts, the projection the screen uses too), filled on
// a sequential colour-blind-safe scale (viridis). A suppressed or missing district is hatched
// grey, and the values are listed beside the map as text. The ONS attribution goes in the
// footnote (svgChart.ts adds it to every map).
import { mapModel, type MapModel } from '../../shared/chartMapModel.ts';
import { MARKERS } from '../../shared/markers.ts';
import { sequentialColour } from '../../shared/mapValues.ts';
import { MUTED } from './chartAxes.ts';
import type { PlotInput } from './chartCartesian.ts';
import { type Rect, hatchPatternId } from './chartFrame.ts';
import { formatNumber } from './chartScale.ts';
import { el, rectEl, ringsPath, textEl } from './svgMarkup.ts';
import { lineHeight } from './textMetrics.ts';

export interface Projection {
  project(x: number, y: number): [number, number];
}

/** Fits the projected map into `box`, keeping its aspect ratio (the screen keeps the same one). */
export function fitProjection(box: Rect, map: Pick<MapModel, 'width' | 'height'>): Projection {
  const scale = Math.min(box.width / map.width, box.height / map.height);
  const offsetX = box.x + (box.width - map.width * scale) / 2;
  const offsetY = box.y + (box.height - map.height * scale) / 2;
  return { project: (x, y) => [offsetX + x * scale, offsetY + y * scale] };
}

export function mapValueLabel(input: Pick<PlotInput, 'result' | 'valueLabel'>): string {
  const rate = (input.result.spec as { rate?: { per?: number } } | undefined)?.rate;
  return input.result.rates ? `Rate per ${formatNumber(rate?.per ?? 1000)}` : input.valueLabel;
}

export function mapPlot(input: PlotInput): string {
  const { plot, result, idPrefix } = input;
  const map = mapModel(result);
  const { min, max } = map;
  const side = plot.width >= plot.height * 1.3;
  const listWidth = side ? Math.min(plot.width * 0.4, 230) : plot.width;
  const listRows = map.districts.length + 1 + map.unmapped.length;
  // The list of values shrinks to fit: beside the map it may use the full height, under it half.
  const room = side ? plot.height : plot.height * 0.5;
  const listLines = (listRows + 5) * 1.25 + 2;
  const text = { ...input.text, size: Math.max(5, Math.min(input.text.size, room / listLines)) };
  const listHeight = listLines * text.size;
  const mapBox: Rect = side
    ? { x: plot.x, y: plot.y, width: plot.width - listWidth - 12, height: plot.height }
    : { x: plot.x, y: plot.y, width: plot.width, height: Math.max(40, plot.height - listHeight) };
  const projection = fitProjection(mapBox, map);
  const parts: string[] = [];
  const hatch = `url(#${hatchPatternId(idPrefix)})`;
  for (const district of map.districts) {
    const d = district.polygons
      .map((polygon) => ringsPath(polygon.map((ring) => ring.map(([x, y]) => projection.project(x, y)))))
      .join('');
    parts.push(
      el(
        'path',
        {
          d,
          fill: district.colour ?? hatch,
          'fill-rule': 'evenodd',
          stroke: '#ffffff',
          'stroke-width': 1.2,
          'data-category': district.name,
          ...(district.value !== null ? { 'data-value': String(district.value) } : {}),
        },
        el('title', {}, `${district.name}: ${district.mark ?? formatNumber(district.value ?? 0)}`),
      ),
    );
  }
  const listX = side ? plot.x + plot.width - listWidth : plot.x;
  let y = side ? plot.y + text.size : mapBox.y + mapBox.height + text.size * 1.5;
  parts.push(textEl(listX, y, mapValueLabel(input), { ...text, bold: true }));
  const rows = [
    ...map.districts.map((d) => ({ ...d, onMap: true })),
    ...map.unmapped.map((d) => ({ ...d, colour: null, onMap: false })),
  ];
  for (const { name, value, colour, onMap } of rows) {
    y += lineHeight(text.size);
    parts.push(
      rectEl(listX, y - text.size * 0.8, text.size * 0.8, text.size * 0.8, {
        fill: onMap ? (colour ?? hatch) : '#ffffff',
        stroke: '#8a94a3',
        'stroke-width': 0.5,
      }),
    );
    parts.push(textEl(listX + text.size * 1.2, y, `${name}${onMap ? '' : ' (not mapped)'}`, text));
    parts.push(
      textEl(listX + listWidth - 4, y, value === null ? MARKERS.confidential : formatNumber(value), {
        ...text,
        anchor: 'end',
      }),
    );
  }
  if (min !== null && max !== null) {
    y += lineHeight(text.size) * 1.2;
    const steps = 24;
    const barWidth = Math.min(listWidth - 8, 200);
    for (let i = 0; i < steps; i += 1)
      parts.push(
        rectEl(listX + (barWidth / steps) * i, y, barWidth / steps + 0.3, text.size * 0.8, {
          fill: sequentialColour(i / (steps - 1)),
        }),
      );
    const labelY = y + text.size * 0.8 + text.size * 1.1;
    parts.push(textEl(listX, labelY, formatNumber(min), { ...text, fill: MUTED }));
    parts.push(textEl(listX + barWidth, labelY, formatNumber(max), { ...text, fill: MUTED, anchor: 'end' }));
    y = labelY;
  }
  y += lineHeight(text.size);
  const hatchLabel = `${MARKERS.confidential} suppressed or no data`;
  parts.push(
    rectEl(listX, y - text.size * 0.8, text.size * 0.8, text.size * 0.8, {
      fill: hatch,
      stroke: '#8a94a3',
      'stroke-width': 0.5,
    }),
  );
  parts.push(textEl(listX + text.size * 1.2, y, hatchLabel, { ...text, fill: MUTED }));
  return el('g', { class: 'plot map' }, parts.join(''));
}
