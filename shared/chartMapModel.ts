// The district map for every renderer: the bundled ONS boundaries projected once
// (equirectangular with the cos(latitude) correction, right for an area this small), each
// district's value, its colour on the sequential scale, and [c] where it is suppressed. The
// screen and the export draw these same rings, so they have the same shape and aspect.
import { DISTRICT_FEATURES } from './geo/districts.ts';
import { districtValues, sequentialColour } from './mapValues.ts';
import { MARKERS, type Marker } from './markers.ts';
import type { QueryResult } from './query.ts';

export type Point = readonly [number, number];
/** A polygon as rings: the first is the outline, the rest are holes. */
export type Rings = ReadonlyArray<readonly Point[]>;

export interface MapDistrict {
  name: string;
  value: number | null;
  mark: Marker | null;
  /** Fill on the sequential scale; null where the district is hatched ([c] or no data). */
  colour: string | null;
  /** Projected polygons in map units: x to the east, y downwards (south), 1 unit = 1 unit. */
  polygons: Rings[];
}

export interface MapModel {
  districts: MapDistrict[];
  /** Values not on the map ("Outside area", "Unknown"), listed beside it. */
  unmapped: Array<{ name: string; value: number | null; mark: Marker | null }>;
  width: number;
  height: number;
  min: number | null;
  max: number | null;
}

let projected: Map<string, Rings[]> | null = null;
let extent = { width: 1, height: 1 };

function project(): Map<string, Rings[]> {
  if (projected) return projected;
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
  extent = { width: (maxLon - minLon) * k, height: maxLat - minLat };
  projected = new Map(
    DISTRICT_FEATURES.map((f) => [
      f.name,
      f.polygons.map((polygon) =>
        polygon.map((ring) => ring.map(([lon = 0, lat = 0]): Point => [(lon - minLon) * k, maxLat - lat])),
      ),
    ]),
  );
  return projected;
}

export function mapModel(result: QueryResult): MapModel {
  const shapes = project();
  const values = districtValues(result);
  const onMap = new Set(DISTRICT_FEATURES.map((f) => f.name));
  // The scale spans the mapped districts only ("Outside area" is listed, not coloured).
  const known = DISTRICT_FEATURES.map((f) => values.get(f.name) ?? null).filter((v): v is number => v !== null);
  const min = known.length > 0 ? Math.min(...known) : null;
  const max = known.length > 0 ? Math.max(...known) : null;
  const colourOf = (v: number): string =>
    sequentialColour(min !== null && max !== null && max > min ? (v - min) / (max - min) : 0.5);
  return {
    districts: DISTRICT_FEATURES.map((f) => {
      const value = values.get(f.name) ?? null;
      return {
        name: f.name,
        value,
        mark: value === null ? MARKERS.confidential : null,
        colour: value === null ? null : colourOf(value),
        polygons: shapes.get(f.name) ?? [],
      };
    }),
    unmapped: [...values.entries()]
      .filter(([name]) => !onMap.has(name))
      .map(([name, value]) => ({ name, value, mark: value === null ? MARKERS.confidential : null })),
    width: extent.width,
    height: extent.height,
    min,
    max,
  };
}

/** Twice the signed area of a ring in map units (y downwards: positive is clockwise on screen). */
export function signedArea(ring: readonly Point[]): number {
  let sum = 0;
  for (let i = 0; i < ring.length; i += 1) {
    const [x1, y1] = ring[i] ?? [0, 0];
    const [x2, y2] = ring[(i + 1) % ring.length] ?? [0, 0];
    sum += x1 * y2 - x2 * y1;
  }
  return sum;
}

/** Outlines one way round and holes the other, so a hole stays a hole under either fill rule. */
export function orientRings(rings: Rings): Rings {
  return rings.map((ring, i) => {
    const clockwise = signedArea(ring) > 0;
    return clockwise === (i === 0) ? ring : [...ring].reverse();
  });
}

/** Even-odd point in polygon over all rings (a point inside a hole is outside). */
export function insideRings(point: Point, rings: Rings): boolean {
  let inside = false;
  const [px, py] = point;
  for (const ring of rings)
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
      const [xi, yi] = ring[i] ?? [0, 0];
      const [xj, yj] = ring[j] ?? [0, 0];
      if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
    }
  return inside;
}
