// Restore replaces nothing unasked, on real files and real processes: a document or a file of
// another passphrase is refused, a workspace open in another process is refused, a workspace
// is replaced only with `replace` and kept as a safety copy until the restored one opens; a
// `vso workspace restore --replace` killed with SIGKILL at any point leaves a workspace that
// opens as the old one or the backup, and the next open removes what the crash left.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Workspace } from '../../../src-main/store/workspace.ts';
import { notePartial } from '../../../src-main/store/copyLeftovers.ts';
import { openCipherDatabase } from '../../../src-main/store/cipherDatabase.ts';
import { runVso, VSO_CLI } from '../../helpers/cli.ts';
import { createMainServices } from '../../../src-main/ipc/mainServices.ts';
import { RecentWorkspaces } from '../../../src-main/app/workspace/recentWorkspaces.ts';
import { WorkspaceSession } from '../../../src-main/app/workspace/workspaceSession.ts';
import { PASSPHRASE, codeOf, codeOfAsync, contentDigest, insertBatch, tempDir } from './storeTestKit.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
let dir: string;
let cleanup: () => void;
const children: ChildProcess[] = [];

beforeEach(() => ({ dir, cleanup } = tempDir('vso-restore-')));
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  cleanup();
});

const people = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ personKey: `${prefix}${i}`, date: '2023-04-04', sex: i % 3 }));

/** A workspace of `victims` and `suspects` records; returns its content digest. */
function workspaceWith(path: string, victims: number, suspects: number, prefix = 'K'): string {
  const ws = Workspace.create(path, PASSPHRASE);
  try {
    insertBatch(ws.db, 'victims', people(`${prefix}V`, victims));
    if (suspects > 0) insertBatch(ws.db, 'suspects', people(`${prefix}S`, suspects));
    return contentDigest(ws.db);
  } finally {
    ws.close();
  }
}

async function backupOf(path: string, out: string): Promise<void> {
  const ws = Workspace.open(path, PASSPHRASE);
  try {
    await ws.backupTo(out);
  } finally {
    ws.close();
  }
}

function digestOf(path: string): { digest: string; victims: number } {
  const ws = Workspace.open(path, PASSPHRASE);
  try {
    return { digest: contentDigest(ws.db), victims: ws.info().counts.victims };
  } finally {
    ws.close();
  }
}

const mode = (path: string): number => statSync(path).mode & 0o777;
const leftovers = (): string[] => readdirSync(dir).filter((f) => /\.(partial|before-restore)-/.test(f));

