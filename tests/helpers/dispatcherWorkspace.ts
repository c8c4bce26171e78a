// The app's services behind a test dispatcher, on a new encrypted workspace in a temp folder
// with one generated extract imported: the setup the cancel and write-gate tests share.
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

export async function dispatcherWorkspace(
  name: string,
  cohort: 'victims' | 'suspects' | 'offenders',
  rows: number,
): Promise<DispatcherWorkspace> {
  const dir = new TempDir();
  const session = new WorkspaceSession({ recent: new RecentWorkspaces(dir.file('recent.json')) });
  const services = createMainServices({ mode: 'browser', modeReason: 'test', session });
  const api = createDispatcher(createHandlers(services), 'test');
  await api.call('workspace.create', { path: dir.file(name), passphrase: PASSPHRASE });
  const extract = await fixture(dir, cohort, rows, { seed: 1, dialect: 'canonical' });
  await api.call('import.run', { cohort, path: extract.path });
  return {
    dir,
    services,
    api,
    close: async () => {
      await services.shutdown?.();
      dir.remove();
    },
  };
}
