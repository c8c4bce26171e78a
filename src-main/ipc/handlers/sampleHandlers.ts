// workspace.createSample: "Try it with sample data" on the Start screen.
import { buildSampleWorkspace } from '../../sample/buildSample.ts';
import { samplePassphrase } from '../../sample/samplePassphrase.ts';
import { defaultSamplePath } from '../../sample/samplePath.ts';
import type { Handler } from '../dispatcher.ts';
import type { MainServices } from '../mainServices.ts';

export function sampleHandlers({ session }: MainServices): {
  'workspace.createSample': Handler<'workspace.createSample'>;
} {
  return {
    'workspace.createSample': async ({ path }, ctx) => {
      await session.close();
      const passphrase = samplePassphrase();
      const { workspace, summary } = await buildSampleWorkspace(path ?? defaultSamplePath(), passphrase, (p) =>
        ctx.progress(p),
      );
      const status = await session.adopt(workspace, 'opened');
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