describe('restore asks before it replaces', () => {
  it('plans with the records of both, refuses without replace, and replaces with it', async () => {
    const live = join(dir, 'live.vsow');
    const liveDigest = workspaceWith(live, 300, 40, 'LIVE');
    const source = join(dir, 'source.vsow');
    const backupDigest = workspaceWith(source, 120, 0, 'OLD');
    const backup = join(dir, 'bk.vsow');
    await backupOf(source, backup);
    expect(mode(backup)).toBe(0o600);
    // The live workspace's note of its partial copy is not carried into the backup.
    const raw = openCipherDatabase(backup, PASSPHRASE, { readonly: true });
    expect(raw.prepare(`SELECT count(*) FROM meta WHERE key = 'pending_copies'`).pluck().get()).toBe(0);
    raw.close();

    const plan = Workspace.planRestore(join(dir, 'sub', '..', 'bk.vsow'), live, PASSPHRASE);
    expect(plan.backupPath).toBe(backup);
    expect(plan.targetPath).toBe(live);
    expect(plan.backup).toEqual({ victims: 120, suspects: 0, offenders: 0, total: 120 });
    expect(plan.target).toEqual({ victims: 300, suspects: 40, offenders: 0, total: 340 });
    expect(Workspace.planRestore(backup, join(dir, 'new.vsow'), PASSPHRASE).target).toBeNull();

    let message = '';
    try {
      await Workspace.restoreFrom(backup, live, PASSPHRASE);
    } catch (error) {
      expect((error as { code?: string }).code).toBe('FILE_EXISTS');
      message = (error as Error).message;
    }
    expect(message).toMatch(/workspace of 340 records; the backup holds 120 records.*--replace/);
    expect(digestOf(live).digest).toBe(liveDigest);

    const restored = await Workspace.restoreFrom(backup, live, PASSPHRASE, { replace: true });
    expect(contentDigest(restored.db)).toBe(backupDigest);
    expect(restored.audit.list({ limit: 1 })[0]).toMatchObject({
      action: 'workspace.restore',
      detail: { records: 120, replacedRecords: 340 },
    });
    restored.close();
    expect(mode(live)).toBe(0o600);
    expect(leftovers()).toEqual([]);
  });

  it('refuses a target that is not a workspace, leaving it untouched and no lock file beside it', async () => {
    const source = join(dir, 'source.vsow');
    workspaceWith(source, 10, 0);
    const backup = join(dir, 'bk.vsow');
    await backupOf(source, backup);
    const docx = join(dir, 'report.docx');
    const document = Buffer.from(zipSync({ 'word/document.xml': strToU8('<w:document>Annual report</w:document>') }));
    writeFileSync(docx, document);
    for (const replace of [false, true]) {
      expect(await codeOfAsync(() => Workspace.restoreFrom(backup, docx, PASSPHRASE, { replace }))).toBe(
        'NOT_A_WORKSPACE',
      );
    }
    expect(readFileSync(docx).equals(document)).toBe(true);
    expect(existsSync(`${docx}.lock`)).toBe(false);
    expect(await codeOfAsync(() => Workspace.restoreFrom(backup, backup, PASSPHRASE, { replace: true }))).toBe(
      'BAD_REQUEST',
    );

    // A workspace under another passphrase cannot be checked, so it is not replaced either.
    const other = join(dir, 'other.vsow');
    const ws = Workspace.create(other, 'another team passphrase 9');
    ws.close();
    const before = readFileSync(other);
    expect(await codeOfAsync(() => Workspace.restoreFrom(backup, other, PASSPHRASE, { replace: true }))).toBe(
      'NOT_A_WORKSPACE',
    );
    expect(readFileSync(other).equals(before)).toBe(true);
  });

  it('refuses a target open in another process', async () => {
    const live = join(dir, 'live.vsow');
    const liveDigest = workspaceWith(live, 50, 0, 'LIVE');
    const source = join(dir, 'source.vsow');
    workspaceWith(source, 5, 0);
    const backup = join(dir, 'bk.vsow');
    await backupOf(source, backup);
    const holder = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'children', 'holdWorkspace.ts')],
      {
        cwd: ROOT,
        env: { ...process.env, WS_PATH: live, VSO_PASSPHRASE: PASSPHRASE },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    children.push(holder);
    await new Promise<void>((done) =>
      holder.stdout?.on('data', (c: Buffer) => c.toString().startsWith('open') && done()),
    );
    expect(codeOf(() => Workspace.planRestore(backup, live, PASSPHRASE))).toBe('WORKSPACE_IN_USE');
    expect(await codeOfAsync(() => Workspace.restoreFrom(backup, live, PASSPHRASE, { replace: true }))).toBe(
      'WORKSPACE_IN_USE',
    );
    await new Promise((done) => {
      holder.on('exit', done);
      holder.kill('SIGKILL');
    });
    expect(digestOf(live).digest).toBe(liveDigest);
  });
});

describe('what a crash leaves', () => {
  it('removes partial copies and a safety copy on the next open, and notes it in the audit log', () => {
    const live = join(dir, 'live.vsow');
    workspaceWith(live, 5, 0);
    const elsewhere = join(dir, 'backups');
    mkdirSync(elsewhere);
    const notedPartial = join(elsewhere, 'monday.vsow.partial-0a1b2c3d');
    const ws = Workspace.open(live, PASSPHRASE);
    notePartial(ws.db, notedPartial);
    ws.close();
    for (const file of [notedPartial, `${live}.partial-deadbeef`, `${live}.before-restore-0badf00d`]) {
      writeFileSync(file, 'encrypted pages', { mode: 0o644 });
    }
    const unrelated = join(dir, 'live.vsow.notes.txt');
    writeFileSync(unrelated, 'mine');
    const reopened = Workspace.open(live, PASSPHRASE);
    expect(reopened.audit.list({ limit: 1 })[0]).toMatchObject({
      action: 'workspace.leftovers_removed',
      detail: {
        files: ['monday.vsow.partial-0a1b2c3d', 'live.vsow.partial-deadbeef', 'live.vsow.before-restore-0badf00d'],
      },
    });
    reopened.close();
    expect(existsSync(notedPartial)).toBe(false);
    expect(leftovers()).toEqual([]);
    expect(existsSync(unrelated)).toBe(true);
  });

  it('a restore killed with SIGKILL at any point leaves the old workspace or the backup, and the next open cleans up', async () => {
    const live = join(dir, 'live.vsow');
    const liveState = { digest: workspaceWith(live, 60_000, 20_000, 'LIVE'), victims: 60_000 };
    const source = join(dir, 'source.vsow');
    const backupState = { digest: workspaceWith(source, 40_000, 0, 'OLD'), victims: 40_000 };
    const backup = join(dir, 'bk.vsow');
    await backupOf(source, backup);

    // Killed when the partial copy appears, when the safety copy appears, and at once: wherever
    // the kill lands, the live file is one whole workspace or the other.
    const triggers: Array<RegExp | null> = [/^live\.vsow\.partial-/, /^live\.vsow\.before-restore-/, null];
    const seen: string[] = [];
    for (const trigger of triggers) {
      const child = spawn(process.execPath, [VSO_CLI, 'workspace', 'restore', backup, live, '--replace'], {
        cwd: ROOT,
        env: { ...process.env, VSO_PASSPHRASE: PASSPHRASE },
        stdio: ['ignore', 'ignore', 'ignore'],
      });
      children.push(child);
      const exited = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_c, signal) => done(signal)));
      if (trigger !== null) {
        while (child.exitCode === null && !readdirSync(dir).some((f) => trigger.test(f))) {
          await new Promise((r) => setTimeout(r, 2));
        }
      }
      child.kill('SIGKILL');
      seen.push(String(await exited));
      const now = digestOf(live);
      expect([liveState, backupState]).toContainEqual(now);
      expect(mode(live)).toBe(0o600);
      expect(leftovers()).toEqual([]);
      // Back to the live state for the next round.
      if (now.digest !== liveState.digest) {
        rmSync(live);
        workspaceWith(live, 60_000, 20_000, 'LIVE');
        expect(digestOf(live).digest).toBe(liveState.digest);
      }
    }
    expect(seen).toHaveLength(3);
  }, 300_000);
});

