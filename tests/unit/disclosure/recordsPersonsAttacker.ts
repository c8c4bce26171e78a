// An attacker of a release holding records and distinct-persons tables of the same cells,
// written independently of src-main/disclosure for the tests. Unknowns: per finest cell its
// records r and persons p, and per persons number over several cells its value P. What holds
// for any data: every printed records number is the sum of its r; p <= r; a cell with records
// has a person (r >= 1 implies p >= 1, by a 0/1 variable: a mixed-integer program); a persons
// number over several cells is at least each p under it and at most their sum, at least every
// persons number inside it and at most the sum of any persons numbers that split it. GLPK gives
// the range of any records sum or persons number.
import GLPK from 'glpk.js/node';

/** Per field, the categories a number covers (a field left out: all of them). */
export type Cover = Record<string, readonly string[]>;

export interface Count {
  measure: 'records' | 'persons';
  cover: Cover;
  /** Null when the number was not printed (hidden): the attacker may still aim at it. */
  printed: number | null;
}

export interface Interval {
  lower: number;
  upper: number;
}

/** No count of the test data comes near this; a range that reaches it is unbounded. */
const BIG = 100_000;

export class RecordsPersonsAttacker {
  private readonly cells: Record<string, string>[];

  constructor(domains: Record<string, readonly string[]>) {
    let cells: Record<string, string>[] = [{}];
    for (const [field, categories] of Object.entries(domains)) {
      cells = cells.flatMap((cell) => categories.map((c) => ({ ...cell, [field]: c })));
    }
    this.cells = cells;
  }

  private under(cover: Cover): number[] {
    return this.cells.flatMap((cell, i) =>
      Object.entries(cover).every(([field, allowed]) => allowed.includes(cell[field]!)) ? [i] : [],
    );
  }

  /** The range of `target` (one of `numbers`, printed or not) given every printed number. */
  async range(numbers: readonly Count[], target: Count): Promise<Interval> {
    const glpk = await GLPK();
    type Row = { name: string; vars: { name: string; coef: number }[]; bnds: { type: number; lb: number; ub: number } };
    const rows: Row[] = [];
    const row = (vars: [string, number][], type: number, lb: number, ub = lb) =>
      rows.push({
        name: `c${rows.length}`,
        vars: vars.map(([name, coef]) => ({ name, coef })),
        bnds: { type, lb, ub },
      });
    const cellIds = this.cells.map((_, i) => i);
    for (const i of cellIds) {
      row(
        [
          [`r${i}`, 1],
          [`p${i}`, -1],
        ],
        glpk.GLP_LO,
        0,
      ); // p <= r
      row(
        [
          [`r${i}`, 1],
          [`z${i}`, -BIG],
        ],
        glpk.GLP_UP,
        0,
        0,
      ); // r > 0 only if z = 1
      row(
        [
          [`p${i}`, 1],
          [`z${i}`, -1],
        ],
        glpk.GLP_LO,
        0,
      ); // z = 1 means p >= 1
    }
    // One variable per persons number over several cells; a single cell's is its p.
    const personsVar = new Map<string, string>();
    const aggregates: { name: string; cells: number[] }[] = [];
    const varOf = (n: Count): string => {
      const cells = this.under(n.cover);
      if (cells.length === 1) return `${n.measure === 'records' ? 'r' : 'p'}${cells[0]}`;
      const id = JSON.stringify(cells);
      let name = personsVar.get(id);
      if (name === undefined) {
        name = `P${personsVar.size}`;
        personsVar.set(id, name);
        aggregates.push({ name, cells });
        for (const c of cells)
          row(
            [
              [name, 1],
              [`p${c}`, -1],
            ],
            glpk.GLP_LO,
            0,
          );
        row([[name, 1], ...cells.map((c): [string, number] => [`p${c}`, -1])], glpk.GLP_UP, 0, 0);
      }
      return name;
    };
    for (const n of [...numbers, target]) {
      if (n.measure === 'records') {
        if (n.printed !== null)
          row(
            this.under(n.cover).map((c) => [`r${c}`, 1]),
            glpk.GLP_FX,
            n.printed,
          );
      } else {
        const name = varOf(n);
        if (n.printed !== null) row([[name, 1]], glpk.GLP_FX, n.printed);
      }
    }
    // Between persons numbers: containment, and a split of one into others.
    for (const a of aggregates) {
      const inside = aggregates.filter((b) => b !== a && b.cells.every((c) => a.cells.includes(c)));
      for (const b of inside)
        row(
          [
            [a.name, 1],
            [b.name, -1],
          ],
          glpk.GLP_LO,
          0,
        );
      const singles = a.cells.map((c) => ({ name: `p${c}`, cells: [c] }));
      for (const split of splits(a.cells, [...inside, ...singles])) {
        row([[a.name, 1], ...split.map((b): [string, number] => [b.name, -1])], glpk.GLP_UP, 0, 0);
      }
    }
    const vars = [...cellIds.flatMap((i) => [`r${i}`, `p${i}`]), ...aggregates.map((a) => a.name)];
    const bounds = vars.map((name) => ({ name, type: glpk.GLP_DB, lb: 0, ub: BIG }));
    const objective =
      target.measure === 'records'
        ? this.under(target.cover).map((c) => ({ name: `r${c}`, coef: 1 }))
        : [{ name: varOf(target), coef: 1 }];
    const bound = (direction: number): number => {
      const { result } = glpk.solve(
        {
          name: 'records and persons',
          objective: { direction, name: 'o', vars: objective },
          subjectTo: rows,
          bounds,
          binaries: cellIds.map((i) => `z${i}`),
        },
        { msglev: glpk.GLP_MSG_OFF, presol: true },
      );
      if (result.status !== glpk.GLP_OPT) throw new Error(`records and persons attacker status ${result.status}`);
      return result.z;
    };
    return { lower: Math.max(0, Math.ceil(bound(glpk.GLP_MIN) - 1e-6)), upper: Math.floor(bound(glpk.GLP_MAX) + 1e-6) };
  }
}

