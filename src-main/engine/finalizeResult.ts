// Derived numbers of a result, computed from the published counts (after disclosure
// control, so a percentage or rate of a suppressed count is suppressed too).
import type { QueryResult, QuerySpec, Stats } from '../../shared/query.ts';
import { checkRateSpec, denominators, type PopulationTables } from './populations.ts';
import { resultIntervals } from './resultIntervals.ts';
import { STATS_NOTES, maskCellStats } from './statsDisclosure.ts';
import { yearChanges } from './yearChanges.ts';

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
  /** The statistics as checked for publication (publishStats); absent: withheld. */
  stats?: Stats | null;
}

/** Statistics of a protected result that nobody checked: nothing that could narrow a suppressed cell. */
export function uncheckedStats(stats: Stats, published: ProtectedCounts, measure: 'records' | 'persons'): Stats {
  const rounded = published.disclosure?.rounded ?? true;
  return {
    ...maskCellStats(stats, published, rounded, measure),
    chi2: null,
    df: null,
    p: null,
    cramersV: null,
    n: null,
    lowExpectedShare: null,
    warning: null,
    publication: { status: 'withheld', printed: { chi2: null, p: null, cramersV: null }, note: STATS_NOTES.unchecked },
  };
}

/** The published statistics, and the warnings without any the published statistics no longer carry. */
function publishedStats(raw: EngineResult, published: ProtectedCounts): Pick<EngineResult, 'stats' | 'meta'> {
  if (!raw.stats) return { stats: raw.stats, meta: raw.meta };
  const stats =
    published.stats !== undefined ? published.stats : uncheckedStats(raw.stats, published, raw.meta.measure);
  const dropped = stats?.warning ? null : raw.stats.warning;
  const warnings = raw.meta.warnings.filter((w) => w !== dropped);
  if (stats?.publication?.note) warnings.push(stats.publication.note);
  return { stats, meta: { ...raw.meta, warnings } };
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

/** The population of each cell (row-major) of a rate spec; undefined without a rate. */
export function ratePopulations(result: EngineResult, populations: PopulationTables): (number | null)[] | undefined {
  const rate = result.spec.rate;
  if (!rate) return undefined;
  const fields = [...result.rows.fields, ...result.cols.fields];
  const table = checkRateSpec(fields, rate.population, populations);
  const cellKeys = result.rows.keys.flatMap((r) => result.cols.keys.map((c) => [...r, ...c]));
  return denominators(fields, cellKeys, table);
}

/** Counts per `per` population of each cell; null where the count or the population is missing. */
export function deriveRates(result: EngineResult, counts: Matrix, populations: PopulationTables): Matrix | undefined {
  const rate = result.spec.rate;
  const pops = ratePopulations(result, populations);
  if (!rate || !pops) return undefined;
  const colKeys = result.cols.keys;
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
    ...(published ? publishedStats(raw, published) : {}),
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
  if (raw.spec.intervals) addUncertainty(result, populations);
  return result;
}

/** Limits and year-on-year changes, from the published numbers the result already carries. */
function addUncertainty(result: EngineResult, populations: PopulationTables): void {
  const pops = result.rates ? ratePopulations(result, populations) : undefined;
  const rate = result.spec.rate;
  result.intervals = resultIntervals({
    ...result,
    percent: result.spec.percent,
    ...(pops && rate ? { rate: { populations: pops, per: rate.per } } : {}),
  });
  const changes = yearChanges({ ...result, percent: result.spec.percent });
  if (changes) result.changes = changes;
}
