// population.*: the Data screen's population tables card (what is held, and importing ONS
// mid-year estimates). The engine reads the tables with its snapshots, so an import reloads it.
import { importPopulationFile, listPopulationTables } from '../../import/populationTable.ts';
import type { Handler } from '../dispatcher.ts';
import type { MainServices } from '../mainServices.ts';

type M = 'population.list' | 'population.import';

export function populationHandlers({ session }: MainServices): { [K in M]: Handler<K> } {
  return {
    'population.list': async () => ({ tables: listPopulationTables(session.current()) }),
    'population.import': async ({ path, sheet, name }) =>
      session.exclusive(async () => {
        const imported = await importPopulationFile(session.current(), name, path, {
          ...(sheet === undefined ? {} : { sheet }),
        });
        await session.dataChanged();
        return imported;
      }),
  };
}
