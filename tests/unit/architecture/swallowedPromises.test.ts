// No swallowed promise in the renderer, kept by lint: a rejection handler that does nothing
// (`() => undefined`, `() => {}`, `() => null`, `(_e) => void 0`, whatever its parameters, or a
// function named for it, `noop`) given to catch, or as then's second argument, is refused in a
// component and in the data layer alike, and so is a `void` of then or finally with no rejection
// handler (a data-layer action's `run()`, which never rejects, excepted); a handler that shows
// the error, or a fallback value, passes. Linted with the repo's own config through ESLint's Node API, on planted text.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './importGraph.ts';

const eslint = new ESLint({ cwd: REPO_ROOT });

async function ruleIds(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(REPO_ROOT, file) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

const planted = (handler: string): string =>
  `export function load(p: Promise<number>, show: (e: unknown) => void, noop: () => void): void {\n  ${handler};\n  void show;\n  void noop;\n}\n`;

const FILES = ['src-renderer/components/report/Planted.tsx', 'src-renderer/data/planted.ts'];

describe('the renderer swallows no promise', () => {
  it.each(FILES)('refuses a handler that does nothing in %s', async (file) => {
    for (const handler of [
      'p.catch(() => undefined)',
      'p.catch(() => {})',
      'p.then((n) => show(n), () => undefined)',
      'p.then((n) => show(n), () => {})',
      'p.catch((_e) => undefined)',
      'p.catch((_e: unknown) => {})',
      'p.catch(() => null)',
      'p.catch(() => void 0)',
      'p.catch(function () {})',
      'p.then((n) => show(n), (_e) => null)',
      'p.catch(noop)',
      'p.then((n) => show(n), noop)',
      'void p.then((n) => show(n))',
      'void p.then(show)',
      'void p.finally(() => show(0))',
      'void p.then((n) => show(n), (e: unknown) => show(e)).finally(() => show(0))',
    ])
      expect(await ruleIds(file, planted(handler)), handler).toContain('no-restricted-syntax');
  });

  it.each(FILES)('passes a handler that shows the error, or falls back, in %s', async (file) => {
    for (const handler of [
      'p.catch((e: unknown) => show(e))',
      'p.then((n) => show(n), (e: unknown) => show(e))',
      'p.then(() => undefined, (e: unknown) => show(e))',
      'p.catch(() => 0).then(show, show)',
      'p.catch(show)',
      'p.then(noop, show)',
      'void p.then((n) => show(n), (e: unknown) => show(e))',
      'void p.then((n) => show(n)).catch(show)',
      'void { run: () => p }.run().then(show)',
    ])
      expect(await ruleIds(file, planted(handler)), handler).toEqual([]);
  });

  it('leaves the main process alone: its fire-and-forget cleanups have their own reasons', async () => {
    expect(await ruleIds('src-main/app/planted.ts', planted('p.catch(() => undefined)'))).toEqual([]);
  });
});
