// The main thread's first small write after a store worker's import that no data change
// followed (as after a cancel that landed once the rows had committed): how long it holds the
// main thread. Before the session took the WAL's checkpoints into a store worker, this write's
// commit copied every imported page from the WAL into the file. Run it on two checkouts in turn:
//   node --import tsx bench/writeAfterImport.ts [rows]
import { createApplication } from '../src-main/app/application.ts';
import { importInStoreWorker } from '../src-main/app/import/importInStoreWorker.ts';
import { RecentWorkspaces } from '../src-main/app/workspace/recentWorkspaces.ts';
import { WorkspaceSession } from '../src-main/app/workspace/workspaceSession.ts';
import { fixture, PASSPHRASE, TempDir } from '../tests/unit/import/importTestKit.ts';

const rows = Number(process.argv[2] ?? 200_000);
const dir = new TempDir();
const app = createApplication({
  session: new WorkspaceSession({ recent: new RecentWorkspaces(dir.file('recent.json')) }),
});
try {
  await app.session.create(dir.file('write-after-import.vsow'), PASSPHRASE);
  const file = await fixture(dir, 'victims', rows, { dialect: 'canonical' });
  await app.session.exclusive(() => importInStoreWorker(app.session, { cohort: 'victims', path: file.path }));
  const ws = app.session.current();
  let writeMs = 0;
  await app.session.exclusive(async () => {
    const started = performance.now();
    ws.setScreenState('explore', { probe: 1 });
    writeMs = performance.now() - started;
  });
  console.log(JSON.stringify({ rows, writeMs: Math.round(writeMs) }));
} finally {
  await app.shutdown();
  dir.remove();
}
