// A cancel of engine.facets reaches the query workers, as a query's does: sent as the
// transports send it (a cancel message with the request's id), the facets are answered
// CANCELLED, and the engine then answers the same facets as a fresh call does. Before, the
// handler dropped the call's signal and the facets ran to the end. Real SQLCipher file, real
// store worker and query workers.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Dispatcher } from '../../../src-main/ipc/dispatcher.ts';
import { cancelledCall } from '../../helpers/cancelCall.ts';
import { dispatcherWorkspace, type DispatcherWorkspace } from '../../helpers/dispatcherWorkspace.ts';

let world: DispatcherWorkspace;
let api: Dispatcher;

beforeEach(async () => {
  world = await dispatcherWorkspace('facets.vsow', 'victims', 3_000);
  api = world.api;
});

afterEach(async () => world.close());

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
