// screen.*: Explore's view kept in the workspace, validated both ways (a value saved by
// another version that no longer parses is reported as none).
import { ExploreViewSchema } from '../../../shared/contract/screenState.ts';
import type { Handler } from '../dispatcher.ts';
import type { MainServices } from '../mainServices.ts';

type M = 'screen.explore.get' | 'screen.explore.set';

export function screenStateHandlers({ session }: MainServices): { [K in M]: Handler<K> } {
  return {
    'screen.explore.get': async () => {
      const parsed = ExploreViewSchema.safeParse(session.current().screenState('explore'));
      return { view: parsed.success ? parsed.data : null };
    },
    'screen.explore.set': async ({ view }) => {
      session.current().setScreenState('explore', view);
      return { saved: true };
    },
  };
}
