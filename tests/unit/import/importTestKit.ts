// Shared by the import tests: a real encrypted workspace in a fresh temp folder, generated
// fixture files, and small file writers. Everything is removed after each test file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cohort } from '../../../shared/codebook.ts';
import { generateFixture, type FixtureSummary } from '../../../src-main/sample/generator/generate.ts';
import { Workspace } from '../../../src-main/store/workspace.ts';

export const PASSPHRASE = 'correct horse battery staple 42!';

export class TempDir {
  readonly path = mkdtempSync(join(tmpdir(), 'vso-import-'));
  file(name: string): string {
    return join(this.path, name);
  }
  write(name: string, content: string | Buffer): string {
    const path = this.file(name);
    writeFileSync(path, content);
    return path;
  }
  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}

export function createWorkspace(dir: TempDir, name = 'test.vsow'): Workspace {
  return Workspace.create(dir.file(name), PASSPHRASE);
}

export function fixture(
  dir: TempDir,
  cohort: Cohort,
  rows: number,
  options: { seed?: number; dialect?: 'canonical' | 'messy'; ext?: 'csv' | 'xlsx' } = {},
): Promise<FixtureSummary> {
  const dialect = options.dialect ?? 'messy';
  const ext = options.ext ?? 'csv';
  const seed = options.seed ?? 1;
  return generateFixture({ cohort, rows, seed, dialect, out: dir.file(`${cohort}-${dialect}-${seed}-${rows}.${ext}`) });
}

export function count(ws: Workspace, sql: string, ...params: unknown[]): number {
  return (ws.db.prepare(sql).get(...params) as { n: number }).n;
}
