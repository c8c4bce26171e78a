// Vitest's global setup: builds the main process from the source before any test runs. The
// CLI tests run `vso` as built, as a user runs it, and the source under test starts its
// workers from this build (VSO_BUILT_WORKERS), since tsx compiles every worker's modules
// again at each start. Building here keeps both the same as the source being tested. A build
// of the same source is kept, not made again (`npm test` has just made one): a rebuild
// empties the folder first, and a second test run beside this one would find its workers gone.
import { build } from 'vite';
import { main } from '../electron.config.ts';
import { mainBuildIsCurrent, stampMainBuild } from '../scripts/mainBuildStamp.ts';

export default async function buildMain(): Promise<void> {
  if (mainBuildIsCurrent()) return;
  await build(main);
  stampMainBuild();
}
