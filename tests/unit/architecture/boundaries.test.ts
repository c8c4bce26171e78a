// Plants imports in every part and expects the lint (ESLint's Node API, the repo's own config)
// to refuse exactly the ones the parts map forbids. The "never" rules of the architecture are
// also written out here by hand, so loosening the map cannot pass unnoticed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './importGraph.ts';
import { PARTS_MAP, RULE, partNamed, partsMessages, plantedPath, specifierFor } from './partsMap.ts';

const MAIN_PARTS = PARTS_MAP.parts.map((p) => p.path).filter((p) => p.startsWith('src-main/'));
const PRODUCTION = ['shared', 'src-renderer', ...MAIN_PARTS];
const DRIVERS = ['better-sqlite3-multiple-ciphers', 'better-sqlite3'];

/** The rules of the architecture as the issue states them: [from part, target part or package, why]. */
const NEVER: Array<[string, string, string]> = [
  ...MAIN_PARTS.filter((p) => !['src-main/store', 'src-main/appVersion.ts'].includes(p)).map(
    (p): [string, string, string] => ['src-main/store', p, 'the store imports nothing above it'],
  ),
  ['src-main/disclosure', 'src-main/export', 'disclosure knows no output format'],
  ...['src-main/engine', 'src-main/store'].flatMap((p): Array<[string, string, string]> => [
    [p, 'src-main/cli', 'engine and store never import the CLI'],
    [p, 'src-main/shell', 'engine and store never import the Electron shell'],
    [p, 'electron', 'engine and store never import Electron'],
  ]),
  ...[...MAIN_PARTS, 'src-renderer'].map((p): [string, string, string] => [
    'shared',
    p,
    'shared/ imports nothing of ours',
  ]),
  ...MAIN_PARTS.map((p): [string, string, string] => ['src-renderer', p, 'the renderer never imports src-main/']),
  ...PARTS_MAP.parts
    .map((p) => p.path)
    .filter((p) => p !== 'src-main/shell')
    .map((p): [string, string, string] => [p, 'electron', 'only the shell imports electron']),
  ...PARTS_MAP.parts
    .map((p) => p.path)
    .filter((p) => PRODUCTION.includes(p) && p !== 'src-main/store')
    .flatMap((p) => DRIVERS.map((d): [string, string, string] => [p, d, 'only the store opens the SQLite driver'])),
  ...PRODUCTION.flatMap((p) =>
    ['fixtures', 'tests', 'bench'].map((t): [string, string, string] => [
      p,
      t,
      'production code never imports test code',
    ]),
  ),
];

function plant(from: string, target: string): { file: string; source: string } {
  const file = plantedPath(partNamed(from));
  return { file, source: `import { thing } from '${specifierFor(file, target)}';\nexport const planted = thing;\n` };
}

describe('the parts map enforced by lint', () => {
  it.each(NEVER)('%s may not import %s (%s)', async (from, target) => {
    const { file, source } = plant(from, target);
    const messages = await partsMessages(file, source);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(`may not import ${target}`);
  });

  it.each(PARTS_MAP.parts.map((p) => [p.path]))(
    '%s: every other part planted, only what the map allows passes',
    async (from) => {
      const part = partNamed(from);
      const file = plantedPath(part);
      const targets = [
        ...PARTS_MAP.parts.map((p) => p.path).filter((p) => p !== from),
        ...PARTS_MAP.packages.map((p) => p.name),
      ];
      const source =
        targets.map((t, i) => `import * as t${i} from '${specifierFor(file, t)}';`).join('\n') +
        '\nexport const all = [' +
        targets.map((_, i) => `t${i}`).join(', ') +
        '];\n';
      const flagged = new Set((await partsMessages(file, source)).map((m) => targets[Number(m.split(':')[0]) - 1]));
      const allowed = (t: string): boolean => {
        const pkg = PARTS_MAP.packages.find((p) => p.name === t);
        return pkg ? pkg.onlyIn.includes(from) : part.mayImport.includes('*') || part.mayImport.includes(t);
      };
      expect([...flagged].sort()).toEqual(targets.filter((t) => !allowed(t)).sort());
    },
  );

  it('fails on a forbidden import planted as a real file in the store (lintFiles, as npm run lint does)', async () => {
    // A temp copy of the repo's lint setup, so no other test walking src-main/ ever sees the file.
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'vso-parts-'));
    try {
      for (const file of ['eslint.config.js', 'package.json', 'architecture/parts.json', 'architecture/partsRule.js'])
        fs.cpSync(path.join(REPO_ROOT, file), path.join(copy, file), { recursive: true });
      fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
      const planted = path.join(copy, 'src-main/store/plantedImport.ts');
      fs.mkdirSync(path.dirname(planted), { recursive: true });
      fs.writeFileSync(
        planted,
        "import { createEngine } from '../engine/engine.ts';\nexport const e = createEngine;\n",
      );
      const [result] = await new ESLint({ cwd: copy }).lintFiles([planted]);
      const errors = result!.messages.filter((m) => m.ruleId === RULE);
      expect(errors).toHaveLength(1);
      expect(errors[0]!.severity).toBe(2);
      expect(errors[0]!.message).toContain('src-main/store may not import src-main/engine');
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });

  it('counts type-only, re-exported, dynamic and require() imports as well', async () => {
    const file = 'src-main/store/plantedImport.ts';
    const source = [
      "import type { Engine } from '../engine/engine.ts';",
      "export * from '../export/tableExport.ts';",
      "export { x } from '../ipc/dispatcher.ts';",
      "export const later = () => import('../cli/run.ts');",
      "export type Menu = typeof import('electron');",
      'declare const require: (name: string) => unknown;',
      "export const shell = require('../shell/main.ts');",
      'export type E = Engine;',
    ].join('\n');
    const lines = (await partsMessages(file, source)).map((m) => Number(m.split(':')[0]));
    expect(lines).toEqual([1, 2, 3, 4, 5, 7]);
  });

  it('resolves paths instead of matching names: a folder named like a part elsewhere is not that part', async () => {
    // tests/unit/engine is part of tests, not of the engine; the renderer importing it is still
    // test code in production (refused as tests, never as engine).
    const messages = await partsMessages('src-renderer/plantedImport.ts', "import '../tests/unit/engine/x.ts';\n");
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('may not import tests');
    expect(await partsMessages('src-main/engine/plantedImport.ts', "import './store/x.ts';\n")).toEqual([]);
  });

  it('permits what the architecture needs', async () => {
    const permitted: Array<[string, string]> = [
      ['src-main/engine', 'src-main/store'],
      ['src-main/export', 'src-main/disclosure'],
      ['src-main/app', 'src-main/export'],
      ['src-main/ipc', 'src-main/app'],
      ['src-main/cli', 'src-main/app'],
      ['src-main/shell', 'electron'],
      ['src-main/store', 'better-sqlite3-multiple-ciphers'],
      ['src-renderer', 'shared'],
      ['tests', 'src-main/store'],
    ];
    for (const [from, target] of permitted) {
      const { file, source } = plant(from, target);
      expect(await partsMessages(file, source), `${from} -> ${target}`).toEqual([]);
    }
  });
});
