// Crosstab statistics against published values; percentages and rates from published
// (possibly suppressed) counts; rate specs refused where no denominator exists.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.ts';
import { QuerySpecSchema } from '../../../shared/query.ts';
import { crosstabStats } from '../../../src-main/engine/crosstabStats.ts';
import { derivePercents, finalizeResult, type EngineResult } from '../../../src-main/engine/finalizeResult.ts';
import { checkRateSpec, type PopulationRow } from '../../../src-main/engine/populations.ts';

const sig6 = (value: number, expected: number): void =>
  expect(Number(value.toPrecision(6))).toBe(Number(expected.toPrecision(6)));

describe('crosstab statistics', () => {
  it('matches Agresti (2007), An Introduction to Categorical Data Analysis, 2nd ed., Tables 2.5 and 2.6', () => {
    // Party identification by gender (GSS): X² = 30.07 on 2 df (p = 2.954e-07 as R's chisq.test prints
    // for the same table in its documentation); adjusted residuals 4.50, 0.70, -5.32 (females).
    const outcome = crosstabStats([
      [762, 327, 468],
      [484, 239, 477],
    ]);
    const stats = outcome.stats;
    if (!stats) throw new Error(outcome.reason ?? 'no stats');
    expect(stats.chi2.toFixed(2)).toBe('30.07');
    expect(stats.df).toBe(2);
    expect(stats.p.toPrecision(4)).toBe('2.954e-7');
    expect(stats.adjustedResiduals[0]?.map((r) => (r as number).toFixed(2))).toEqual(['4.50', '0.70', '-5.32']);
    expect(stats.adjustedResiduals[1]?.map((r) => (r as number).toFixed(2))).toEqual(['-4.50', '-0.70', '5.32']);
    expect(stats.warning).toBeNull();
  });

  it('matches the SciPy reference examples to 6 significant figures (chi2_contingency and association docs)', () => {
    // scipy.stats.chi2_contingency docs: [[10,10,20],[20,20,20]] -> statistic 2.7777777777777777,
    // pvalue 0.24935220877729619, dof 2, expected [[12,12,16],[18,18,24]].
    const a = crosstabStats([
      [10, 10, 20],
      [20, 20, 20],
    ]).stats;
    if (!a) throw new Error('no stats');
    sig6(a.chi2, 2.7777777777777777);
    sig6(a.p, 0.24935220877729619);
    expect(a.expected).toEqual([
      [12, 12, 16],
      [18, 18, 24],
    ]);
    // scipy.stats.contingency.association docs: [[100,150],[203,322],[420,700],[320,210]] -> Cramér's V 0.18617813077483678.
    const b = crosstabStats([
      [100, 150],
      [203, 322],
      [420, 700],
      [320, 210],
    ]).stats;
    if (!b) throw new Error('no stats');
    sig6(b.cramersV, 0.18617813077483678);
  });

  it('ignores empty lines, warns on small expected counts, refuses suppressed tables', () => {
    const stats = crosstabStats([
      [3, 0, 2],
      [0, 0, 0],
      [1, 0, 6],
    ]).stats;
    if (!stats) throw new Error('no stats');
    expect(stats.df).toBe(1);
    expect(stats.expected[1]).toEqual([null, null, null]);
    expect(stats.expected[0]?.[1]).toBeNull();
    expect(stats.lowExpectedShare).toBe(1);
    expect(stats.warning).toMatch(/4 cells \(100\.0%\) have an expected count less than 5/);
    expect(
      crosstabStats([
        [1, null],
        [2, 3],
      ]).stats,
    ).toBeNull();
  });
});

describe('percentages and rates', () => {
  it('derives percentages from published counts, null where an input is null', () => {
    const counts = [
      [10, null],
      [30, 60],
    ];
    expect(derivePercents(counts, [null, 90], [40, null], 100, 'row')).toEqual([
      [null, null],
      [(30 / 90) * 100, (60 / 90) * 100],
    ]);
    expect(derivePercents(counts, [null, 90], [40, null], 100, 'col')).toEqual([
      [25, null],
      [75, null],
    ]);
    expect(derivePercents(counts, [null, 90], [40, null], null, 'total')).toEqual([
      [null, null],
      [null, null],
    ]);
  });

  const populations = new Map<string, PopulationRow[]>([
    [
      'mid2020',
      [
        { district: 'Cambridge', age_band: null, sex: null, population: 125000 },
        { district: 'Fenland', age_band: null, sex: null, population: 100000 },
        { district: 'Cambridge', age_band: null, sex: 'Female', population: 62000 },
        { district: 'Cambridge', age_band: null, sex: 'Male', population: 63000 },
      ],
    ],
  ]);

  function raw(rows: string[][], cols: string[][], counts: number[][], rate?: object): EngineResult {
    const spec = QuerySpecSchema.parse({
      cohort: 'victims',
      rows: ['district'],
      cols: cols[0]?.length ? ['sex'] : [],
      percent: 'row',
      rate,
    });
    return {
      spec,
      rows: { fields: ['district'], keys: rows },
      cols: { fields: cols[0]?.length ? ['sex'] : [], keys: cols },
      counts,
      rowTotals: counts.map((r) => r.reduce((a, b) => a + b, 0)),
      colTotals: [],
      total: 0,
      suppressed: [],
      disclosure: null,
      meta: { cohort: 'victims', measure: 'records', recordsMatched: 0, recordsTotal: 0, elapsedMs: 0, warnings: [] },
    };
  }

  it('computes rates per 1,000 from the coarsest matching population level', () => {
    const result = finalizeResult(
      raw([['Cambridge'], ['Fenland'], ['Unknown']], [[]], [[250], [50], [7]], { per: 1000, population: 'mid2020' }),
      undefined,
      populations,
    );
    expect(result.rates).toEqual([[2], [0.5], [null]]);
    const bySex = finalizeResult(
      raw([['Cambridge']], [['Female'], ['Male']], [[31, 63]], { per: 1000, population: 'mid2020' }),
      { counts: [[31, null]], rowTotals: [94], colTotals: [31, null], total: 94 },
      populations,
    );
    expect(bySex.rates).toEqual([[0.5, null]]);
    expect(bySex.percents?.[0]?.[0]).toBeCloseTo((31 / 94) * 100, 10);
    expect(bySex.percents?.[0]?.[1]).toBeNull();
  });

  it('refuses rates for fields without denominators, unknown tables and missing breakdowns', () => {
    const code = (f: () => unknown): string => {
      try {
        f();
        return 'none';
      } catch (error) {
        return error instanceof AppError ? error.code : 'other';
      }
    };
    expect(code(() => checkRateSpec(['district', 'offence_group'], 'mid2020', populations))).toBe('INVALID_SPEC');
    expect(code(() => checkRateSpec(['district'], 'nope', populations))).toBe('INVALID_SPEC');
    expect(code(() => checkRateSpec(['age_band'], 'mid2020', populations))).toBe('INVALID_SPEC');
    expect(code(() => checkRateSpec(['district', 'sex'], 'mid2020', populations))).toBe('none');
  });
});
