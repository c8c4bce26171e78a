// A retention purge killed with SIGKILL: the real command line (`vso workspace purge`) on a
// real workspace, killed once its write has reached the disk (the WAL grows past what the open
// wrote). Whenever the kill lands (in the purge's one transaction, in the VACUUM that
// follows, or after), the workspace opens intact and is wholly as before the purge or wholly
// as after it: records, persons, rejected rows, labels and the audit entry together.
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Workspace } from '../../../src-main/store/workspace.ts';
import { PASSPHRASE, insertBatch, tempDir } from './storeTestKit.ts';
import { VSO_CLI } from '../../helpers/cli.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

const OLD = 60_000;
const NEW = 40_000;
const LSOAS = 200;

interface State {
  victims: number;
  persons: number;
  rejected: number;
  lsoaLabels: number;
  purges: number;
}

function stateOf(ws: Workspace): State {
  const count = (sql: string) => ws.db.prepare(sql).pluck().get() as number;
  return {
    victims: count('SELECT count(*) FROM victims'),
    persons: count('SELECT count(*) FROM persons'),
    rejected: count('SELECT count(*) FROM rejected_rows'),
    lsoaLabels: count(`SELECT count(*) FROM categories WHERE column_name = 'lsoa'`),
    purges: ws.audit.list({ action: 'retention.purge' }).length,
  };
}

function walSize(path: string): number {
  return existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0;
}

it('a purge killed mid-way leaves the workspace whole: all of the purge or none of it', async () => {
  const path = join(dir, 'purge.vsow');
  const ws = Workspace.create(path, PASSPHRASE);
  const records = (prefix: string, n: number, date: string) =>
    Array.from({ length: n }, (_, i) => ({ personKey: `${prefix}${i}`, date, sex: i % 3, district: i % 6 }));
  // Old records, far before any cut-off of the default five years, and recent ones (dated today).
  const today = new Date().toISOString().slice(0, 10);
  insertBatch(ws.db, 'victims', records('OLD', OLD, '2009-01-15'), {
    rejected: Array.from({ length: 300 }, (_, i) => ({
      raw: { 'Date Committed': `15/01/2009`, n: i },
      date: '2009-01-15',
    })),
  });
  insertBatch(ws.db, 'victims', records('NEW', NEW, today), {
    rejected: Array.from({ length: 100 }, (_, i) => ({ raw: { 'Date Committed': 'x', n: i } })),
  });
  // Each old record has an LSOA only old records use.
  const codes = ws.addCategories(
    'lsoa',
    Array.from({ length: LSOAS }, (_, i) => `E01${String(i).padStart(6, '0')}`),
  );
  const setLsoa = ws.db.prepare(`UPDATE victims SET lsoa = ? WHERE id % ${LSOAS} = ? AND date < '2010-01-01'`);
  [...codes.values()].forEach((code, i) => setLsoa.run(code, i));
  ws.updateSettings({ retentionYears: 5 });
  const before = stateOf(ws);
  ws.close();
  const walAtRest = walSize(path);
  const after: State = { victims: NEW, persons: NEW, rejected: 100, lsoaLabels: 0, purges: 1 };
  expect(before).toEqual({ victims: OLD + NEW, persons: OLD + NEW, rejected: 400, lsoaLabels: LSOAS, purges: 0 });

  const child = spawn(process.execPath, [VSO_CLI, 'workspace', 'purge', path, '--yes'], {
    cwd: ROOT,
    env: { ...process.env, VSO_PASSPHRASE: PASSPHRASE },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.on('exit', (code, signal) => done({ code, signal })),
  );
  // Kill as soon as the purge's pages reach the WAL (an open writes a few KB; the purge megabytes).
  await new Promise<void>((done) => {
    const poll = setInterval(() => {
      if (child.exitCode !== null || walSize(path) > walAtRest + 256 * 1024) {
        clearInterval(poll);
        child.kill('SIGKILL');
        done();
      }
    }, 2);
  });
  const end = await exited;
  // Killed, or (on a fast machine) finished before the kill: either way never a crash of its own.
  expect(end.signal === 'SIGKILL' || end.code === 0, stderr).toBe(true);

  const reopened = Workspace.open(path, PASSPHRASE);
  try {
    const state = stateOf(reopened);
    expect([before, after]).toContainEqual(state);
    expect((await reopened.checkIntegrity()).ok).toBe(true);
    expect(reopened.audit.verify().intact).toBe(true);
  } finally {
    reopened.close();
  }
}, 180_000);
