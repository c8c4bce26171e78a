// engine.timeToOutcome and export.timeToOutcome: Explore's time-to-outcome table and its files.
import type { Handler } from '../dispatcher.ts';
import type { MainServices } from '../mainServices.ts';
import { exportTimeToOutcome } from '../../app/publication/timeToOutcomeExport.ts';

type M = 'engine.timeToOutcome' | 'export.timeToOutcome';

export function outcomeHandlers({ session, analysis, exports }: MainServices): { [K in M]: Handler<K> } {
  return {
    'engine.timeToOutcome': async (spec, ctx) => {
      session.current();
      return analysis.timeToOutcome(spec, { signal: ctx.signal });
    },
    'export.timeToOutcome': async (args, ctx) => {
      session.current();
      return exportTimeToOutcome(exports(), analysis, args, ctx, (work) => session.exclusive(work));
    },
  };
}
