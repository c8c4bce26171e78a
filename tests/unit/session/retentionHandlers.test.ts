// The retention API through the real dispatcher: what is due of each kind, and a purge refused
// when what the analyst confirmed is no longer what is due (rejected rows included).
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Dispatcher } from '../../../src-main/ipc/dispatcher.ts';
import { Workspace } from '../../../src-main/store/workspace.ts';
import { apiUnderTest, type ApiUnderTest } from '../../helpers/apiUnderTest.ts';
import { insertBatch, PASSPHRASE } from '../store/storeTestKit.ts';

let world: ApiUnderTest;
let dir: string;
let api: Dispatcher;

beforeEach(() => {
  world = apiUnderTest('vso-retention-api-');
  dir = world.dir;
  api = world.dispatcher;
});
afterEach(() => world.close());

it('reports each kind due and purges only what was confirmed', async () => {
  const file = join(dir, 'r.vsow');
  const ws = Workspace.create(file, PASSPHRASE);
  insertBatch(ws.db, 'suspects', [{ personKey: 'S1', date: '2011-02-02' }], {
    rejected: [{ raw: { 'Offence Date': '02/02/2011' }, date: '2011-02-02' }],
  });
  ws.close();
  await api.call('workspace.open', { path: file, passphrase: PASSPHRASE });
  const state = await api.call('retention.set', { years: 3 });
  expect(state.due).toMatchObject({
    records: { victims: 0, suspects: 1, offenders: 0 },
    total: 1,
    rejectedRows: 1,
    contextRows: {},
    rows: 2,
  });
  await expect(api.call('retention.purge', { confirmRecords: 1, confirmRows: 1 })).rejects.toMatchObject({
    code: 'BAD_REQUEST',
    message: /2 rows are past the retention period now, not the 1 you confirmed/,
  });
  const purged = await api.call('retention.purge', { confirmRecords: 1, confirmRows: 2 });
  expect(purged).toMatchObject({ total: 1, rejectedRows: 1, persons: 1, records: { suspects: 1 } });
  expect((await api.call('retention.get', {})).due?.rows).toBe(0);
});
