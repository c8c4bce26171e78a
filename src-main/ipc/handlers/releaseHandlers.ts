// releases.* and publications.*: the Audit screen's publication register.
import type { Handler } from '../dispatcher.ts';
import type { MainServices } from '../mainServices.ts';
import { publicationSummaries, releasesOf, startNewRelease } from '../../app/publication/releaseRegister.ts';

type M = 'releases.list' | 'releases.start' | 'publications.list';

export function releaseHandlers({ session }: MainServices): { [K in M]: Handler<K> } {
  return {
    'releases.list': async () => ({ releases: releasesOf(session.current()) }),
    'releases.start': async ({ name }) => {
      const ws = session.current();
      const started = startNewRelease(ws, name);
      return { release: releasesOf(ws).find((r) => r.id === started.id) ?? started };
    },
    'publications.list': async ({ releaseId }) => ({
      publications: publicationSummaries(session.current(), releaseId),
    }),
  };
}
