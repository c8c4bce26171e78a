// A missing rate says why, on screen as in the files: [c] where its count is suppressed, [x]
// where the area has no population to be taken from ("Outside area").
import { describe, expect, it } from 'vitest';
import { tableAsTsv } from '../../../src-renderer/components/explore/tableText.ts';
import { derivedMarkerFootnotes, MARKER_FOOTNOTES } from '../../../shared/markers.ts';
import { districtSexRates } from '../charts/rateTables.ts';

describe('rates in the copied table', () => {
  it('marks a suppressed count [c] and a district with no population [x]', () => {
    const { result, counts, population } = districtSexRates();
    const lines = tableAsTsv(result, (f) => f).split('\n');
    const rates = lines.slice(lines.findIndex((l) => l.startsWith('Rate')) + 1);
    const byDistrict = new Map(rates.map((line) => [line.split('\t')[0], line.split('\t').slice(1)]));
    expect(byDistrict.get('Outside area')).toEqual(['[x]', '[x]']);
    expect(byDistrict.get('Fenland')).toEqual([
      '[c]',
      (((counts[1]?.[1] ?? 0) / (population[1]?.[1] ?? 1)) * 1000).toFixed(1),
    ]);
  });
});

describe('the footnote under the table and chart', () => {
  it('explains [x] when a rate has no population, and only the markers shown', () => {
    const { result } = districtSexRates();
    expect(derivedMarkerFootnotes(result, 'none')).toEqual([MARKER_FOOTNOTES['[x]']]);
    const allKnown = {
      ...result,
      rates: result.rates?.map((row, r) => row.map((v, c) => v ?? (result.counts[r]?.[c] === null ? null : 1))),
    };
    expect(derivedMarkerFootnotes(allKnown, 'none')).toEqual([]);
  });

  it('explains [z] for a share of an empty row', () => {
    const result = {
      counts: [
        [0, 0],
        [3, 7],
      ],
      rowTotals: [0, 10],
      colTotals: [3, 7],
      total: 10,
      percents: [
        [null, null],
        [30, 70],
      ],
    };
    expect(derivedMarkerFootnotes(result, 'row')).toEqual([MARKER_FOOTNOTES['[z]']]);
    expect(derivedMarkerFootnotes(result, 'none')).toEqual([]);
  });
});
