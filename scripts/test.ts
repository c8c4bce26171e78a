// `npm test`: type-check, lint, build, then every Vitest project (unit and end-to-end in a
// real Chromium), ending with one summary line "tests: N passed, N failed, N skipped".
// It never skips the end-to-end tests silently: without a browser it fails, saying why.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { CHROMIUM_MISSING_MESSAGE, findChromium } from './findChromium.ts';

function step(name: string, command: string, args: string[]): boolean {
  process.stdout.write(`\n== ${name}: ${command} ${args.join(' ')}\n`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  if (result.status !== 0) process.stdout.write(`== ${name} failed (exit ${result.status ?? result.signal})\n`);
  return result.status === 0;
}

if (findChromium() === null) {
  process.stderr.write(`${CHROMIUM_MISSING_MESSAGE}\n`);
  process.exit(1);
}

const only = process.argv.slice(2);
let ok = true;
ok = step('type-check', 'npx', ['tsc', '-p', 'tsconfig.node.json']) && ok;
ok = step('type-check (renderer)', 'npx', ['tsc', '-p', 'tsconfig.web.json']) && ok;
ok = step('type-check (end-to-end tests)', 'npx', ['tsc', '-p', 'tsconfig.e2e.json']) && ok;
ok = step('lint', 'npx', ['eslint', '.']) && ok;
ok = step('format', 'npx', ['prettier', '--check', '.']) && ok;
ok = step('build', 'npx', ['tsx', 'scripts/build.ts']) && ok;

mkdirSync('test-results', { recursive: true });
const report = 'test-results/vitest.json';
const vitestOk = step('tests', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...only,
]);
ok = vitestOk && ok;

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const json = JSON.parse(readFileSync(report, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
  };
  passed = json.numPassedTests;
  failed = json.numFailedTests;
  skipped = json.numPendingTests + json.numTodoTests;
} catch {
  failed += 1;
  ok = false;
}
if (!ok && failed === 0) failed = 1; // a failed type-check, lint or build counts as a failure
process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(ok ? 0 : 1);
