// Vitest's global setup: builds the main process from the source before any test runs. The
// CLI tests run `vso` as built, as a user runs it, and the source under test starts its
// workers from this build (VSO_BUILT_WORKERS), since tsx compiles every worker's modules
// again at each start. Building here keeps both the same as the source being tested.
import { build } from 'vite';
import { main } from '../electron.config.ts';

export default async function buildMain(): Promise<void> {
  await build(main);
}
