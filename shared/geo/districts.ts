// District boundaries of Cambridgeshire and Peterborough (ONS LAD December 2019, generalised),
// bundled so that maps draw offline. Licence: shared/geo/SOURCE.md.
import geojson from './districts.json' with { type: 'json' };

export interface DistrictFeature {
  code: string;
  name: string;
  /** Polygons, each a list of rings of [longitude, latitude]. */
  polygons: number[][][][];
}

interface RawFeature {
  properties: { code: string; name: string };
  geometry: { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };
}

export const MAP_ATTRIBUTION =
  'Source: Office for National Statistics licensed under the Open Government Licence v.3.0. Contains OS data © Crown copyright and database right 2019.';

export const DISTRICT_FEATURES: readonly DistrictFeature[] = (geojson.features as unknown as RawFeature[]).map((f) => ({
  code: f.properties.code,
  name: f.properties.name,
  polygons: f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates,
}));
