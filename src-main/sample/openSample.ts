// The sample workspace opened in the running app ("Try it with sample data", `vso serve
// --sample`, `npm start -- --sample`): whatever was open is closed, the sample is built and
// the session adopts it, so the engine loads and the renderers hear of it. The generated
// passphrase is returned to be shown once.
import type { WorkspaceStatus } from '../../shared/contract/workspace.ts';
import type { Progress } from '../../shared/protocol.ts';
import type { Application } from '../app/application.ts';
import { buildSampleWorkspace, type SampleSummary } from './buildSample.ts';
import { samplePassphrase } from './samplePassphrase.ts';
import { defaultSamplePath } from './samplePath.ts';

export async function openSampleWorkspace(
  app: Pick<Application, 'session'>,
  options: { path?: string; onProgress?: (progress: Progress) => void } = {},
): Promise<{ status: WorkspaceStatus; passphrase: string; summary: SampleSummary }> {
  await app.session.close();
  const passphrase = samplePassphrase();
  const { workspace, summary } = await buildSampleWorkspace(
    options.path ?? defaultSamplePath(),
    passphrase,
    options.onProgress,
  );
  const status = await app.session.adopt(workspace, 'opened');
  return { status, passphrase, summary };
}
