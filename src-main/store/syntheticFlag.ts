// The "synthetic data" mark of a sample workspace, kept in its meta table so every screen,
// footnote and export of that file can say so.
import type { Workspace } from './workspace.ts';

export function isSynthetic(workspace: Workspace): boolean {
  const row = workspace.db.prepare(`SELECT value FROM meta WHERE key = 'synthetic'`).get() as
    { value: string } | undefined;
  return row?.value === '1';
}

export function markSynthetic(workspace: Workspace): void {
  workspace.db.prepare(`INSERT OR REPLACE INTO meta (key, value) VALUES ('synthetic', '1')`).run();
}
