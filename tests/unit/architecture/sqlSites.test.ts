// The store alone speaks SQL: statement sites (db.prepare / db.exec of SQL text, db.pragma, the
// driver's db.transaction wrapper, which begins and commits on its own) are
// counted in every part outside src-main/store/ and held to the map's sqlOutsideStore allowance,
// which may only shrink: more SQL fails, and less asks for the allowance to be lowered.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, sourceFiles } from './importGraph.ts';
import { PARTS_MAP } from './partsMap.ts';

const SQL_KEYWORD =
  'SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|WITH|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|ATTACH|DETACH|REPLACE|VACUUM|ANALYZE|REINDEX';
const STATEMENT = new RegExp(
  `\\.(prepare|exec)\\(\\s*(\\/\\*[^*]*\\*\\/\\s*)?[\`'"]\\s*(${SQL_KEYWORD})\\b|\\.pragma\\(|\\.transaction\\(`,
  'gi',
);

/** SQL statement sites in a source text. */
export function sqlSites(text: string): number {
  return [...text.matchAll(STATEMENT)].length;
}

const allowances = PARTS_MAP.sqlOutsideStore;

describe('SQL outside src-main/store/', () => {
  it('is recognised: statements and pragmas count, a regular expression’s exec does not', () => {
    const probe = [
      "db.prepare('SELECT 1').get();",
      'db.exec(`\n  CREATE TABLE t (x)`);',
      "db.pragma('journal_mode = WAL');",
      'workspace.db.transaction(() => undefined)();',
      'const m = /SELECT/.exec(text);',
      're.exec(line);',
      'db.prepare(sql);',
    ].join('\n');
    // The last two are missed on purpose: the count is of SQL text at the call, not of every call.
    expect(sqlSites(probe)).toBe(4);
  });

  const perPart = new Map<string, number>();
  for (const file of sourceFiles(['shared', 'src-main', 'src-renderer'])) {
    const part = [...PARTS_MAP.parts]
      .sort((a, b) => b.path.length - a.path.length)
      .find((p) => file === p.path || file.startsWith(`${p.path}/`));
    if (!part || part.path === 'src-main/store') continue;
    const sites = sqlSites(fs.readFileSync(path.join(REPO_ROOT, file), 'utf8'));
    if (sites > 0) perPart.set(part.path, (perPart.get(part.path) ?? 0) + sites);
  }

  it.each(PARTS_MAP.parts.filter((p) => p.path !== 'src-main/store').map((p) => [p.path]))(
    '%s holds no more SQL than its allowance, and the allowance is not stale',
    (part) => {
      const allowed = allowances.find((a) => a.part === part)?.sites ?? 0;
      const found = perPart.get(part) ?? 0;
      expect(found, `new SQL in ${part}: put it behind a module in src-main/store/`).toBeLessThanOrEqual(allowed);
      expect(found, `${part} has less SQL now: lower its sqlOutsideStore allowance to ${found}`).toBe(allowed);
    },
  );
});
