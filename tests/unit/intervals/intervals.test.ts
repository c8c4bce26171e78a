// The intervals against published tables, and against a second computation that shares nothing
// with the first: each limit found by bisection on the definition it stands for (the score test
// for Wilson, the Poisson tail for exact limits, the binomial tail for the test of two counts).
import fc from 'fast-check';
import jStat from 'jstat';
import { describe, expect, it } from 'vitest';
import { byarInterval, formatWithRange, newcombeDifference, wilsonInterval, Z_95 } from '../../../shared/intervals.ts';
import {
  exactPoissonInterval,
  poissonCountInterval,
  poissonRatioTestP,
} from '../../../src-main/engine/poissonIntervals.ts';

const at4 = (v: number): string => v.toFixed(4);

/** The root of a monotone f on [lo, hi] by bisection. */
function bisect(f: (v: number) => number, lo: number, hi: number): number {
  let a = lo;
  let b = hi;
  const rising = f(b) > f(a);
  for (let i = 0; i < 200; i += 1) {
    const m = (a + b) / 2;
    if (f(m) > 0 === rising) b = m;
    else a = m;
  }
  return (a + b) / 2;
}

/** Wilson's limits as the two p where the score statistic equals z. */
function wilsonByBisection(x: number, n: number): { lower: number; upper: number } {
  const phat = x / n;
  const score = (p: number): number => (x - n * p) ** 2 - Z_95 * Z_95 * n * p * (1 - p);
  return {
    lower: x === 0 ? 0 : bisect(score, 0, phat),
    upper: x === n ? 1 : bisect(score, phat, 1),
  };
}

const logFactorials: number[] = [0];
function logFactorial(k: number): number {
  for (let i = logFactorials.length; i <= k; i += 1) logFactorials.push(logFactorials[i - 1]! + Math.log(i));
  return logFactorials[k]!;
}

/** P(X <= k) of a Poisson mean mu, term by term. */
function poissonAtMost(k: number, mu: number): number {
  let sum = 0;
  for (let i = 0; i <= k; i += 1) sum += Math.exp(i * Math.log(mu) - mu - logFactorial(i));
  return sum;
}

/** Exact limits as the means whose tails hold 2.5% each. */
function exactByBisection(x: number): { lower: number; upper: number } {
  const hi = x + 20 * Math.sqrt(x + 1) + 20;
  return {
    lower: x === 0 ? 0 : bisect((mu) => 1 - poissonAtMost(x - 1, mu) - 0.025, 1e-9, hi),
    upper: bisect((mu) => poissonAtMost(x, mu) - 0.025, 1e-9, hi),
  };
}

/** Binomial probabilities of 0..n, term by term. */
function binomialPmf(n: number, p: number): number[] {
  return Array.from({ length: n + 1 }, (_, k) =>
    Math.exp(logFactorial(n) - logFactorial(k) - logFactorial(n - k) + k * Math.log(p) + (n - k) * Math.log(1 - p)),
  );
}

describe('Wilson score intervals', () => {
  it("match Newcombe (1998), 'Two-sided confidence intervals for the single proportion', Stat Med 17:857-72, Table II (method 3)", () => {
    const published: Array<[number, number, string, string]> = [
      [81, 263, '0.2553', '0.3662'],
      [15, 148, '0.0624', '0.1605'],
      [0, 20, '0.0000', '0.1611'],
      [1, 29, '0.0061', '0.1718'],
    ];
    for (const [x, n, lower, upper] of published) {
      const w = wilsonInterval(x, n)!;
      expect([at4(w.lower), at4(w.upper)]).toEqual([lower, upper]);
    }
  });

  it('agree with the score test solved by bisection, over many random proportions', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50_000 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n))),
        ([x, n]) => {
          const w = wilsonInterval(x, n)!;
          const b = wilsonByBisection(x, n);
          expect(Math.abs(w.lower - b.lower)).toBeLessThan(1e-9);
          expect(Math.abs(w.upper - b.upper)).toBeLessThan(1e-9);
          expect(w.lower).toBeLessThanOrEqual(x / n);
          expect(w.upper).toBeGreaterThanOrEqual(x / n);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('has none for an empty denominator or a count outside it', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(wilsonInterval(6, 5)).toBeNull();
  });
});

