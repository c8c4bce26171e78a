// fixtures/ holds test data only: data files and the notes on where they came from, no code
// (generators live in src-main/sample/generator/, test helpers in tests/), and no production
// file names a path under it, so a build never depends on the test data being there.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, sourceFiles } from './importGraph.ts';

const DATA = /\.(csv|tsv|txt|xlsx|json|geojson|md)$/i;

function filesUnder(folder: string): string[] {
  const root = path.join(REPO_ROOT, folder);
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(REPO_ROOT, path.join(e.parentPath, e.name)));
}

describe('fixtures/', () => {
  it('holds data files and their notes only', () => {
    const files = filesUnder('fixtures');
    expect(files.length).toBeGreaterThan(0);
    expect(files.filter((f) => !DATA.test(f))).toEqual([]);
  });

  it('is named by no production file', () => {
    const naming = sourceFiles(['shared', 'src-main', 'src-renderer']).filter((file) =>
      /(^|[^\w-])fixtures\//.test(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8')),
    );
    expect(naming).toEqual([]);
  });
});
