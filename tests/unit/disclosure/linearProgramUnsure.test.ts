// When HiGHS answers "unbounded or infeasible", the program tells the two apart by solving the
// same rows with no objective. If that second solve ends without a sure answer (a time or
// iteration limit), the program must throw: read as unbounded, it would report a count free
// that nothing proved. HiGHS is replaced by a model whose statuses are scripted.
import { afterEach, describe, expect, it, vi } from 'vitest';

const statuses: number[] = [];

vi.mock('highs', () => ({
  default: async () => ({
    infinity: 1e30,
    constants: { objectiveSense: { minimize: 1, maximize: -1 } },
    createModel: () => {
      let status = 0;
      return {
        options: { set: () => undefined },
        changeColsCost: () => undefined,
        changeObjectiveSense: () => undefined,
        clearSolver: () => undefined,
        run: () => {
          status = statuses.shift() ?? 0;
        },
        getModelStatus: () => status,
        getSolution: () => ({ colValue: [0] }),
        getObjectiveValue: () => 0,
        info: { get: () => 0 },
        dispose: () => undefined,
      };
    },
  }),
}));

const { openProgram } = await import('../../../src-main/disclosure/linearProgram.ts');

/** Solves max x over one row (x ≥ 0) with HiGHS's statuses given in turn. */
async function solveWith(...script: number[]) {
  statuses.splice(0, statuses.length, ...script);
  const program = await openProgram([{ terms: new Map([['x', 1]]), lower: 0 }]);
  try {
    return program.optimize('max', new Map([['x', 1]]));
  } finally {
    program.dispose();
  }
}

// HiGHS model statuses: 7 optimal, 8 infeasible, 9 unbounded or infeasible, 13 time limit.
describe('a program HiGHS answers "unbounded or infeasible"', () => {
  afterEach(() => void statuses.splice(0));

  it('is unbounded where the rows alone have a solution', async () => {
    expect(await solveWith(9, 7)).toEqual({ status: 'unbounded' });
  });

  it('is infeasible where the rows alone have none', async () => {
    expect(await solveWith(9, 8)).toEqual({ status: 'infeasible' });
  });

  it('throws where the second solve ends without a sure answer', async () => {
    await expect(solveWith(9, 13)).rejects.toThrow(/without an answer/);
  });
});
