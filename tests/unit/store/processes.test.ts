// Real child processes: a workspace held by one process is refused to another, and freed when
// the holder is killed with SIGKILL; a process killed in the middle of a large write leaves the
// workspace openable and exactly as it was before that write.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Workspace } from '../../../src-main/store/workspace.ts';
import { PASSPHRASE, contentDigest, insertBatch, tempDir } from './storeTestKit.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
let dir: string;
let cleanup: () => void;
const children: ChildProcess[] = [];

beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  cleanup();
});

function startChild(script: string, wsPath: string): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'children', script)], {
    cwd: ROOT,
    env: { ...process.env, WS_PATH: wsPath, VSO_PASSPHRASE: PASSPHRASE },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return child;
}

function waitForLine(child: ChildProcess, prefix: string): Promise<string> {
  return new Promise((resolveLine, reject) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith(prefix));
      if (line !== undefined) resolveLine(line);
    });
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`child exited (${code}) before "${prefix}": ${err}`)));
  });
}

function killHard(child: ChildProcess): Promise<NodeJS.Signals | null> {
  return new Promise((done) => {
    child.on('exit', (_code, signal) => done(signal));
    child.kill('SIGKILL');
  });
}

function openError(path: string): string | undefined {
  try {
    Workspace.open(path, PASSPHRASE).close();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('one process at a time', () => {
  it('refuses a second process while the first holds the workspace, and accepts it after a kill -9', async () => {
    const path = join(dir, 'shared.vsow');
    const ws = Workspace.create(path, PASSPHRASE);
    insertBatch(ws.db, 'victims', [{ personKey: 'A', date: '2023-01-01' }]);
    ws.close();

    const holder = startChild('holdWorkspace.ts', path);
    expect(await waitForLine(holder, 'open')).toBe('open 1');
    expect(openError(path)).toBe('WORKSPACE_IN_USE');
    // The refusal does not disturb the holder's file or lock.
    expect(openError(path)).toBe('WORKSPACE_IN_USE');

    expect(await killHard(holder)).toBe('SIGKILL');
    expect(openError(path)).toBeUndefined();
    // The lock file holds nothing at all.
    expect(statSync(`${path}.lock`).size).toBe(0);
  });

  it('refuses a second open in the same process until the first is closed', () => {
    const path = join(dir, 'same.vsow');
    const first = Workspace.create(path, PASSPHRASE);
    expect(openError(path)).toBe('WORKSPACE_IN_USE');
    first.lock(); // an idle-locked workspace stays reserved to its process
    expect(openError(path)).toBe('WORKSPACE_IN_USE');
    first.close();
    expect(openError(path)).toBeUndefined();
  });
});

describe('crash safety', () => {
  it('a process killed with SIGKILL mid-import leaves the workspace exactly as before the import', async () => {
    const path = join(dir, 'crash.vsow');
    const ws = Workspace.create(path, PASSPHRASE);
    insertBatch(
      ws.db,
      'victims',
      Array.from({ length: 500 }, (_, i) => ({ personKey: `BEFORE${i}`, date: '2022-02-02', sex: i % 3 })),
    );
    const before = contentDigest(ws.db);
    ws.close();
    const sizeBefore = statSync(path).size;

    const writer = startChild('writeUntilKilled.ts', path);
    await waitForLine(writer, 'writing');
    // The write has reached the disk: uncommitted frames fill the WAL.
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(sizeBefore);
    expect(await killHard(writer)).toBe('SIGKILL');

    const after = Workspace.open(path, PASSPHRASE);
    expect(contentDigest(after.db)).toBe(before);
    expect(after.info().counts.victims).toBe(500);
    expect(
      after.db.prepare(`SELECT count(*) FROM import_batches WHERE file_name = 'second-extract.csv'`).pluck().get(),
    ).toBe(0);
    expect((await after.checkIntegrity()).ok).toBe(true);
    // The child's open was committed before its write began, and is in the log.
    expect(after.audit.list({ limit: 2 }).map((entry) => entry.action)).toEqual(['workspace.open', 'workspace.open']);
    after.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
  });
});
