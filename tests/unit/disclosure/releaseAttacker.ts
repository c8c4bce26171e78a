// An attacker of a whole release, written independently of src-main/disclosure for the tests:
// the unknowns are the finest cells of the data (one category of every field), every number
// any output of the release printed is an equation over them, and GLPK gives the range of any
// sum of finest cells (a cell of a table, or a cell two tables differ by).
import GLPK from 'glpk.js/node';

/** Per field, the categories a number covers (a field left out: all of them). */
export type Cover = Record<string, readonly string[]>;

export interface Printed {
  cover: Cover;
  value: number;
}

export interface Interval {
  lower: number;
  upper: number;
}

export class ReleaseAttacker {
  private readonly cells: Record<string, string>[];

  constructor(private readonly domains: Record<string, readonly string[]>) {
    let cells: Record<string, string>[] = [{}];
    for (const [field, categories] of Object.entries(domains)) {
      cells = cells.flatMap((cell) => categories.map((c) => ({ ...cell, [field]: c })));
    }
    this.cells = cells;
  }

  private members(cover: Cover): string[] {
    return this.cells.flatMap((cell, i) =>
      Object.entries(cover).every(([field, allowed]) => allowed.includes(cell[field]!)) ? [`x${i}`] : [],
    );
  }

  /** The range of the sum of the finest cells under `target`, given every printed number. */
  async range(printed: readonly Printed[], target: Cover): Promise<Interval> {
    const glpk = await GLPK();
    const subjectTo = printed.map((p, i) => ({
      name: `p${i}`,
      vars: this.members(p.cover).map((name) => ({ name, coef: 1 })),
      bnds: { type: glpk.GLP_FX, lb: p.value, ub: p.value },
    }));
    const objective = this.members(target).map((name) => ({ name, coef: 1 }));
    const bound = (direction: number): number => {
      const { result } = glpk.solve(
        { name: 'release', objective: { direction, name: 'o', vars: objective }, subjectTo },
        { msglev: glpk.GLP_MSG_OFF, presol: false },
      );
      if (result.status === glpk.GLP_UNBND) return direction === glpk.GLP_MAX ? Infinity : 0;
      if (result.status !== glpk.GLP_OPT) throw new Error(`release attacker LP status ${result.status}`);
      return result.z;
    };
    return {
      lower: Math.max(0, Math.ceil(bound(glpk.GLP_MIN) - 1e-6)),
      upper: Math.floor(bound(glpk.GLP_MAX) + 1e-6),
    };
  }
}
