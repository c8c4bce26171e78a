// The named exceptions of the parts map: each must still be a real violation (an entry the
// code no longer needs fails here, so the integrator deletes it as the branch moving it lands),
// and every cross-part import in the repo is either allowed by the map or listed there.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, localImports, sourceFiles } from './importGraph.ts';
import { PARTS_MAP, RULE, partsMessages } from './partsMap.ts';

const noExceptions = { ...PARTS_MAP, knownViolations: [], root: REPO_ROOT };

describe('the known violations of the parts map', () => {
  const entries = PARTS_MAP.knownViolations.flatMap((group) =>
    group.imports.map(([file, target]) => ({ group: group.name, file, target })),
  );

  it('are named, say why, and say who is removing them (or that nobody is)', () => {
    for (const group of PARTS_MAP.knownViolations) {
      expect(group.name).toMatch(/^[a-z0-9-]+$/);
      expect(group.reason.length).toBeGreaterThan(20);
      if (group.movedBy === null) expect(group.reason).toMatch(/^nobody is moving it yet/);
      expect(group.imports.length).toBeGreaterThan(0);
    }
  });

  it.each(entries.map((e) => [e.file, e.target, e.group]))(
    '%s -> %s (%s) is still there: delete the entry once it is not',
    async (file, target) => {
      const source = fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');
      const messages = await partsMessages(file, source, {
        overrideConfig: { rules: { [RULE]: ['error', noExceptions] } },
      });
      expect(messages.some((m) => m.includes(`may not import ${target}`))).toBe(true);
    },
  );

  it('cover every crossing the map does not allow (read by the TypeScript scanner, not by the lint)', () => {
    const parts = [...PARTS_MAP.parts].sort((a, b) => b.path.length - a.path.length);
    const partOf = (file: string) => parts.find((p) => file === p.path || file.startsWith(`${p.path}/`));
    const listed = new Set(entries.map((e) => `${e.file} -> ${e.target}`));
    const unlisted: string[] = [];
    for (const file of sourceFiles(['shared', 'src-main', 'src-renderer', 'fixtures'])) {
      const own = partOf(file)!;
      for (const target of localImports(file).map(partOf)) {
        if (!target || target === own || own.mayImport.includes(target.path)) continue;
        if (!listed.has(`${file} -> ${target.path}`)) unlisted.push(`${file} -> ${target.path}`);
      }
    }
    expect(unlisted).toEqual([]);
  });
});
