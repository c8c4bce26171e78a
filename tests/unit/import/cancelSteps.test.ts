// A cancel raised as each step of an import begins, on a real encrypted workspace: before the
// commit it leaves every table, the indexes and the audit log (length and last hash) as they
// were, whether the import is the workspace's first (indexes and the persons' key index set
// aside, person keys stored after the rows) or a later one; raised once the commit has begun,
// it is too late, and the import is whole: the same rows as the same file imported uncancelled
// into a workspace of its own. The hook names each step as it begins, so no timing decides.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.ts';
import { IMPORT_STEPS, type ImportStep } from '../../../src-main/import/importSteps.ts';
import { runImport, type ImportOptions } from '../../../src-main/import/runImport.ts';
import type { Workspace } from '../../../src-main/store/workspace.ts';
import { CancelFlag } from '../../../src-main/workers/cancelFlag.ts';
import { createWorkspace, fixture, TempDir } from './importTestKit.ts';
import { workspaceState } from './workspaceState.ts';

const dir = new TempDir();
let ws: Workspace;
let n = 0;
beforeEach(() => {
  ws = createWorkspace(dir, `ws-${++n}.vsow`);
});
afterEach(() => ws.close());
afterAll(() => dir.remove());

const BEFORE_COMMIT = IMPORT_STEPS.filter((step) => step !== 'commit');

/** Imports `path`, aborting as `at` begins; the steps seen, and the result or the error. */
async function importCancelledAt(
  workspace: Workspace,
  path: string,
  at: ImportStep,
  extra: Partial<ImportOptions> = {},
) {
  const controller = new AbortController();
  const seen: ImportStep[] = [];
  const outcome = await runImport(workspace, {
    cohort: 'victims',
    path,
    signal: controller.signal,
    onDuplicateFile: 'import',
    onStep: (step) => {
      seen.push(step);
      if (step === at) controller.abort();
    },
    ...extra,
  }).then(
    (result) => ({ ok: true as const, result }),
    (error: unknown) => {
      if (!(error instanceof AppError)) throw error;
      return { ok: false as const, error };
    },
  );
  return { seen, outcome };
}

/**
 * Each record's line, sex and date, and its person as the order in which persons first appear
 * (keys are HMACs under each workspace's own secret, so they differ between workspaces).
 */
function records(workspace: Workspace): unknown[][] {
  const rows = workspace.db
    .prepare('SELECT source_row, sex, date, person_id FROM victims ORDER BY id')
    .raw(true)
    .all() as unknown[][];
  const order = new Map<unknown, number>();
  return rows.map(([line, sex, date, person]) => {
    if (!order.has(person)) order.set(person, order.size);
    return [line, sex, date, order.get(person)];
  });
}

describe('a cancel raised as an import step begins', () => {
  it.each(BEFORE_COMMIT)('rolls a first import back at %s', async (step) => {
    const file = await fixture(dir, 'victims', 3_000, { seed: 4, dialect: 'canonical' });
    const before = workspaceState(ws.db);
    const { seen, outcome } = await importCancelledAt(ws, file.path, step);
    expect(seen.at(-1)).toBe(step);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.code).toBe('CANCELLED');
    expect(workspaceState(ws.db)).toEqual(before);
    // Nothing of it stays to stop the same file importing whole, every step run.
    const whole = await importCancelledAt(ws, file.path, 'commit');
    expect(whole.seen).toEqual([...IMPORT_STEPS]);
  });

  it.each(BEFORE_COMMIT)('rolls a later import back at %s', async (step) => {
    const first = await fixture(dir, 'victims', 2_000, { seed: 4, dialect: 'canonical' });
    const second = await fixture(dir, 'victims', 2_500, { seed: 9, dialect: 'canonical' });
    await runImport(ws, { cohort: 'victims', path: first.path });
    const before = workspaceState(ws.db);
    const { outcome } = await importCancelledAt(ws, second.path, step);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.code).toBe('CANCELLED');
    expect(workspaceState(ws.db)).toEqual(before);
  });

  it('reports the import committed, whole, when the cancel comes as the commit begins', async () => {
    const file = await fixture(dir, 'victims', 3_000, { seed: 4, dialect: 'canonical' });
    const before = workspaceState(ws.db);
    const { seen, outcome } = await importCancelledAt(ws, file.path, 'commit');
    expect(seen).toEqual([...IMPORT_STEPS]);
    expect(outcome.ok).toBe(true);
    // The same file imported without a cancel into a workspace of its own: the same rows.
    const fresh = createWorkspace(dir, `fresh-${n}.vsow`);
    try {
      const uncancelled = await runImport(fresh, { cohort: 'victims', path: file.path });
      if (outcome.ok) expect(outcome.result.accepted).toBe(uncancelled.accepted);
      const after = workspaceState(ws.db);
      const expected = workspaceState(fresh.db);
      expect(after.rows).toEqual(expected.rows);
      expect(after.indexes).toEqual(before.indexes);
      expect(records(ws)).toEqual(records(fresh));
    } finally {
      fresh.close();
    }
  });
});

describe('a cancel and a commit raced through the shared flag', () => {
  it('rolls back when the cancel came first, even if only the claim sees it', async () => {
    const file = await fixture(dir, 'victims', 2_000, { seed: 4, dialect: 'canonical' });
    const before = workspaceState(ws.db);
    const flag = new CancelFlag();
    // Raised as the last step before the commit begins; nothing reads the flag but the claim.
    const error = await runImport(ws, {
      cohort: 'victims',
      path: file.path,
      claimCommit: () => flag.claimCommit(),
      onStep: (step) => {
        if (step === 'finishing') expect(flag.raise()).toBe(true);
      },
    }).catch((e: unknown) => e);
    expect(error instanceof AppError && error.code).toBe('CANCELLED');
    expect(workspaceState(ws.db)).toEqual(before);
  });

  it('commits when the claim came first, and the cancel is told so', async () => {
    const file = await fixture(dir, 'victims', 2_000, { seed: 4, dialect: 'canonical' });
    const flag = new CancelFlag();
    const raised: boolean[] = [];
    const result = await runImport(ws, {
      cohort: 'victims',
      path: file.path,
      cancelRaised: () => flag.raised,
      claimCommit: () => flag.claimCommit(),
      onStep: (step) => {
        if (step === 'commit') raised.push(flag.raise());
      },
    });
    expect(raised).toEqual([false]);
    expect(flag.raised).toBe(false);
    expect(ws.db.prepare('SELECT count(*) FROM victims').pluck().get()).toBe(result.accepted);
  });
});
