// What exports need from an open workspace (ExportSession, below):
// protected queries held to the workspace's disclosure policy, labels, the synthetic flag,
// saved figures, infographics and reports, spec validation and the audit log. Shared by the
// CLI and the app's export handlers, so every exit path refuses a rule below the policy.
// Every table an export resolves is protected across the open release, and the export's audit
// entry records it in the publication register (so every exit path that audits records).
import type { Cohort } from '../../../shared/codebook.ts';
import { datasetLabel, type FigureSpec } from '../../../shared/figure.ts';
import type { QueryResult, QuerySpec } from '../../../shared/query.ts';
import type { DisclosurePolicy } from '../../../shared/disclosurePolicy.ts';
import type { InfographicDoc } from '../../../shared/infographic.ts';
import type { ReportDefinition } from '../../export/reportDefinition.ts';
import type { TemplateName } from '../../export/infographic/templates.ts';
import { requirePolicy, requireRuleMeetsPolicy } from '../../export/disclosureGuard.ts';
import { findInfographic, findReport } from '../../store/documents.ts';
import { listFigures } from '../../store/figures.ts';
import { inOneTransaction } from '../../store/oneTransaction.ts';
import type { Workspace } from '../../store/workspace.ts';
import type { AnalysisService } from '../analysis/analysisService.ts';
import { latestFinancialYear } from '../analysis/datasetSummaries.ts';
import { specProblems } from '../analysis/specValidation.ts';
import { isSynthetic } from '../../store/syntheticFlag.ts';
import { PUBLICATION_KINDS, type PublicationKind, type UnlinkedNote } from '../../../shared/contract/release.ts';
import { ReleaseSession } from './releaseSession.ts';

/** What exports need from an open workspace. */
export interface ExportSession {
  /**
   * The engine with the workspace's disclosure control applied; refuses a rule below the policy.
   * The signal stops the engine's query and the protection under it.
   */
  resolve(spec: QuerySpec, work?: { signal?: AbortSignal }): Promise<QueryResult>;
  /** The workspace's disclosure policy: every output must meet it. */
  policy: DisclosurePolicy;
  labelOf(field: string): string;
  synthetic: boolean;
  /** The workspace's contact for published statistics (spreadsheet covers); null when not set. */
  contact: string | null;
  /** For footnotes, e.g. "Cambridgeshire Constabulary extract, imported 2026-11-20". */
  source: string;
  /** The newest financial year with records of the cohort, or null when it has none. */
  latestFinancialYear(cohort: TemplateName): Promise<string | null>;
  figure(name: string): FigureSpec | undefined;
  infographic(name: string): InfographicDoc | undefined;
  report(name: string): ReportDefinition | undefined;
  validate(spec: QuerySpec): string[];
  audit(action: string, detail: Record<string, unknown>): void;
  /**
   * Earlier outputs of the release the tables resolved so far could not be protected together
   * with, and what to do: shown to the analyst and kept in the register, never printed.
   */
  unlinked(): UnlinkedNote[];
}

/** The register entry an export's audit detail describes: its kind, name and files. */
function publicationOf(
  action: string,
  detail: Record<string, unknown>,
): { kind: PublicationKind; title: string; destination: string } | null {
  const kind = detail.what as PublicationKind;
  if (!action.startsWith('export.') && action !== 'report.build') return null;
  if (!(PUBLICATION_KINDS as readonly string[]).includes(kind)) return null;
  const files = Array.isArray(detail.files) ? (detail.files as Array<{ path?: unknown }>) : [];
  const paths = files.map((f) => String(f.path ?? '')).filter((p) => p.length > 0);
  return { kind, title: String(detail.name ?? kind), destination: paths.join('\n') };
}

/** A table named by what it counts, for a refusal that has no figure name to give. */
function tableName(spec: QuerySpec, labelOf: (field: string) => string): string {
  const fields = [...spec.rows, ...spec.cols].map(labelOf);
  return `the table of ${datasetLabel(spec.cohort).toLowerCase()}${fields.length ? ` by ${fields.join(' and ')}` : ''}`;
}

export function createExportSession(workspace: Workspace, analysis: AnalysisService): ExportSession {
  const synthetic = isSynthetic(workspace);
  const lastImport = workspace.info().lastImportAt;
  const policy = workspace.disclosurePolicy();
  const release = new ReleaseSession(workspace, analysis);
  return {
    policy,
    resolve: async (spec, work = {}) => {
      const what = tableName(spec, analysis.labelOf);
      requireRuleMeetsPolicy(spec.disclosure, policy, what);
      const result = await release.resolve(spec, what, work);
      requirePolicy(result, policy, what);
      return result;
    },
    labelOf: analysis.labelOf,
    synthetic,
    contact: workspace.settings().contact,
    source: synthetic
      ? 'VSO Workbench synthetic sample data'
      : `Workspace ${workspace.path.split(/[\\/]/).pop() ?? ''}${lastImport ? `, data imported up to ${lastImport.slice(0, 10)}` : ''}`,
    latestFinancialYear: async (cohort) => latestFinancialYear(workspace, cohort as Cohort),
    figure: (name) => listFigures(workspace.db).find((f) => f.name === name)?.figure,
    infographic: (name) => findInfographic(workspace.db, name),
    report: (name) => findReport(workspace.db, name),
    validate: (spec) => specProblems(spec, workspace.codebook()),
    audit: (action, detail) => {
      inOneTransaction(workspace.db, () => {
        const publication = publicationOf(action, detail);
        const recorded = publication && release.record(publication.kind, publication.title, publication.destination);
        const full = recorded ? { ...detail, publication: recorded.id, release: recorded.release } : detail;
        workspace.audit.append(action, JSON.parse(JSON.stringify(full)) as Record<string, never>);
      });
    },
    unlinked: () => release.unlinked(),
  };
}
