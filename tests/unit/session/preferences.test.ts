// This user's preferences through the real dispatcher: the guided start switched off stays
// off for the next app started on this computer (a new dispatcher over the same config
// folder), and arguments the contract does not know are refused.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDispatcher, type Dispatcher } from '../../../src-main/ipc/dispatcher.ts';
import { createHandlers } from '../../../src-main/ipc/createHandlers.ts';
import { createMainServices, type MainServices } from '../../../src-main/ipc/mainServices.ts';
import { RecentWorkspaces } from '../../../src-main/app/workspace/recentWorkspaces.ts';
import { WorkspaceSession } from '../../../src-main/app/workspace/workspaceSession.ts';

let dir: string;
let before: string | undefined;
const running: MainServices[] = [];

/** A freshly started app's API over the config folder of this test. */
function startedApp(): Dispatcher {
  const session = new WorkspaceSession({ recent: new RecentWorkspaces(join(dir, 'recent.json')) });
  const services = createMainServices({ mode: 'browser', modeReason: 'test', session });
  running.push(services);
  return createDispatcher(createHandlers(services), 'test');
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vso-preferences-'));
  before = process.env.VSO_CONFIG_DIR;
  process.env.VSO_CONFIG_DIR = dir;
});

afterEach(async () => {
  for (const services of running.splice(0)) await services.shutdown?.();
  if (before === undefined) delete process.env.VSO_CONFIG_DIR;
  else process.env.VSO_CONFIG_DIR = before;
  rmSync(dir, { recursive: true, force: true });
});

describe('preferences', () => {
  it('shows the guided start until it is switched off, then not in the next app either', async () => {
    const first = startedApp();
    expect(await first.call('app.preferences', {})).toEqual({ guidedStart: true });
    expect(await first.call('app.setPreferences', { guidedStart: false })).toEqual({ guidedStart: false });
    // The second reading: the file in the config folder.
    expect(JSON.parse(readFileSync(join(dir, 'preferences.json'), 'utf8'))).toEqual({ guidedStart: false });
    expect(await startedApp().call('app.preferences', {})).toEqual({ guidedStart: false });
  });

  it('refuses what the contract does not know', async () => {
    const api = startedApp();
    await expect(api.call('app.setPreferences', { guidedStart: 'no' } as never)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(api.call('app.setPreferences', { theme: 'dark' } as never)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect(await api.call('app.preferences', {})).toEqual({ guidedStart: true });
  });
});
