// `vso disclosure check`'s work: a table protected with its rule and audited by the attacker
// (every suppressed number's interval), alone and together with what a release published.
// Reads the register, writes nothing.
import { AppError } from '../../../shared/errors.ts';
import type { DisclosureRule, QuerySpec } from '../../../shared/query.ts';
import { auditInRelease, type ReleaseAudit } from '../../disclosure/auditRelease.ts';
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

/** The table protected with `rule`, and the attacker's audit of what was published. */
export async function protectAndAudit(
  raw: RawTable,
  rule: DisclosureRule,
): Promise<{ report: ProtectedResult['report']; audit: AuditReport }> {
  const { table, report } = await protectTableOffThread(raw, rule);
  const audit = await auditLinkedTablesOffThread([raw], [table], rule);
  return { report, audit };
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
): Promise<ReleaseCheck | null> {
  const chosen =
    release === undefined ? openRelease(workspace.db) : listReleases(workspace.db).find((r) => r.id === release);
  if (release !== undefined && chosen === undefined) {
    throw new AppError('NOT_FOUND', `There is no release number ${release}; vso release list shows them.`);
  }
  if (chosen === undefined || spec.disclosure === null) return null;
  const raw = rawTableFromQueryResult(await analysis.query({ ...spec, disclosure: null }));
  const { table } = await protectTable(raw, spec.disclosure);
  const input = await new ReleaseSession(workspace, analysis).inputFor(spec, raw, chosen.id);
  return { raw, release: chosen.name, audit: await auditInRelease({ ...input, published: table }) };
}
