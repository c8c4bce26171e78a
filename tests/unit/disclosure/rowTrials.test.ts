// Trials over the same rows, each without some of them (the needs audit's greedy): one program
// whose left-out rows have their bounds lifted must give, trial after trial and whatever order
// the rows leave and come back in, the optimum of a program built afresh over the rows kept.
import { describe, expect, it } from 'vitest';
import { type Row, solve } from '../../../src-main/disclosure/linearProgram.ts';
import { openRowTrials } from '../../../src-main/disclosure/rowTrials.ts';

/** A fixed pseudo-random sequence in [0, 1). */
function sequence(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 48271) % 2147483647) / 2147483647;
}

/** Persons per pattern, and rows of sums of patterns that those persons satisfy (some as ranges). */
function world(seed: number): { rows: Row[]; patterns: number } {
  const next = sequence(seed);
  const patterns = 12;
  const persons = Array.from({ length: patterns }, () => Math.floor(next() * 6));
  const rows = Array.from({ length: 14 }, (): Row => {
    const members = Array.from({ length: patterns }, (_v, p) => p).filter(() => next() < 0.4);
    const value = members.reduce((sum, p) => sum + persons[p]!, 0);
    const terms = new Map(members.map((p) => [`x${p}`, 1]));
    return next() < 0.3
      ? { terms, lower: Math.max(0, value - 2), upper: value + 2 }
      : { terms, lower: value, upper: value };
  });
  return { rows, patterns };
}

describe('row trials', () => {
  it('allows nothing where the rows kept disagree, though the count is in no row kept', async () => {
    const rows: Row[] = [
      { terms: new Map([['x0', 1]]), lower: 3, upper: 3 },
      { terms: new Map([['x0', 1]]), lower: 5, upper: 5 },
      { terms: new Map([['x1', 1]]), lower: 2, upper: 2 },
    ];
    const trials = await openRowTrials(rows, new Map([['x1', 1]]));
    try {
      // x0 = 3 and x0 = 5 allow no point: there is no most of x1, whatever x1's own row.
      expect(trials.most((row) => row !== 2)).toBe(-Infinity);
      expect(trials.most(() => true)).toBe(-Infinity);
      // x0 = 3 alone: x1 free.
      expect(trials.most((row) => row === 0)).toBe(Infinity);
      expect(trials.most((row) => row !== 1)).toBe(2);
    } finally {
      trials.dispose();
    }
  });

  it('gives each trial the optimum of a fresh program over the rows it keeps', async () => {
    for (let seed = 1; seed <= 12; seed++) {
      const { rows, patterns } = world(seed);
      const next = sequence(seed + 1000);
      const target = new Map(
        Array.from({ length: patterns }, (_v, p) => p)
          .filter(() => next() < 0.3)
          .map((p) => [`x${p}`, 1]),
      );
      if (target.size === 0) target.set('x0', 1);
      const trials = await openRowTrials(rows, target);
      try {
        for (let trial = 0; trial < 10; trial++) {
          const kept = rows.map(() => next() < 0.7);
          const fresh = await solve({ direction: 'max', objective: target, rows: rows.filter((_r, i) => kept[i]) });
          const expected =
            fresh.status === 'optimal' ? fresh.value : fresh.status === 'unbounded' ? Infinity : -Infinity;
          const most = trials.most((row) => kept[row]!);
          if (Number.isFinite(expected)) expect(most, `seed ${seed}, trial ${trial}`).toBeCloseTo(expected, 6);
          else expect(most, `seed ${seed}, trial ${trial}`).toBe(expected);
        }
      } finally {
        trials.dispose();
      }
    }
  });
});
