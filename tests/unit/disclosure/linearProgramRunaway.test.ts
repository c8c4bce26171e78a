// An objective over a variable in no row runs away only where the rows allow a point at all:
// rows that disagree (x = 3 and x = 5) allow none, so there is no optimum to run, and reading
// them as unbounded would call free a count that nothing proves (the needs audit fails closed on
// rows that allow no persons). Hand-checked programs, each asked on a program opened afresh and
// after bounds have moved.
import { describe, expect, it } from 'vitest';
import { openProgram, type Row } from '../../../src-main/disclosure/linearProgram.ts';

const disagree: Row[] = [
  { terms: new Map([['x', 1]]), lower: 3, upper: 3 },
  { terms: new Map([['x', 1]]), lower: 5, upper: 5 },
];

describe('an objective over a variable in no row', () => {
  it('is infeasible where the rows allow no point', async () => {
    const program = await openProgram(disagree);
    try {
      expect(program.optimize('max', new Map([['y', 1]])).status).toBe('infeasible');
      expect(program.optimize('min', new Map([['y', -1]])).status).toBe('infeasible');
      // Pinned at 0 either way it is asked: still no point.
      expect(program.optimize('min', new Map([['y', 1]])).status).toBe('infeasible');
    } finally {
      program.dispose();
    }
  });

  it('runs away where they allow one, and again once a narrowed row is lifted', async () => {
    const program = await openProgram(disagree);
    try {
      program.setRowBounds(1, undefined, undefined);
      expect(program.optimize('max', new Map([['y', 1]])).status).toBe('unbounded');
      // Narrowed back: the point known before is gone.
      program.setRowBounds(1, 5, 5);
      expect(program.optimize('max', new Map([['y', 1]])).status).toBe('infeasible');
      program.setRowBounds(0, 0, Infinity);
      expect(program.optimize('max', new Map([['y', 1]])).status).toBe('unbounded');
    } finally {
      program.dispose();
    }
  });

  it('bounds nothing when the program has no columns but allows the origin', async () => {
    const program = await openProgram([{ terms: new Map(), lower: 0, upper: 4 }]);
    expect(program.optimize('max', new Map([['y', 1]])).status).toBe('unbounded');
    program.dispose();
    const none = await openProgram([{ terms: new Map(), lower: 1, upper: 4 }]);
    expect(none.optimize('max', new Map([['y', 1]])).status).toBe('infeasible');
    none.dispose();
  });
});
