// Where a sample workspace goes when the user does not choose: the app's config folder.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { configDir } from '../app/workspace/recentWorkspaces.ts';

export function defaultSamplePath(now = new Date()): string {
  const dir = join(configDir(), 'samples');
  mkdirSync(dir, { recursive: true });
  const stamp = now.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  return join(dir, `vso-sample-${stamp}.vsow`);
}
