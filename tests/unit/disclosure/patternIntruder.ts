// The intruder's one question over persons per answer pattern (x0 … x{patterns−1} ≥ 0): the most
// a sum of patterns can be, given every printed number as an equation over them. HiGHS solves it,
// from the program's text; the needs and no-axes attack tests share it.
import highsLoader from 'highs';

/** A sum of pattern variables in the LP format (`0 x0` when empty). */
export function patternSum(terms: readonly string[]): string {
  return terms.length > 0 ? terms.join(' + ') : '0 x0';
}

/** The most `terms` can add up to under `constraints` ("x1 + x4 = 7"); Infinity when unbounded. */
export async function mostOverPatterns(
  constraints: readonly string[],
  terms: readonly string[],
  patterns: number,
): Promise<number> {
  const highs = await highsLoader();
  const lp = [
    'Maximize',
    ` obj: ${patternSum(terms)}`,
    'Subject To',
    ...constraints.map((c, i) => ` c${i}: ${c}`),
    'Bounds',
    ...Array.from({ length: patterns }, (_v, p) => ` x${p} >= 0`),
    'End',
  ].join('\n');
  const solution = highs.solve(lp);
  if (solution.Status === 'Unbounded') return Infinity;
  if (solution.Status !== 'Optimal') throw new Error(`The intruder's program ended ${solution.Status}`);
  return solution.ObjectiveValue;
}
