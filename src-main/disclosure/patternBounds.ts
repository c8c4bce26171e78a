// The most persons a set of printed numbers allows in a hidden count's answer patterns, for the
// needs audit (needsPatternAudit.ts). Each bound is a linear program over thousands of patterns,
// and an audit asks for many: one native program serves every target over the same rows (each
// solve starts from the last basis). The audit's rows only ever lose numbers (hidden pieces
// leave them), so a bound only ever grows: an optimum found is a point the rows allow at every
// later step, and a target it already lifts high enough is free without a program of its own.
import { type Row, maximumOf, openProgram } from './linearProgram.ts';

/** A count the audit bounds: its patterns of persons, and the persons that leave it free. */
export interface BoundedCount {
  id: string;
  patterns: readonly number[];
}

/** Persons per pattern (by index) that the rows allow; 0 for a pattern in no row. */
export type Witness = Float64Array;

export interface PatternBounds {
  /**
   * The most persons the rows allow in `target`'s patterns: Infinity when nothing bounds them,
   * -Infinity when the rows allow no persons at all; with the optimum's persons per pattern.
   */
  most(target: BoundedCount): { bound: number; witness: Witness | null };
  dispose(): void;
}

export async function openPatternBounds(rows: readonly Row[], patternCount: number): Promise<PatternBounds> {
  // The rows stay put and only the objective changes from target to target, so each last
  // basis stays feasible: the primal simplex goes on from it, where the dual would first undo
  // the optimality a new objective breaks (at 16,384 patterns, 200 iterations a target against
  // 3,000 to 5,800). Same program, same optimum; only the path differs.
  const program = await openProgram(rows, new Map(), { primal: true });
  return {
    most(target) {
      const solution = program.optimize('max', new Map(target.patterns.map((p) => [`x${p}`, 1])));
      if (solution.status !== 'optimal') return { bound: maximumOf(solution), witness: null };
      const witness = new Float64Array(patternCount);
      for (let p = 0; p < patternCount; p++) {
        const column = program.columnOf(`x${p}`);
        if (column !== undefined) witness[p] = solution.columns[column]!;
      }
      return { bound: solution.value, witness };
    },
    dispose: () => program.dispose(),
  };
}

/** How many persons a point of the rows puts in `target`'s patterns. */
export const reach = (witness: Witness, target: BoundedCount): number =>
  target.patterns.reduce((sum, p) => sum + witness[p]!, 0);

/** What the audit has proven so far: counts free, and points of the printed rows. */
export interface Proofs {
  free: Set<string>;
  witnesses: Witness[];
}

/**
 * The first of `targets` that `bounds` (over the audit's printed rows) holds below `enough`,
 * with that bound; null when none is. Targets proven free join `proofs.free`, optima join its
 * witnesses: as the printed rows only lose numbers, both stay true at every later step.
 */
export function firstNarrowed<T extends BoundedCount>(
  bounds: PatternBounds,
  targets: readonly T[],
  enough: (target: T) => number,
  proofs: Proofs,
): { target: T; bound: number } | null {
  for (const target of targets) {
    if (proofs.free.has(target.id)) continue;
    if (proofs.witnesses.some((w) => reach(w, target) >= enough(target))) {
      proofs.free.add(target.id);
      continue;
    }
    const { bound, witness } = bounds.most(target);
    if (bound < enough(target)) return { target, bound };
    proofs.free.add(target.id);
    if (witness) proofs.witnesses.push(witness);
  }
  return null;
}
