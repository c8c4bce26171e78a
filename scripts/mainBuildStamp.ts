// The main build's stamp: a digest of everything the build reads from this repository, written
// beside the build. Vitest's setup keeps a build whose stamp matches the source (tests/buildMain.ts).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MAIN_OUT_DIR } from '../electron.config.ts';

const ROOT = resolve(import.meta.dirname, '..');
const STAMP = join(MAIN_OUT_DIR, '.built-from');

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

/** Whether dist/main was built from the source as it is now. */
export function mainBuildIsCurrent(): boolean {
  return existsSync(STAMP) && readFileSync(STAMP, 'utf8') === sourceDigest();
}

/** Records that dist/main was just built from the source as it is now. */
export function stampMainBuild(): void {
  writeFileSync(STAMP, sourceDigest());
}
