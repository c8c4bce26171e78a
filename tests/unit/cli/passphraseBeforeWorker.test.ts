// A `vso` command whose load can be cancelled reads its snapshot in a store worker; that worker
// starts only once the passphrase has opened the workspace. A wrong passphrase is answered with
// its typed error and no worker thread started. Real SQLCipher file, real store worker, every
// worker thread the process starts counted as it starts.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { withAnalysis } from '../../../src-main/cli/workspaceAccess.ts';
import { Workspace } from '../../../src-main/store/workspace.ts';
import { TempDir } from '../import/importTestKit.ts';

const started = vi.hoisted(() => ({ entries: [] as string[] }));

vi.mock('../../../src-main/workers/moduleWorker.ts', async (original) => {
  const actual = await original<typeof import('../../../src-main/workers/moduleWorker.ts')>();
  return {
    ...actual,
    startModuleWorker: (...args: Parameters<typeof actual.startModuleWorker>) => {
      started.entries.push(args[0].pathname);
      return actual.startModuleWorker(...args);
    },
  };
});

const PASSPHRASE = 'the right passphrase, long enough 42';
let dir: TempDir;
let file: string;
const saved = process.env.VSO_PASSPHRASE;

beforeEach(() => {
  dir = new TempDir();
  file = dir.file('spare.vsow');
  Workspace.create(file, PASSPHRASE).close();
  started.entries.length = 0;
});

afterEach(() => {
  if (saved === undefined) delete process.env.VSO_PASSPHRASE;
  else process.env.VSO_PASSPHRASE = saved;
  dir.remove();
});

const storeWorkers = (): string[] => started.entries.filter((p) => /\/storeWorker\.(ts|js)$/.test(p));

describe('a cancellable command opening a workspace', () => {
  it('answers a wrong passphrase with its typed error, having started no worker', async () => {
    process.env.VSO_PASSPHRASE = 'not the passphrase at all, 42';
    const work = vi.fn(async () => 'read');
    await expect(withAnalysis(file, work, { signal: new AbortController().signal })).rejects.toMatchObject({
      code: 'WRONG_PASSPHRASE',
    });
    expect(work).not.toHaveBeenCalled();
    expect(started.entries).toEqual([]);
  });

  it('with the right one, reads its snapshot in one store worker', async () => {
    process.env.VSO_PASSPHRASE = PASSPHRASE;
    const answer = await withAnalysis(file, async () => 'read', { signal: new AbortController().signal });
    expect(answer).toBe('read');
    expect(storeWorkers()).toHaveLength(1);
  });
});
