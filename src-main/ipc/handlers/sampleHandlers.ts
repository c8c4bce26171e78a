// workspace.createSample: "Try it with sample data" on the Start screen.
import { openSampleWorkspace } from '../../sample/openSample.ts';
import type { Handler } from '../dispatcher.ts';
import type { MainServices } from '../mainServices.ts';

export function sampleHandlers(services: MainServices): {
  'workspace.createSample': Handler<'workspace.createSample'>;
} {
  return {
    'workspace.createSample': async ({ path }, ctx) => {
      const { status, passphrase, summary } = await openSampleWorkspace(services, {
        ...(path === undefined ? {} : { path }),
        onProgress: (p) => ctx.progress(p),
        signal: ctx.signal,
      });
      return {
        status,
        passphrase,
        figures: summary.figures,
        infographics: summary.infographics,
        report: summary.report,
      };
    },
  };
}
