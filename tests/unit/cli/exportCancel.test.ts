// Ctrl-C reaches the work of `vso export table | infographic | records`: a real CLI process on a
// real sample workspace is sent SIGINT at a step it printed (`--progress`), not after a delay.
// It prints one line, exits 5 and leaves nothing: no file (nor temporary file) in the output
// folder, no audit or publication-register entry, the workspace opening as before. Not
// interrupted, the same export completes and is recorded, so the signal stopped it.
// `vso export outcome` likewise, its counting held until the signal comes (a harness process).
// A cancel while the workspace's snapshot is read ends the store worker reading it.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuerySpec } from '../../../shared/query.ts';
import { exportRecordsFile } from '../../../src-main/app/analysis/recordsExport.ts';
import { exportOutcomeCommand } from '../../../src-main/app/publication/timeToOutcomeCommand.ts';
import { withAnalysis, withExportSession } from '../../../src-main/cli/workspaceAccess.ts';
import { listReleases } from '../../../src-main/store/publications.ts';
import { Workspace } from '../../../src-main/store/workspace.ts';
import { runVso, VSO_CLI } from '../../helpers/cli.ts';
import { atStep, runUntil } from '../../helpers/signalAtProgress.ts';
import { contentDigest } from '../store/storeTestKit.ts';

const EXIT_CANCELLED = 5;
const CANCELLED_LINE = 'vso: cancelled: nothing was changed';
const PASS = 'cli export cancel passphrase';

let dir: string;
let file: string;
let spec: string;
let outcomeSpec: string;
let env: Record<string, string>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vso-export-cancel-'));
  file = join(dir, 'sample.vsow');
  env = { VSO_PASSPHRASE: PASS, VSO_CONFIG_DIR: dir };
  const created = runVso(['sample', file], env, 300_000);
  expect(created.code, created.stderr).toBe(0);
  spec = join(dir, 'spec.json');
  // Persons in many small cells: its protection takes seconds, so the signal lands in it.
  writeFileSync(
    spec,
    JSON.stringify({
      cohort: 'victims',
      filters: [],
      rows: ['district', 'offence_group'],
      cols: ['sex'],
      measure: 'persons',
    }),
  );
  outcomeSpec = join(dir, 'outcome.json');
  writeFileSync(outcomeSpec, JSON.stringify({ rows: ['district'], cols: ['offence_group'] }));
}, 360_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What an export may change: the content, the audit log's exports, the register; and that it opens. */
function state() {
  const ws = Workspace.open(file, PASS);
  try {
    return {
      digest: contentDigest(ws.db),
      exports: ws.audit
        .list({ limit: 10_000 })
        .filter((e) => e.action.startsWith('export.'))
        .map((e) => e.id),
      releases: listReleases(ws.db).map((r) => ({ id: r.id, publications: r.publications })),
      auditIntact: ws.audit.verify().intact,
    };
  } finally {
    ws.close();
  }
}

/** `vso --progress ARGS --out OUT` (or `entry`'s) sent SIGINT at the step `phase`: cancelled, nothing left. */
async function cancelledAt(phase: string, args: readonly string[], name: string, entry = VSO_CLI): Promise<void> {
  const before = state();
  const folder = mkdtempSync(join(dir, 'out-'));
  const run = await runUntil(entry, ['--progress', ...args, '--out', join(folder, name)], env, 'SIGINT', atStep(phase));
  expect(run.at, run.stderr).not.toBeNull();
  expect([run.code, run.stderr.trim().split('\n').at(-1)], run.stderr).toEqual([EXIT_CANCELLED, CANCELLED_LINE]);
  expect(run.stderr.split('\n').filter((l) => l.startsWith('vso:'))).toEqual([CANCELLED_LINE]);
  expect(run.stdout).toBe('');
  // Stopped before its end: it never reached the step after the write.
  expect(run.stderr).not.toContain('progress: done');
  expect(readdirSync(folder)).toEqual([]);
  expect(state()).toEqual(before);
}

