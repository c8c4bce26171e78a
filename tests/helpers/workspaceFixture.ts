// A real encrypted workspace filled through the real importer from generated extracts,
// for end-to-end tests and benchmarks.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cohort } from '../../shared/codebook.ts';
import { generateFixture } from '../../src-main/sample/generator/generate.ts';
import { runImport } from '../../src-main/import/runImport.ts';
import { Workspace } from '../../src-main/store/workspace.ts';

export const FIXTURE_PASSPHRASE = 'correct horse battery staple';

export interface FixtureWorkspace {
  dir: string;
  path: string;
  passphrase: string;
}

export async function buildFixtureWorkspace(options: {
  rows: Partial<Record<Cohort, number>>;
  seed?: number;
  dialect?: 'canonical' | 'messy';
  dir?: string;
}): Promise<FixtureWorkspace> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'vso-fixture-'));
  const path = join(dir, 'fixture.vsow');
  const workspace = Workspace.create(path, FIXTURE_PASSPHRASE);
  try {
    for (const [cohort, rows] of Object.entries(options.rows) as Array<[Cohort, number]>) {
      const out = join(dir, `${cohort}.csv`);
      await generateFixture({ cohort, rows, seed: options.seed ?? 7, dialect: options.dialect ?? 'canonical', out });
      await runImport(workspace, { cohort, path: out });
    }
  } finally {
    workspace.close();
  }
  return { dir, path, passphrase: FIXTURE_PASSPHRASE };
}
