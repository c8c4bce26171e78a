// The one chart model: colours keyed by category, empty categories dropped, [c] marks, 100%
// stacks that reach 100%, labels wrapped without losing a character, and the map's holes.
import { describe, expect, it } from 'vitest';
import { categoryColour } from '../../../shared/chartColours.ts';
import { chartModel, wrapLabel } from '../../../shared/chartModel.ts';
import { insideRings, mapModel, orientRings, signedArea } from '../../../shared/chartMapModel.ts';
import { DISTRICT_FEATURES } from '../../../shared/geo/districts.ts';
import { handResult } from '../export/fakeResults.ts';
import { ageBySex, byDistrict, offenceBySex } from '../export/fixtureTables.ts';

const labelOf = (f: string): string => f;

function sexByOffence() {
  return handResult({
    rows: ['sex'],
    rowKeys: [['Female'], ['Male']],
    cols: [],
    colKeys: [],
    counts: [[300], [280]],
  });
}

describe('chartModel', () => {
  it('gives Female one colour in bars, pyramids and donuts, different from Male', () => {
    const bar = chartModel(offenceBySex(), { chart: 'bar', labelOf });
    const pyramid = chartModel(ageBySex(), { chart: 'pyramid', labelOf });
    const donut = chartModel(sexByOffence(), { chart: 'donut', labelOf });
    const female = new Set([
      bar.series.find((s) => s.name === 'Female')?.colour,
      pyramid.series.find((s) => s.name === 'Female')?.colour,
      donut.categories.find((c) => c.label === 'Female')?.colour,
      categoryColour('Female'),
    ]);
    expect(female.size).toBe(1);
    expect(female.has(bar.series.find((s) => s.name === 'Male')?.colour)).toBe(false);
  });

  it('keeps series colours distinct within a chart even when labels hash alike', () => {
    const labels = Array.from({ length: 8 }, (_v, i) => `Imported category ${i}`);
    const model = chartModel(
      handResult({
        rows: ['x'],
        rowKeys: [['a']],
        cols: ['y'],
        colKeys: labels.map((l) => [l]),
        counts: [labels.map((_l, i) => 10 + i)],
      }),
      { chart: 'bar', labelOf },
    );
    expect(new Set(model.series.map((s) => s.colour)).size).toBe(8);
  });

  it('drops categories and series with a published total of zero unless asked to keep them', () => {
    const result = handResult({
      rows: ['offence_group'],
      rowKeys: [['Theft'], ['Robbery'], ['Fraud']],
      cols: ['sex'],
      colKeys: [['Female'], ['Male'], ['Unknown']],
      counts: [
        [40, 50, 0],
        [0, 0, 0],
        [20, 30, 0],
      ],
    });
    const model = chartModel(result, { chart: 'bar', labelOf });
    expect(model.categories.map((c) => c.label)).toEqual(['Theft', 'Fraud']);
    expect(model.series.map((s) => s.name)).toEqual(['Female', 'Male']);
    const kept = chartModel(result, { chart: 'bar', labelOf, keepEmpty: true });
    expect(kept.categories).toHaveLength(3);
    expect(kept.series).toHaveLength(3);
  });

  it('marks a suppressed value [c] and keeps it a gap, never a zero', () => {
    const model = chartModel(offenceBySex(), { chart: 'bar', labelOf });
    const male = model.series.find((s) => s.name === 'Male');
    expect(male?.values).toEqual([610, null, 280]);
    expect(male?.marks).toEqual([null, '[c]', null]);
  });

  it('makes every 100% stacked bar reach 100%, the suppressed share marked [c]', () => {
    const result = offenceBySex();
    // The margins are published (secondary suppression protects the cells): 88 + 3 = 91.
    const r0 = result.rows.keys.findIndex((k) => k[0] === 'Sexual offences');
    result.rowTotals[r0] = 91;
    const model = chartModel(result, { chart: 'stacked100', labelOf });
    model.categories.forEach((_c, i) => {
      const sum = model.series.reduce((a, s) => a + (s.values[i] ?? 0), 0);
      expect(sum).toBeCloseTo(100, 9);
    });
    const share = model.series.find((s) => s.suppressedShare);
    // Sexual offences: 88 of 91 published for Female; the hidden 3 are 100 * 3 / 91 per cent.
    const r = result.rows.keys.findIndex((k) => k[0] === 'Sexual offences');
    const total = result.rowTotals[r] ?? 0;
    const published = (result.counts[r] ?? []).reduce<number>((a, v) => a + (v ?? 0), 0);
    expect(share?.values[r]).toBeCloseTo((100 * (total - published)) / total, 9);
    expect(share?.marks[r]).toBe('[c]');
    expect(share?.values.filter((v) => v !== null)).toHaveLength(1);
  });

  it('shows no shares of a category whose total is suppressed too, and marks it [c]', () => {
    const model = chartModel(offenceBySex(), { chart: 'stacked100', labelOf });
    const i = model.categories.findIndex((c) => c.label === 'Sexual offences');
    expect(model.series.map((s) => s.values[i])).toEqual(model.series.map(() => null));
    expect(model.series.find((s) => s.suppressedShare)?.marks[i]).toBe('[c]');
  });

  it('carries title, subtitle and footnote as separate fields', () => {
    const model = chartModel(offenceBySex(), {
      chart: 'bar',
      labelOf,
      title: 'T',
      subtitle: 'S',
      footnote: ['F1', 'F2'],
    });
    expect([model.title, model.subtitle, model.footnote]).toEqual(['T', 'S', ['F1', 'F2']]);
  });
});