/** Above this many cells an aggregate's splits are only those into parts of one size (rows, columns, cells). */
const EVERY_SPLIT_UP_TO = 12;

/**
 * The ways to cut `cells` exactly into some of `parts` (disjoint). Every way for a small
 * aggregate; for a large one (a table's total over hundreds of cells, where the ways are
 * countless) the cuts into parts of one size: its rows, its columns, its cells.
 */
function splits(cells: readonly number[], parts: readonly { name: string; cells: number[] }[]): { name: string }[][] {
  if (cells.length > EVERY_SPLIT_UP_TO) return sameSizeSplits(cells, parts);
  const out: { name: string }[][] = [];
  const walk = (left: readonly number[], from: number, chosen: { name: string }[]) => {
    if (left.length === 0) {
      if (chosen.length > 1) out.push(chosen);
      return;
    }
    for (let i = from; i < parts.length; i++) {
      const part = parts[i]!;
      if (part.cells.every((c) => left.includes(c)) && part.cells.includes(left[0]!)) {
        walk(
          left.filter((c) => !part.cells.includes(c)),
          0,
          [...chosen, part],
        );
      }
    }
  };
  walk(cells, 0, []);
  return out;
}

function sameSizeSplits(
  cells: readonly number[],
  parts: readonly { name: string; cells: number[] }[],
): { name: string }[][] {
  const bySize = new Map<number, { name: string; cells: number[] }[]>();
  for (const part of parts) bySize.set(part.cells.length, [...(bySize.get(part.cells.length) ?? []), part]);
  const out: { name: string }[][] = [];
  for (const group of bySize.values()) {
    const covered = new Set<number>();
    const chosen: { name: string }[] = [];
    for (const part of group) {
      if (part.cells.some((c) => covered.has(c))) continue;
      for (const c of part.cells) covered.add(c);
      chosen.push(part);
    }
    if (chosen.length > 1 && covered.size === cells.length) out.push(chosen);
  }
  return out;
}
