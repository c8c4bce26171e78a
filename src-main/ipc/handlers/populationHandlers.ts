// population.*: the Data screen's population tables card (what is held, and importing ONS
// mid-year estimates). The engine reads the tables with its snapshots, so an import reloads it;
// a cancel is heard between the file's batches of rows, before anything is written.
import { importPopulation, populationTables } from '../../app/import/referenceTables.ts';
import { changeData } from '../../app/workspace/dataChange.ts';
import type { Handler } from '../dispatcher.ts';
import type { MainServices } from '../mainServices.ts';

type M = 'population.list' | 'population.import';

export function populationHandlers({ session }: MainServices): { [K in M]: Handler<K> } {
  return {
    'population.list': async () => ({ tables: populationTables(session.current()) }),
    'population.import': async ({ path, sheet, name }, ctx) =>
      changeData(session, (ws) =>
        importPopulation(ws, name, path, {
          ...(sheet === undefined ? {} : { sheet }),
          steps: { signal: ctx.signal, progress: (p) => ctx.progress(p) },
        }),
      ),
  };
}
