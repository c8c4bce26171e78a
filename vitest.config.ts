import { defineConfig } from 'vitest/config';
import { MAIN_OUT_DIR } from './electron.config.ts';

// The workers of the source under test start from its build (tests/buildMain.ts).
const env = { VSO_BUILT_WORKERS: MAIN_OUT_DIR };

export default defineConfig({
  test: {
    globalSetup: ['tests/buildMain.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          env,
          // Tests that spawn whole CLI runs take minutes on a loaded two-core machine; a timeout
          // only catches a hang here (speed is measured by the benchmarks).
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          env,
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // A poll waits for the screen to settle; Vitest's default gives up after 1 s, which a
          // loaded machine overruns. Waiting longer costs a passing test nothing.
          expect: { poll: { timeout: 30_000 } },
        },
      },
    ],
  },
});
