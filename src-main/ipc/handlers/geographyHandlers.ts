// geography.*: the Data screen's geography lookup card (what is loaded, and importing a new
// lookup with progress and cancel). The engine's snapshots do not read the lookup, so an
// import changes no loaded data: context datasets use it when they are imported.
import { geographyLookup, importGeographyLookup } from '../../app/import/referenceTables.ts';
import type { Handler } from '../dispatcher.ts';
import type { MainServices } from '../mainServices.ts';

type M = 'geography.lookup' | 'geography.import';

export function geographyHandlers({ session }: MainServices): { [K in M]: Handler<K> } {
  return {
    'geography.lookup': async () => ({ lookup: geographyLookup(session.current()) }),
    'geography.import': async ({ path, sheet }, ctx) =>
      importGeographyLookup(session.current(), path, {
        ...(sheet === undefined ? {} : { sheet }),
        signal: ctx.signal,
        onProgress: (p) => ctx.progress(p),
      }),
  };
}
