// Bounds of one count over the same rows, trial after trial, each without some of them: the
// needs audit's greedy tries hiding one piece after another for the same hidden count. One
// program serves the trials: a row left out has its bounds lifted (a row with none bounds
// nothing), and each trial starts from the basis the last one left. With the objective the
// same and only row bounds moving, the dual simplex goes on from that basis, where a program
// built afresh per trial started from the slacks. Same rows, same optimum.
import { type Row, type Terms, maximumOf, openProgram } from './linearProgram.ts';

export interface RowTrials {
  /**
   * The most of the objective that the rows `on` keeps allow: Infinity when nothing bounds it,
   * -Infinity when they allow no point at all.
   */
  most(on: (row: number) => boolean): number;
  dispose(): void;
}

export async function openRowTrials(rows: readonly Row[], objective: Terms): Promise<RowTrials> {
  const program = await openProgram(rows);
  const lifted = new Array<boolean>(rows.length).fill(false);
  return {
    most(on) {
      rows.forEach((row, i) => {
        const off = !on(i);
        if (off === lifted[i]) return;
        program.setRowBounds(i, off ? undefined : row.lower, off ? undefined : row.upper);
        lifted[i] = off;
      });
      return maximumOf(program.optimize('max', objective));
    },
    dispose: () => program.dispose(),
  };
}
