// The sample workspace opened in the running app ("Try it with sample data", `vso serve
// --sample`, `npm start -- --sample`): the sample is built, then whatever was open is closed
// and the session adopts the sample, so the engine loads and the renderers hear of it. A cancel
// while it is built leaves no sample file and the open workspace as it was. The generated
// passphrase is returned to be shown once.
import type { WorkspaceStatus } from '../../shared/contract/workspace.ts';
import type { Progress } from '../../shared/protocol.ts';
import type { Application } from '../app/application.ts';
import { buildSampleWorkspace, type SampleSummary } from './buildSample.ts';
import { samplePassphrase } from './samplePassphrase.ts';
import { defaultSamplePath } from './samplePath.ts';

export async function openSampleWorkspace(
  app: Pick<Application, 'session'>,
  options: { path?: string; onProgress?: (progress: Progress) => void; signal?: AbortSignal } = {},
): Promise<{ status: WorkspaceStatus; passphrase: string; summary: SampleSummary }> {
  const passphrase = samplePassphrase();
  const { workspace, summary } = await buildSampleWorkspace(
    options.path ?? defaultSamplePath(),
    passphrase,
    options.onProgress,
    options.signal,
  );
  try {
    await app.session.close();
  } catch (error) {
    workspace.close();
    throw error;
  }
  const status = await app.session.adopt(workspace, 'opened');
  return { status, passphrase, summary };
}
