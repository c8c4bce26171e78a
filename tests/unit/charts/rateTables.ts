// Hand-made rate results for the chart tests: counts by district (and sex, or age band by sex)
// with the population each cell is taken from, and the rates per 1,000 the engine would give
// (count / population * 1,000; none where the count is suppressed or no population exists).
import { INTERVAL_NOTES } from '../../../shared/intervals.ts';
import type { QueryResult } from '../../../shared/query.ts';
import { rateBounds } from '../../../src-main/engine/resultIntervals.ts';
import { handResult, type HandTable } from '../export/fakeResults.ts';

export interface RateTable {
  result: QueryResult;
  /** The population behind each cell, null where there is none (an area outside the county). */
  population: Array<Array<number | null>>;
  /** The raw counts, before suppression. */
  counts: number[][];
}

function withRates(table: HandTable, population: Array<Array<number | null>>): RateTable {
  const result = handResult({ ...table, spec: { cohort: 'victims', rate: { per: 1000, population: 'Residents' } } });
  result.rates = result.counts.map((row, r) =>
    row.map((count, c) => {
      const people = population[r]?.[c] ?? null;
      return count === null || people === null ? null : (count / people) * 1000;
    }),
  );
  return { result, population, counts: table.counts };
}

/** Victims by district and sex: one count suppressed (3), and "Outside area" with no population. */
export function districtSexRates(): RateTable {
  return withRates(
    {
      rows: ['district'],
      rowKeys: [['Cambridge'], ['Fenland'], ['Peterborough'], ['Outside area']],
      cols: ['sex'],
      colKeys: [['Female'], ['Male']],
      counts: [
        [812, 640],
        [3, 288],
        [1_210, 1_105],
        [40, 52],
      ],
    },
    [
      [73_400, 72_300],
      [51_300, 50_600],
      [108_100, 107_600],
      [null, null],
    ],
  );
}

/** Victims by age band and sex, for the pyramid: the 65+ male count suppressed. */
export function ageSexRates(): RateTable {
  const ages = ['0-9', '10-17', '18-24', '25-34', '35-44', '45-54', '55-64', '65+'];
  return withRates(
    {
      rows: ['age_band'],
      rowKeys: ages.map((a) => [a]),
      cols: ['sex'],
      colKeys: [['Female'], ['Male']],
      counts: ages.map((_a, i) => [60 + i * 23, i === 7 ? 2 : 55 + i * 17]),
    },
    ages.map((_a, i) => [40_000 + i * 1_500, 41_000 + i * 1_200]),
  );
}

/** The same rate table with the 95% limits the engine gives its published rates. */
export function withRateIntervals(table: RateTable): RateTable {
  const bounds = rateBounds(table.result.counts, table.population.flat(), 1000);
  table.result.intervals = { level: 0.95, rates: bounds, notes: [INTERVAL_NOTES.rates] };
  return table;
}
