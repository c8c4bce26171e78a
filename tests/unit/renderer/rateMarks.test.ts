// A missing rate says why, on screen as in the files: [c] where its count is suppressed, [x]
// where the area has no population to be taken from ("Outside area").
import { describe, expect, it } from 'vitest';
import { tableAsTsv } from '../../../src-renderer/components/explore/tableText.ts';
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
