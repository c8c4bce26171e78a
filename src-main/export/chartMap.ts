// The district map as SVG: the bundled ONS boundaries projected from longitude and latitude
// (equirectangular with the cos(latitude) correction, right for an area this small), filled on
// a sequential colour-blind-safe scale (viridis). A suppressed or missing district is hatched
// grey, and the values are listed beside the map as text. The ONS attribution goes in the
// footnote (svgChart.ts adds it to every map).
import { DISTRICT_FEATURES } from '../../shared/geo/districts.ts';
import { SUPPRESSED_MARKER } from '../disclosure/footnote.ts';
import { MUTED } from './chartAxes.ts';
import type { PlotInput } from './chartCartesian.ts';
import { districtValues, sequentialColour } from '../../shared/mapValues.ts';
import { type Rect, hatchPatternId } from './chartFrame.ts';
import { formatNumber } from './chartScale.ts';
import { el, rectEl, ringsPath, textEl } from './svgMarkup.ts';
import { lineHeight } from './textMetrics.ts';

export interface Projection {
  project(lon: number, lat: number): [number, number];
}

/** Fits the districts' bounding box into `box`, keeping the aspect ratio. */
export function fitProjection(box: Rect): Projection {
  let minLon = Infinity;
  let maxLon = -Infinity;
  let minLat = Infinity;
  let maxLat = -Infinity;
  for (const feature of DISTRICT_FEATURES)
    for (const polygon of feature.polygons)
      for (const [lon = 0, lat = 0] of polygon[0] ?? []) {
        minLon = Math.min(minLon, lon);
        maxLon = Math.max(maxLon, lon);
        minLat = Math.min(minLat, lat);
        maxLat = Math.max(maxLat, lat);
      }
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const spanX = (maxLon - minLon) * k;
  const spanY = maxLat - minLat;
  const scale = Math.min(box.width / spanX, box.height / spanY);
  const offsetX = box.x + (box.width - spanX * scale) / 2;
  const offsetY = box.y + (box.height - spanY * scale) / 2;
  return { project: (lon, lat) => [offsetX + (lon - minLon) * k * scale, offsetY + (maxLat - lat) * scale] };
}

export function mapValueLabel(input: Pick<PlotInput, 'result' | 'valueLabel'>): string {
  const rate = (input.result.spec as { rate?: { per?: number } } | undefined)?.rate;
  return input.result.rates ? `Rate per ${formatNumber(rate?.per ?? 1000)}` : input.valueLabel;
}

export function mapPlot(input: PlotInput, idPrefix: string): string {
  const { plot, result } = input;
  const values = districtValues(result);
  // The scale spans the mapped districts only ("Outside area" is listed, not coloured).
  const known = DISTRICT_FEATURES.map((f) => values.get(f.name) ?? null).filter((v): v is number => v !== null);
  const min = Math.min(...known);
  const max = Math.max(...known);
  const side = plot.width >= plot.height * 1.3;
  const listWidth = side ? Math.min(plot.width * 0.4, 230) : plot.width;
  const listRows =
    DISTRICT_FEATURES.length +
    1 +
    [...values.keys()].filter((d) => !DISTRICT_FEATURES.some((f) => f.name === d)).length;
  // The list of values shrinks to fit: beside the map it may use the full height, under it half.
  const room = side ? plot.height : plot.height * 0.5;
  const listLines = (listRows + 5) * 1.25 + 2;
  const text = { ...input.text, size: Math.max(5, Math.min(input.text.size, room / listLines)) };
  const listHeight = listLines * text.size;
  const mapBox: Rect = side
    ? { x: plot.x, y: plot.y, width: plot.width - listWidth - 12, height: plot.height }
    : { x: plot.x, y: plot.y, width: plot.width, height: Math.max(40, plot.height - listHeight) };
  const projection = fitProjection(mapBox);
  const parts: string[] = [];
  const colourOf = (v: number | null): string =>
    v === null ? `url(#${hatchPatternId(idPrefix)})` : sequentialColour(max > min ? (v - min) / (max - min) : 0.5);
  for (const feature of DISTRICT_FEATURES) {
    const value = values.has(feature.name) ? (values.get(feature.name) ?? null) : null;
    const d = feature.polygons
      .map((polygon) =>
        ringsPath(polygon.map((ring) => ring.map(([lon = 0, lat = 0]) => projection.project(lon, lat)))),
      )
      .join('');
    parts.push(
      el(
        'path',
        { d, fill: colourOf(value), 'fill-rule': 'evenodd', stroke: '#ffffff', 'stroke-width': 1.2 },
        el('title', {}, `${feature.name}: ${value === null ? SUPPRESSED_MARKER : formatNumber(value)}`),
      ),
    );
  }
  const listX = side ? plot.x + plot.width - listWidth : plot.x;
  let y = side ? plot.y + text.size : mapBox.y + mapBox.height + text.size * 1.5;
  parts.push(textEl(listX, y, mapValueLabel(input), { ...text, bold: true }));
  const rows = [
    ...DISTRICT_FEATURES.map((f) => f.name),
    ...[...values.keys()].filter((d) => !DISTRICT_FEATURES.some((f) => f.name === d)),
  ];
  for (const name of rows) {
    y += lineHeight(text.size);
    const value = values.has(name) ? (values.get(name) ?? null) : null;
    const onMap = DISTRICT_FEATURES.some((f) => f.name === name);
    parts.push(
      rectEl(listX, y - text.size * 0.8, text.size * 0.8, text.size * 0.8, {
        fill: onMap ? colourOf(value) : '#ffffff',
        stroke: '#8a94a3',
        'stroke-width': 0.5,
      }),
    );
    parts.push(textEl(listX + text.size * 1.2, y, `${name}${onMap ? '' : ' (not mapped)'}`, text));
    parts.push(
      textEl(listX + listWidth - 4, y, value === null ? SUPPRESSED_MARKER : formatNumber(value), {
        ...text,
        anchor: 'end',
      }),
    );
  }
  if (known.length > 0) {
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
  const hatchLabel = `${SUPPRESSED_MARKER} suppressed or no data`;
  parts.push(
    rectEl(listX, y - text.size * 0.8, text.size * 0.8, text.size * 0.8, {
      fill: `url(#${hatchPatternId(idPrefix)})`,
      stroke: '#8a94a3',
      'stroke-width': 0.5,
    }),
  );
  parts.push(textEl(listX + text.size * 1.2, y, hatchLabel, { ...text, fill: MUTED }));
  return el('g', { class: 'plot map' }, parts.join(''));
}