describe('a backup killed half-way', () => {
  it('leaves a partial copy readable by its owner only, removed at the next open of the workspace', async () => {
    const live = join(dir, 'live.vsow');
    const liveDigest = workspaceWith(live, 150_000, 0, 'LIVE');
    const folder = join(dir, 'backups');
    mkdirSync(folder);
    const child = spawn(process.execPath, [VSO_CLI, 'workspace', 'backup', live, join(folder, 'monday.vsow')], {
      cwd: ROOT,
      env: { ...process.env, VSO_PASSPHRASE: PASSPHRASE },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    children.push(child);
    const exited = new Promise<void>((done) => child.on('exit', () => done()));
    let partial: string | undefined;
    let partialMode: number | undefined;
    while (partial === undefined && child.exitCode === null) {
      partial = readdirSync(folder).find((f) => /^monday\.vsow\.partial-[0-9a-f]{8}$/.test(f));
      if (partial === undefined) await new Promise((r) => setTimeout(r, 2));
      else partialMode = statSync(join(folder, partial), { throwIfNoEntry: false })?.mode;
    }
    child.kill('SIGKILL');
    await exited;
    expect(partial).toBeDefined();
    // Private from its first byte (unless the copy was renamed into place before it was looked at).
    if (partialMode !== undefined) expect(partialMode & 0o777).toBe(0o600);
    expect(digestOf(live).digest).toBe(liveDigest);
    expect(readdirSync(folder).filter((f) => f.includes('.partial-'))).toEqual([]);
    if (existsSync(join(folder, 'monday.vsow'))) expect(mode(join(folder, 'monday.vsow'))).toBe(0o600);
  }, 120_000);
});

describe('the app starting', () => {
  it('removes partial copies beside a recent workspace, and keeps a safety copy for the open', async () => {
    const live = join(dir, 'live.vsow');
    workspaceWith(live, 3, 0);
    const recent = new RecentWorkspaces(join(dir, 'recent.json'));
    recent.remember(live);
    const partial = `${live}.partial-00c0ffee`;
    const safety = `${live}.before-restore-00c0ffee`;
    for (const file of [partial, `${partial}-journal`, safety]) writeFileSync(file, 'pages');
    const services = createMainServices({
      mode: 'browser',
      modeReason: 'test',
      session: new WorkspaceSession({ recent }),
    });
    expect(existsSync(partial)).toBe(false);
    expect(existsSync(`${partial}-journal`)).toBe(false);
    expect(existsSync(safety)).toBe(true);
    await services.session.open(live, PASSPHRASE);
    expect(existsSync(safety)).toBe(false);
    await services.session.close();
  });
});

describe('vso workspace restore', () => {
  it('needs --replace to replace a workspace, and says what it replaced', async () => {
    const live = join(dir, 'live.vsow');
    workspaceWith(live, 30, 0, 'LIVE');
    const source = join(dir, 'source.vsow');
    const backupDigest = workspaceWith(source, 12, 0, 'OLD');
    const backup = join(dir, 'bk.vsow');
    await backupOf(source, backup);
    const env = { VSO_PASSPHRASE: PASSPHRASE };
    const refused = runVso(['workspace', 'restore', backup, live], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/workspace of 30 records; the backup holds 12 records.*--replace/);
    expect(digestOf(live).victims).toBe(30);
    const done = runVso(['workspace', 'restore', backup, live, '--replace'], env);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/It replaced a workspace of 30 records\./);
    expect(digestOf(live).digest).toBe(backupDigest);
  }, 120_000);
});
