// A worker entry under test starts from the build of its source when one is named for it, and a
// built entry (production) is never redirected.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtInstead } from '../../../src-main/workers/moduleWorker.ts';

const source = new URL('../../../src-main/app/workspace/storeWorker.ts', import.meta.url);
let folder: string;
let before: string | undefined;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'vso-built-'));
  before = process.env['VSO_BUILT_WORKERS'];
  process.env['VSO_BUILT_WORKERS'] = folder;
});
afterEach(() => {
  if (before === undefined) delete process.env['VSO_BUILT_WORKERS'];
  else process.env['VSO_BUILT_WORKERS'] = before;
  rmSync(folder, { recursive: true, force: true });
});

describe('builtInstead', () => {
  it('starts a TypeScript entry from its build of the same name', () => {
    writeFileSync(join(folder, 'storeWorker.js'), '');
    expect(builtInstead(source).href).toBe(pathToFileURL(join(folder, 'storeWorker.js')).href);
  });

  it('keeps the TypeScript entry when the folder has no build of it', () => {
    writeFileSync(join(folder, 'engineWorker.js'), '');
    expect(builtInstead(source).href).toBe(source.href);
  });

  it('keeps an entry of the same name outside the app’s source (a test’s own worker)', () => {
    writeFileSync(join(folder, 'storeWorker.js'), '');
    const own = pathToFileURL(join(tmpdir(), 'probe', 'storeWorker.ts'));
    expect(builtInstead(own).href).toBe(own.href);
  });

  it('never redirects a built entry, nor any entry when no folder is named', () => {
    writeFileSync(join(folder, 'storeWorker.js'), '');
    const built = pathToFileURL(join(tmpdir(), 'app', 'storeWorker.js'));
    expect(builtInstead(built).href).toBe(built.href);
    delete process.env['VSO_BUILT_WORKERS'];
    expect(builtInstead(source).href).toBe(source.href);
  });
});
