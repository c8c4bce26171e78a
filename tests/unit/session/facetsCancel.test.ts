// A cancel of engine.facets reaches the query workers, as a query's does: sent as the
// transports send it (a cancel message with the request's id), the facets are answered
// CANCELLED, and the engine then answers the same facets as a fresh call does. Before, the
// handler dropped the call's signal and the facets ran to the end. Real SQLCipher file, real
// store worker and query workers.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecentWorkspaces } from '../../../src-main/app/workspace/recentWorkspaces.ts';
import { WorkspaceSession } from '../../../src-main/app/workspace/workspaceSession.ts';
import { createHandlers } from '../../../src-main/ipc/createHandlers.ts';
import { createDispatcher, type Dispatcher } from '../../../src-main/ipc/dispatcher.ts';
import { createMainServices, type MainServices } from '../../../src-main/ipc/mainServices.ts';
import { cancelledCall } from '../../helpers/cancelCall.ts';
import { fixture, PASSPHRASE, TempDir } from '../import/importTestKit.ts';

let dir: TempDir;
let services: MainServices;
let api: Dispatcher;

beforeEach(async () => {
  dir = new TempDir();
  const session = new WorkspaceSession({ recent: new RecentWorkspaces(dir.file('recent.json')) });
  services = createMainServices({ mode: 'browser', modeReason: 'test', session });
  api = createDispatcher(createHandlers(services), 'test');
  await api.call('workspace.create', { path: dir.file('facets.vsow'), passphrase: PASSPHRASE });
  const file = await fixture(dir, 'victims', 3_000, { seed: 1, dialect: 'canonical' });
  await api.call('import.run', { cohort: 'victims', path: file.path });
});

afterEach(async () => {
  await services.shutdown?.();
  dir.remove();
});

const SPEC = { cohort: 'victims', filters: [{ kind: 'in', field: 'sex', in: ['Female'] }] };

describe('a cancel of engine.facets', () => {
  it('stops the facets, and the engine then answers them as a fresh call does', async () => {
    const call = await cancelledCall(api, 'engine.facets', SPEC, { immediately: true });
    expect(call.outcome).toBe('CANCELLED');
    const after = await api.call('engine.facets', SPEC);
    const again = await api.call('engine.facets', SPEC);
    expect(after.total).toBeGreaterThan(0);
    expect([after.facets, after.total]).toEqual([again.facets, again.total]);
  });
});
