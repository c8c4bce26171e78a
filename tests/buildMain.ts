// Vitest's global setup: builds the main process from the source before any test runs. The
// CLI tests run `vso` as built, as a user runs it, and the source under test starts its
// workers from this build (VSO_BUILT_WORKERS), since tsx compiles every worker's modules
// again at each start. Building here keeps both the same as the source being tested. A build
// of the same source is kept, not made again: a rebuild empties the folder first, and a
// second test run beside this one would find its workers gone.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { main } from '../electron.config.ts';

const ROOT = resolve(import.meta.dirname, '..');
const STAMP = join(ROOT, 'dist/main/.built-from');

/** A digest of everything the main build reads from this repository. */
function sourceDigest(): string {
  const hash = createHash('sha256');
  const files = ['package.json', 'package-lock.json', 'electron.config.ts'];
  for (const folder of ['src-main', 'shared']) {
    for (const entry of readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) files.push(join(entry.parentPath, entry.name).slice(ROOT.length + 1));
    }
  }
  for (const file of files.sort())
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(ROOT, file)))
      .update('\0');
  return hash.digest('hex');
}

export default async function buildMain(): Promise<void> {
  const digest = sourceDigest();
  if (existsSync(STAMP) && readFileSync(STAMP, 'utf8') === digest) return;
  await build(main);
  writeFileSync(STAMP, digest);
}
