// A fingerprint of the code the user guide's screenshots show (the renderer and the shared
// contract): the docs test compares it with the one recorded when the screenshots were taken.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOTS = ['src-renderer', 'shared'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

export function rendererFingerprint(root = process.cwd()): string {
  const hash = createHash('sha256');
  const all = ROOTS.flatMap((r) => files(join(root, r)))
    .map((path) => relative(root, path).split('\\').join('/'))
    .sort();
  for (const path of all) {
    hash.update(path);
    hash.update(readFileSync(join(root, path), 'utf8').replace(/\r\n/g, '\n'));
  }
  return hash.digest('hex');
}

export const SCREENSHOT_MANIFEST = 'docs/images/manifest.json';
