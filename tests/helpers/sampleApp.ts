// The app in Chromium with the sample workspace built fresh and open: for e2e tests that read
// the sample's saved analyses. Built in a temporary folder, removed with the app.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSampleWorkspace } from '../../src-main/sample/buildSample.ts';
import { openWorkspaceFromStart, startApp, type RunningApp } from './app.ts';

export interface SampleApp {
  running: RunningApp;
  /** The temporary folder holding the sample, for files a test writes beside it. */
  dir: string;
  /** Shuts the app down and removes the sample's folder. */
  close(): Promise<void>;
}

export async function startSampleApp(passphrase: string): Promise<SampleApp> {
  const dir = mkdtempSync(join(tmpdir(), 'vso-e2e-sample-'));
  const path = join(dir, 'sample.vsow');
  const { workspace } = await buildSampleWorkspace(path, passphrase);
  workspace.close();
  const running = await startApp({ width: 1440, height: 1000 });
  await openWorkspaceFromStart(running.page, path, passphrase);
  return {
    running,
    dir,
    close: async () => {
      await running.app.services.shutdown?.();
      await running.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
