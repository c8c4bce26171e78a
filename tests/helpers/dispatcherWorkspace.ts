// The app's services behind a test dispatcher, on a new encrypted workspace in a temp folder
// with one generated extract imported: the setup the cancel and write-gate tests share. A file
// whose tests each need that workspace afresh builds it once and opens a copy per test.
import { copyFileSync, existsSync } from 'node:fs';
import { RecentWorkspaces } from '../../src-main/app/workspace/recentWorkspaces.ts';
import { WorkspaceSession } from '../../src-main/app/workspace/workspaceSession.ts';
import { createHandlers } from '../../src-main/ipc/createHandlers.ts';
import { createDispatcher, type Dispatcher } from '../../src-main/ipc/dispatcher.ts';
import { createMainServices, type MainServices } from '../../src-main/ipc/mainServices.ts';
import { fixture, PASSPHRASE, TempDir } from '../unit/import/importTestKit.ts';

export interface DispatcherWorkspace {
  dir: TempDir;
  services: MainServices;
  api: Dispatcher;
  close(): Promise<void>;
}

type Cohort = 'victims' | 'suspects' | 'offenders';

function servicesIn(dir: TempDir): Pick<DispatcherWorkspace, 'services' | 'api'> {
  const session = new WorkspaceSession({ recent: new RecentWorkspaces(dir.file('recent.json')) });
  const services = createMainServices({ mode: 'browser', modeReason: 'test', session });
  return { services, api: createDispatcher(createHandlers(services), 'test') };
}

function closing(dir: TempDir, services: MainServices): () => Promise<void> {
  return async () => {
    await services.shutdown?.();
    dir.remove();
  };
}

export async function dispatcherWorkspace(name: string, cohort: Cohort, rows: number): Promise<DispatcherWorkspace> {
  const dir = new TempDir();
  const { services, api } = servicesIn(dir);
  await api.call('workspace.create', { path: dir.file(name), passphrase: PASSPHRASE });
  const extract = await fixture(dir, cohort, rows, { seed: 1, dialect: 'canonical' });
  await api.call('import.run', { cohort, path: extract.path });
  return { dir, services, api, close: closing(dir, services) };
}

/**
 * The same workspace for each test of a file, built (and its extract imported) at the first
 * call, closed, and copied into a fresh folder for each call: what a test changes in its copy
 * no other test sees. `dispose` removes the original.
 */
export function dispatcherWorkspaceCopies(
  name: string,
  cohort: Cohort,
  rows: number,
): { next(): Promise<DispatcherWorkspace>; dispose(): Promise<void> } {
  let original: Promise<{ dir: TempDir; path: string }> | null = null;
  const build = async () => {
    const built = await dispatcherWorkspace(name, cohort, rows);
    const path = built.dir.file(name);
    await built.services.shutdown?.();
    // Closed, the file holds everything: no write-ahead log is left beside it to copy.
    if (existsSync(`${path}-wal`)) throw new Error(`${path} was closed with its write-ahead log beside it`);
    return { dir: built.dir, path };
  };
  return {
    async next() {
      original ??= build();
      const { path } = await original;
      const dir = new TempDir();
      copyFileSync(path, dir.file(name));
      const { services, api } = servicesIn(dir);
      await api.call('workspace.open', { path: dir.file(name), passphrase: PASSPHRASE });
      return { dir, services, api, close: closing(dir, services) };
    },
    async dispose() {
      (await original)?.dir.remove();
    },
  };
}
