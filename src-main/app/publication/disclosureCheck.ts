// `vso disclosure check`'s work: a table protected with its rule and audited by the attacker
// (every suppressed number's interval), alone and together with what a release published.
// Reads the register, writes nothing. A cancel in `work.signal` stops the query, the protection
// and the audit (in their workers) and ends in CANCELLED.
import { AppError } from '../../../shared/errors.ts';
import type { DisclosureRule, QueryResult, QuerySpec } from '../../../shared/query.ts';
import { auditInRelease, type ReleaseAudit } from '../../disclosure/auditRelease.ts';
import type { WorkOptions } from '../../disclosure/attackerBounds.ts';
import type { AuditReport } from '../../disclosure/auditTable.ts';
import { auditLinkedTablesOffThread, protectTableOffThread } from '../../disclosure/protectOffThread.ts';
import type { ProtectedResult } from '../../disclosure/protectTable.ts';
import { protectTable } from '../../disclosure/protectTable.ts';
import { rawTableFromQueryResult, type RawTable } from '../../disclosure/queryTable.ts';
import { listReleases, openRelease } from '../../store/publications.ts';
import type { Workspace } from '../../store/workspace.ts';
import type { AnalysisService } from '../analysis/analysisService.ts';
import { ReleaseSession } from './releaseSession.ts';

export type { ReleaseAudit } from '../../disclosure/auditRelease.ts';
export type { AuditReport, AuditedCell } from '../../disclosure/auditTable.ts';
export type { RawTable } from '../../disclosure/queryTable.ts';
export { rawTableFromQueryResult };

/** A table checked against a release: its raw counts, the release's name and the audit. */
export interface ReleaseCheck {
  raw: RawTable;
  release: string;
  audit: ReleaseAudit;
}

/** What the check hears and says while it works: the cancel, and progress by phase. */
export interface CheckWork {
  signal?: AbortSignal;
  onProgress?: (phase: 'protect' | 'audit', done: number, total: number) => void;
}

const CANCELLED_MESSAGE = 'The disclosure check was cancelled; nothing was changed.';

/** Stops with CANCELLED between the check's steps (a step's own worker hears the signal inside). */
function stopIfCancelled(work: CheckWork): void {
  if (work.signal?.aborted === true) throw new AppError('CANCELLED', CANCELLED_MESSAGE);
}

/** One phase's options for the disclosure functions; an abort inside them is CANCELLED too. */
function phase(work: CheckWork, name: 'protect' | 'audit'): WorkOptions {
  const onProgress = work.onProgress;
  return {
    ...(work.signal ? { signal: work.signal } : {}),
    ...(onProgress ? { onProgress: (done: number, total: number) => onProgress(name, done, total) } : {}),
  };
}

/** Runs a step; an abort it meets (the engine's or a worker's own error) is the check's CANCELLED. */
async function step<T>(work: CheckWork, run: () => Promise<T>): Promise<T> {
  stopIfCancelled(work);
  try {
    return await run();
  } catch (error) {
    stopIfCancelled(work);
    throw error;
  }
}

/** The table protected with `rule`, and the attacker's audit of what was published. */
export async function protectAndAudit(
  raw: RawTable,
  rule: DisclosureRule,
  work: CheckWork = {},
): Promise<{ report: ProtectedResult['report']; audit: AuditReport }> {
  const { table, report } = await step(work, () => protectTableOffThread(raw, rule, phase(work, 'protect')));
  const audit = await step(work, () => auditLinkedTablesOffThread([raw], [table], rule, phase(work, 'audit')));
  stopIfCancelled(work);
  return { report, audit };
}

/** The spec's counts without disclosure control, as the check starts from them. */
export function checkQuery(analysis: AnalysisService, spec: QuerySpec, work: CheckWork = {}): Promise<QueryResult> {
  const signal = work.signal ? { signal: work.signal } : {};
  return step(work, () => analysis.query({ ...spec, disclosure: null }, signal));
}

/**
 * The spec's table (with its rule) audited together with every output of a release, the open
 * one when `release` is undefined; null when none is open or the spec has no rule.
 */
export async function checkInRelease(
  workspace: Workspace,
  analysis: AnalysisService,
  spec: QuerySpec,
  release: number | undefined,
  work: CheckWork = {},
): Promise<ReleaseCheck | null> {
  const chosen =
    release === undefined ? openRelease(workspace.db) : listReleases(workspace.db).find((r) => r.id === release);
  if (release !== undefined && chosen === undefined) {
    throw new AppError('NOT_FOUND', `There is no release number ${release}; vso release list shows them.`);
  }
  if (chosen === undefined || spec.disclosure === null) return null;
  const rule = spec.disclosure;
  const raw = rawTableFromQueryResult(await checkQuery(analysis, spec, work));
  const { table } = await step(work, () => protectTable(raw, rule, phase(work, 'protect')));
  const input = await step(work, () => new ReleaseSession(workspace, analysis).inputFor(spec, raw, chosen.id));
  // The release's audit hears no signal of its own: a cancel during it is heard when it returns.
  const audit = await step(work, () => auditInRelease({ ...input, published: table }));
  stopIfCancelled(work);
  return { raw, release: chosen.name, audit };
}
