// Derived numbers of a result, computed from the published counts (after disclosure
// control, so a percentage or rate of a suppressed count is suppressed too).
import type { QueryResult, QuerySpec } from '../../shared/query.ts';
import { checkRateSpec, denominators, type PopulationTables } from './populations.ts';

export type Matrix = (number | null)[][];
export type PercentKind = 'row' | 'col' | 'total';

/** The engine's raw result: the contract's fields, unprotected, with the parsed spec. */
export type EngineResult = Omit<QueryResult, 'spec'> & { spec: QuerySpec };

export interface ProtectedCounts {
  counts: Matrix;
  rowTotals: (number | null)[];
  colTotals: (number | null)[];
  total: number | null;
  suppressed?: QueryResult['suppressed'];
  disclosure?: QueryResult['disclosure'];
}

/** Percentages (0-100) of each cell; null where the count or its denominator is null or zero. */
export function derivePercents(
  counts: Matrix,
  rowTotals: readonly (number | null)[],
  colTotals: readonly (number | null)[],
  total: number | null,
  kind: PercentKind,
): Matrix {
  return counts.map((row, i) =>
    row.map((count, j) => {
      const denominator = kind === 'row' ? rowTotals[i] : kind === 'col' ? colTotals[j] : total;
      if (count === null || denominator === null || denominator === undefined || denominator === 0) return null;
      return (count / denominator) * 100;
    }),
  );
}

/** Counts per `per` population of each cell; null where the count or the population is missing. */
export function deriveRates(result: EngineResult, counts: Matrix, populations: PopulationTables): Matrix | undefined {
  const rate = result.spec.rate;
  if (!rate) return undefined;
  const fields = [...result.rows.fields, ...result.cols.fields];
  const table = checkRateSpec(fields, rate.population, populations);
  const rowKeys = result.rows.keys;
  const colKeys = result.cols.keys;
  const cellKeys = rowKeys.flatMap((r) => colKeys.map((c) => [...r, ...c]));
  const pops = denominators(fields, cellKeys, table);
  return counts.map((row, i) =>
    row.map((count, j) => {
      const population = pops[i * colKeys.length + j];
      return count === null || population === null || population === undefined ? null : (count / population) * rate.per;
    }),
  );
}

export function finalizeResult(
  raw: EngineResult,
  published?: ProtectedCounts,
  populations: PopulationTables = new Map(),
): EngineResult {
  const numbers = published ?? raw;
  const result: EngineResult = {
    ...raw,
    counts: numbers.counts,
    rowTotals: numbers.rowTotals,
    colTotals: numbers.colTotals,
    total: numbers.total,
    suppressed: published?.suppressed ?? raw.suppressed,
    disclosure: published?.disclosure ?? raw.disclosure,
  };
  if (raw.spec.percent !== 'none') {
    result.percents = derivePercents(
      numbers.counts,
      numbers.rowTotals,
      numbers.colTotals,
      numbers.total,
      raw.spec.percent,
    );
  }
  const rates = deriveRates(raw, numbers.counts, populations);
  if (rates) result.rates = rates;
  return result;
}