describe('wrapLabel', () => {
  it.each([
    ['Violence against the person', 10],
    ['Miscellaneous crimes against society', 12],
    ['Averyveryverylongsinglewordlabel', 8],
    ['a b', 4],
  ])('wraps %s within %i characters and keeps every character', (label, width) => {
    const lines = wrapLabel(label, width);
    expect(lines.every((l) => l.length <= width)).toBe(true);
    expect(lines.join('').replace(/\s/g, '')).toBe(label.replace(/\s/g, ''));
  });
});

describe('mapModel', () => {
  it('keeps South Cambridgeshire’s hole: Cambridge’s interior is outside its fill', () => {
    const map = mapModel(byDistrict());
    const south = map.districts.find((d) => d.name === 'South Cambridgeshire');
    const cambridge = map.districts.find((d) => d.name === 'Cambridge');
    const ring = cambridge?.polygons[0]?.[0] ?? [];
    // The average of Cambridge's outline points lies inside Cambridge (the city is compact).
    const centre: [number, number] = [
      ring.reduce((a, p) => a + p[0], 0) / ring.length,
      ring.reduce((a, p) => a + p[1], 0) / ring.length,
    ];
    expect(insideRings(centre, cambridge?.polygons[0] ?? [])).toBe(true);
    expect(south?.polygons.some((polygon) => insideRings(centre, polygon))).toBe(false);
    expect(south?.polygons.some((polygon) => polygon.length > 1)).toBe(true);
    expect(south?.colour).toBeNull(); // 4 is suppressed: hatched
  });

  it('has the aspect of longitude scaled by cos(latitude) over latitude', () => {
    const points = DISTRICT_FEATURES.flatMap((f) => f.polygons.flatMap((p) => p[0] ?? []));
    const lons = points.map((p) => p[0] ?? 0);
    const lats = points.map((p) => p[1] ?? 0);
    const midLat = (Math.max(...lats) + Math.min(...lats)) / 2;
    const expected =
      ((Math.max(...lons) - Math.min(...lons)) * Math.cos((midLat * Math.PI) / 180)) /
      (Math.max(...lats) - Math.min(...lats));
    const map = mapModel(byDistrict());
    expect(map.width / map.height).toBeCloseTo(expected, 9);
  });

  it('orients a hole against its outline', () => {
    const outline = [
      [0, 0],
      [4, 0],
      [4, 4],
      [0, 4],
    ] as Array<[number, number]>;
    const hole = [
      [1, 1],
      [2, 1],
      [2, 2],
      [1, 2],
    ] as Array<[number, number]>;
    const [o, h] = orientRings([outline, hole]);
    expect(Math.sign(signedArea(o ?? []))).toBe(-Math.sign(signedArea(h ?? [])));
  });
});
