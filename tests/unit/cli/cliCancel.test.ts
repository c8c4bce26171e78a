// Ctrl-C (SIGINT) and SIGTERM reach the work of a long `vso` command: a real child process is
// sent the signal part-way, at a progress line it printed (`--progress`), not after a delay.
// It prints one line, exits 5 and leaves nothing: no backup or hand-over file, the workspace's
// content and folder as before. Not interrupted, the same command completes, so the signal, not
// the set-up, is what stopped it.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../../src-main/store/workspace.ts';
import { partWayThrough, runUntil } from '../../helpers/signalAtProgress.ts';
import { contentDigest, insertBatch, PASSPHRASE } from '../store/storeTestKit.ts';
import { VSO_CLI } from '../../helpers/cli.ts';

const EXIT_CANCELLED = 5;
const CANCELLED_LINE = 'vso: cancelled: nothing was changed';

let dir: string;
let file: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vso-cli-cancel-'));
  file = join(dir, 'team.vsow');
  const ws = Workspace.create(file, PASSPHRASE);
  // Enough rows that the copy reports many chunks (each about 15 ms of work) after the first.
  insertBatch(
    ws.db,
    'victims',
    Array.from({ length: 150_000 }, (_, i) => ({ personKey: `P${i % 90_000}`, date: '2021-05-01', sex: i % 3 })),
  );
  ws.close();
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The workspace's content and its folder's files, as a cancelled command must leave them. */
function state() {
  const ws = Workspace.open(file, PASSPHRASE);
  try {
    return { digest: contentDigest(ws.db), files: readdirSync(dir).sort() };
  } finally {
    ws.close();
  }
}

const env = { VSO_PASSPHRASE: PASSPHRASE, VSO_NEW_PASSPHRASE: 'a colleague passphrase 2026' };

describe('a signal cancels a long vso command', () => {
  it('Ctrl-C during `workspace backup`: exit 5, one line, no backup file', async () => {
    const before = state();
    const out = join(dir, 'backup.vsow');
    const run = await runUntil(
      VSO_CLI,
      ['--progress', 'workspace', 'backup', file, out],
      env,
      'SIGINT',
      partWayThrough('copy'),
    );
    expect(run.at).not.toBeNull();
    expect([run.code, run.stderr.trim().split('\n').at(-1)]).toEqual([EXIT_CANCELLED, CANCELLED_LINE]);
    expect(run.stderr.split('\n').filter((l) => l.startsWith('vso:'))).toEqual([CANCELLED_LINE]);
    expect(run.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
    expect(state()).toEqual(before);

    const whole = await runUntil(VSO_CLI, ['workspace', 'backup', file, out], env, 'SIGINT');
    expect([whole.code, existsSync(out)]).toEqual([0, true]);
    rmSync(out);
  }, 180_000);

  it('SIGTERM during `workspace handover`: exit 5, no copy', async () => {
    const before = state();
    const out = join(dir, 'handover.vsow');
    const run = await runUntil(
      VSO_CLI,
      ['--progress', 'workspace', 'handover', file, out],
      env,
      'SIGTERM',
      partWayThrough('copy'),
    );
    expect(run.at).not.toBeNull();
    expect([run.code, run.stderr.trim().split('\n').at(-1)]).toEqual([EXIT_CANCELLED, CANCELLED_LINE]);
    expect(existsSync(out)).toBe(false);
    expect(state()).toEqual(before);
  }, 180_000);

  it('Ctrl-C during `disclosure check` stops its protection part-way and prints no result', async () => {
    const spec = join(dir, 'spec.json');
    writeFileSync(spec, JSON.stringify({ cohort: 'victims', rows: ['district'], cols: ['sex'] }));
    const filesBefore = readdirSync(dir).sort();
    const harness = 'tests/helpers/disclosureCheckCli.ts';
    const args = ['--progress', 'disclosure', 'check', file, '--spec', spec];
    const run = await runUntil(harness, args, {}, 'SIGINT', partWayThrough('protect'));
    expect(run.at).not.toBeNull();
    expect([run.code, run.stderr.trim().split('\n').at(-1)]).toEqual([EXIT_CANCELLED, CANCELLED_LINE]);
    expect(run.stdout).toBe('');
    // The protection had more to do than it did: the signal, not the end of the work, stopped it.
    const last = run.stderr
      .split('\n')
      .filter((l) => l.startsWith('progress: protect '))
      .at(-1)!;
    const [done, total] = /(\d+) of (\d+)/.exec(last)!.slice(1).map(Number);
    expect(done).toBeLessThan(total!);
    expect(readdirSync(dir).sort()).toEqual(filesBefore);

    // A smaller table of the same pattern, not interrupted, is checked to the end.
    const whole = await runUntil(harness, args, { VSO_TEST_ROWS: '6' }, 'SIGINT');
    expect([whole.code, whole.stdout]).toEqual([0, expect.stringContaining('Every suppressed count is protected.')]);
  }, 180_000);
});