describe('Ctrl-C cancels a vso export', () => {
  it('`export table` while counting: exit 5, no file, nothing recorded', async () => {
    await cancelledAt('count', ['export', 'table', file, '--spec', spec], 'table.xlsx');
  }, 300_000);

  it('`export infographic` while the render worker draws the PNG: exit 5, no file, nothing recorded', async () => {
    await cancelledAt('draw', ['export', 'infographic', file, '--template', 'victims'], 'victims.png');
  }, 300_000);

  it('`export outcome` while counting: exit 5, no file, nothing recorded', async () => {
    await cancelledAt(
      'count',
      ['export', 'outcome', file, '--spec', outcomeSpec],
      'outcome.csv',
      'tests/helpers/outcomeExportCli.ts',
    );
  }, 300_000);

  // Cancelled in the same turn as the step `write` is reported: only the write can hear it.
  it('`export outcome` cancelled as it writes keeps the file it was to replace; not cancelled, it replaces it', async () => {
    const before = state();
    const folder = mkdtempSync(join(dir, 'out-'));
    const out = join(folder, 'outcome.xlsx');
    writeFileSync(out, 'the previous export');
    const options = { spec: outcomeSpec, out, force: true };
    const steps: string[] = [];
    const cancel = new AbortController();
    const previous = process.env.VSO_PASSPHRASE;
    process.env.VSO_PASSPHRASE = PASS;
    try {
      const exported = exportOutcomeCommand(
        file,
        options,
        { withSession: withExportSession },
        {
          signal: cancel.signal,
          progress: ({ phase }) => {
            steps.push(phase);
            if (phase === 'write') cancel.abort();
          },
        },
      );
      await expect(exported).rejects.toThrow();
      expect(steps).toEqual(['read', 'load', 'count', 'draw', 'write']);
      expect([readdirSync(folder), readFileSync(out, 'utf8')]).toEqual([['outcome.xlsx'], 'the previous export']);
      expect(state()).toEqual(before);

      const written = await exportOutcomeCommand(file, options, { withSession: withExportSession });
      expect([readdirSync(folder), readFileSync(out).length]).toEqual([['outcome.xlsx'], written.bytes]);
      expect(state().exports.length).toBe(before.exports.length + 1);
    } finally {
      if (previous === undefined) delete process.env.VSO_PASSPHRASE;
      else process.env.VSO_PASSPHRASE = previous;
    }
  }, 300_000);

  it('`export table` while the snapshot is read: exit 5, no file, nothing recorded', async () => {
    await cancelledAt('read', ['export', 'table', file, '--spec', spec], 'table.xlsx');
  }, 300_000);

  // In the same turn as the read is reported started: only the store worker reading it can hear it.
  it('a cancel while the snapshot is read ends its store worker; the export never starts', async () => {
    const before = state();
    const cancel = new AbortController();
    const steps: string[] = [];
    let started = false;
    const previous = process.env.VSO_PASSPHRASE;
    process.env.VSO_PASSPHRASE = PASS;
    try {
      const exported = withExportSession(
        file,
        async () => {
          started = true;
          return null;
        },
        {
          signal: cancel.signal,
          progress: ({ phase }) => {
            steps.push(phase);
            if (phase === 'read') cancel.abort();
          },
        },
      );
      await expect(exported).rejects.toMatchObject({
        code: 'CANCELLED',
        message: 'Reading the workspace was cancelled.',
      });
    } finally {
      if (previous === undefined) delete process.env.VSO_PASSPHRASE;
      else process.env.VSO_PASSPHRASE = previous;
    }
    expect([steps, started]).toEqual([['read'], false]);
    expect(state()).toEqual(before);
  }, 300_000);

  // The records are selected and written within a fraction of a second, too little room for a
  // signal sent from another process on a loaded machine: the cancel comes at the step's report,
  // in the same turn, through the function the command runs (the signal's path from Ctrl-C is
  // the one the two cases above take).
  it('`export records` cancelled as it selects: no file, nothing recorded', async () => {
    const before = state();
    const folder = mkdtempSync(join(dir, 'out-'));
    const target = join(folder, 'victims.arrow');
    const cancel = new AbortController();
    const steps: string[] = [];
    const records = JSON.parse(readFileSync(spec, 'utf8')) as QuerySpec;
    const previous = process.env.VSO_PASSPHRASE;
    process.env.VSO_PASSPHRASE = PASS;
    try {
      const exported = withAnalysis(file, (workspace, analysis) =>
        exportRecordsFile(workspace, analysis, records, target, false, {
          signal: cancel.signal,
          progress: ({ phase }) => {
            steps.push(phase);
            if (phase === 'select') cancel.abort();
          },
        }),
      );
      await expect(exported).rejects.toThrow();
    } finally {
      if (previous === undefined) delete process.env.VSO_PASSPHRASE;
      else process.env.VSO_PASSPHRASE = previous;
    }
    expect(steps).toEqual(['select']);
    expect(readdirSync(folder)).toEqual([]);
    expect(state()).toEqual(before);
  }, 300_000);

  it('not interrupted, the same table export writes its file and records it', async () => {
    const before = state();
    const folder = mkdtempSync(join(dir, 'out-'));
    const whole = await runUntil(
      VSO_CLI,
      ['export', 'table', file, '--spec', spec, '--out', join(folder, 'table.xlsx')],
      env,
      'SIGINT',
    );
    expect(whole.code, whole.stderr).toBe(0);
    expect(readdirSync(folder)).toEqual(['table.xlsx']);
    const after = state();
    expect(after.exports.length).toBe(before.exports.length + 1);
    expect(after.releases.reduce((n, r) => n + r.publications, 0)).toBe(
      before.releases.reduce((n, r) => n + r.publications, 0) + 1,
    );
  }, 300_000);
});
