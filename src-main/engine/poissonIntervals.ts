// The Poisson side of the intervals, where a chi-square quantile or a binomial tail is needed
// (jStat): Garwood's exact limits of a count, the rule that picks exact or Byar, and the exact
// conditional test of two Poisson counts that marks a change between two years.
import jStat from 'jstat';
import { byarInterval, EXACT_POISSON_BELOW, Z_95, type Interval } from '../../shared/intervals.ts';

/** Garwood's exact central limits of a Poisson count, from the chi-square quantiles. */
export function exactPoissonInterval(count: number, level = 0.95): Interval {
  const tail = (1 - level) / 2;
  return {
    lower: count === 0 ? 0 : jStat.chisquare.inv(tail, 2 * count) / 2,
    upper: jStat.chisquare.inv(1 - tail, 2 * count + 2) / 2,
  };
}

/** The 95% limits of a count: exact below 10, Byar's approximation from 10. */
export function poissonCountInterval(count: number): Interval {
  return count < EXACT_POISSON_BELOW ? exactPoissonInterval(count) : byarInterval(count, Z_95);
}

/** P(X <= k) for X ~ Binomial(n, p), through the incomplete beta function. */
function binomialAtMost(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  return jStat.ibeta(1 - p, n - k, k + 1);
}

/** P(X >= k), likewise: its own tail, so a small one keeps its precision. */
function binomialAtLeast(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  return jStat.ibeta(p, k, n - k + 1);
}

/**
 * Two-sided p of the exact conditional test that two Poisson counts have the same rate, given
 * their exposures (populations; equal for plain counts): given x1 + x2 = n, x2 is binomial with
 * p = e2 / (e1 + e2) under the same rate; the smaller tail doubled, as the central exact limits are.
 */
export function poissonRatioTestP(x1: number, e1: number, x2: number, e2: number): number {
  const n = x1 + x2;
  if (n === 0) return 1;
  const p = e2 / (e1 + e2);
  const lowerTail = binomialAtMost(x2, n, p);
  const upperTail = binomialAtLeast(x2, n, p);
  return Math.min(1, 2 * Math.min(lowerTail, upperTail));
}