describe("Newcombe's interval for a difference of proportions", () => {
  it("matches Newcombe (1998), 'Interval estimation for the difference between independent proportions', Stat Med 17:873-90, Table II (method 10)", () => {
    const published: Array<[number, number, number, number, string, string]> = [
      [56, 70, 48, 80, '0.0524', '0.3339'],
      [9, 10, 3, 10, '0.1705', '0.8090'],
      [0, 10, 0, 20, '-0.1611', '0.2775'],
      [10, 10, 0, 20, '0.6791', '1.0000'],
    ];
    for (const [x1, n1, x2, n2, lower, upper] of published) {
      const d = newcombeDifference(x1, n1, x2, n2)!;
      expect([at4(d.lower), at4(d.upper)]).toEqual([lower, upper]);
    }
  });

  it('is built from Wilson limits found by bisection, over random pairs', () => {
    const proportion = fc
      .integer({ min: 1, max: 5_000 })
      .chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));
    fc.assert(
      fc.property(proportion, proportion, ([x1, n1], [x2, n2]) => {
        const a = wilsonByBisection(x1, n1);
        const b = wilsonByBisection(x2, n2);
        const d = x1 / n1 - x2 / n2;
        const lower = d - Math.hypot(x1 / n1 - a.lower, b.upper - x2 / n2);
        const upper = d + Math.hypot(a.upper - x1 / n1, x2 / n2 - b.lower);
        const got = newcombeDifference(x1, n1, x2, n2)!;
        expect(Math.abs(got.lower - lower)).toBeLessThan(1e-8);
        expect(Math.abs(got.upper - upper)).toBeLessThan(1e-8);
      }),
      { numRuns: 300 },
    );
  });
});

describe('Poisson intervals of counts (rates)', () => {
  // Garwood (1936), 'Fiducial limits for the Poisson distribution', Biometrika 28:437-42; the same
  // 95% limits are tabulated in Breslow & Day (1987), Statistical Methods in Cancer Research II, Appendix.
  const garwood: Array<[number, string, string]> = [
    [0, '0.000', '3.689'],
    [1, '0.025', '5.572'],
    [2, '0.242', '7.225'],
    [3, '0.619', '8.767'],
    [5, '1.623', '11.668'],
    [10, '4.795', '18.390'],
    [20, '12.217', '30.888'],
    [50, '37.111', '65.919'],
    [100, '81.364', '121.627'],
  ];

  it("exact limits match Garwood's table", () => {
    for (const [x, lower, upper] of garwood) {
      const e = exactPoissonInterval(x);
      expect([e.lower.toFixed(3), e.upper.toFixed(3)]).toEqual([lower, upper]);
    }
  });

  it("Byar's limits are within 0.2% of Garwood's from 10, as the public health guidance in England states", () => {
    for (const [x, lower, upper] of garwood.filter(([x]) => x >= 10)) {
      const b = byarInterval(x);
      expect(Math.abs(b.lower / Number(lower) - 1)).toBeLessThan(0.002);
      expect(Math.abs(b.upper / Number(upper) - 1)).toBeLessThan(0.002);
    }
    // By hand, x = 10: 10 (1 - 1/90 - 1.96/(3 sqrt 10))^3 and 11 (1 - 1/99 + 1.96/(3 sqrt 11))^3.
    const b10 = byarInterval(10);
    expect(b10.lower.toFixed(2)).toBe('4.79');
    expect(b10.upper.toFixed(2)).toBe('18.39');
  });

  it('exact limits agree with bisection on the Poisson tail, and the chosen method is exact below 10 and Byar from 10', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), (x) => {
        const e = exactPoissonInterval(x);
        const b = exactByBisection(x);
        expect(Math.abs(e.lower - b.lower)).toBeLessThan(1e-6 * (1 + x));
        expect(Math.abs(e.upper - b.upper)).toBeLessThan(1e-6 * (1 + x));
        const chosen = poissonCountInterval(x);
        expect(chosen).toEqual(x < 10 ? e : byarInterval(x));
        expect(chosen.lower).toBeLessThanOrEqual(x);
        expect(chosen.upper).toBeGreaterThan(x);
      }),
      { numRuns: 200 },
    );
  });

  it('uses the normal quantile of 97.5%', () => {
    expect(Math.abs(Z_95 - jStat.normal.inv(0.975, 0, 1))).toBeLessThan(1e-12);
  });
});

describe('the exact conditional test of two Poisson counts', () => {
  it('agrees with binomial tails summed term by term, for equal and unequal exposures', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 1_000, max: 200_000 }),
        fc.integer({ min: 1_000, max: 200_000 }),
        (x1, x2, e1, e2) => {
          const n = x1 + x2;
          const pmf = binomialPmf(n, e2 / (e1 + e2));
          const lowerTail = pmf.slice(0, x2 + 1).reduce((a, b) => a + b, 0);
          const upperTail = pmf.slice(x2).reduce((a, b) => a + b, 0);
          const expected = n === 0 ? 1 : Math.min(1, 2 * Math.min(lowerTail, upperTail));
          expect(Math.abs(poissonRatioTestP(x1, e1, x2, e2) - expected)).toBeLessThan(1e-7);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('calls 100 against 130 at equal exposure noise, and 100 against 150 not', () => {
    // Two-sided exact: P(X >= 130 | n = 230, p = 1/2) doubled is about 0.056; for 150 of 250 about 0.0019.
    expect(poissonRatioTestP(100, 1, 130, 1)).toBeGreaterThan(0.05);
    expect(poissonRatioTestP(100, 1, 150, 1)).toBeLessThan(0.01);
  });
});

describe('ranges as printed', () => {
  it('print the value and its limits to one decimal', () => {
    expect(formatWithRange(12.345, 10.06, 14.84)).toBe('12.3 (10.1–14.8)');
    expect(formatWithRange(12.345, null, null)).toBe('12.3');
  });
});
