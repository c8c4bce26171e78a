// What exports need from an open workspace (src-main/export/cliExport.ts ExportSession):
// protected queries held to the workspace's disclosure policy, labels, the synthetic flag,
// saved figures, infographics and reports, spec validation and the audit log. Shared by the
// CLI and the app's export handlers, so every exit path refuses a rule below the policy.
import type { Cohort } from '../../shared/codebook.ts';
import { datasetLabel } from '../../shared/figure.ts';
import type { QuerySpec } from '../../shared/query.ts';
import type { ExportSession } from '../export/cliExport.ts';
import { requirePolicy, requireRuleMeetsPolicy } from '../export/disclosureGuard.ts';
import { findInfographic, findReport } from '../store/documents.ts';
import { listFigures } from '../store/figures.ts';
import type { Workspace } from '../store/workspace.ts';
import { latestFinancialYear, type AnalysisService } from './analysisService.ts';
import { specProblems } from './specValidation.ts';
import { isSynthetic } from '../store/syntheticFlag.ts';

/** A table named by what it counts, for a refusal that has no figure name to give. */
function tableName(spec: QuerySpec, labelOf: (field: string) => string): string {
  const fields = [...spec.rows, ...spec.cols].map(labelOf);
  return `the table of ${datasetLabel(spec.cohort).toLowerCase()}${fields.length ? ` by ${fields.join(' and ')}` : ''}`;
}

export function createExportSession(workspace: Workspace, analysis: AnalysisService): ExportSession {
  const synthetic = isSynthetic(workspace);
  const lastImport = workspace.info().lastImportAt;
  const policy = workspace.disclosurePolicy();
  return {
    policy,
    resolve: async (spec) => {
      const what = tableName(spec, analysis.labelOf);
      requireRuleMeetsPolicy(spec.disclosure, policy, what);
      const result = await analysis.query(spec);
      requirePolicy(result, policy, what);
      return result;
    },
    labelOf: analysis.labelOf,
    synthetic,
    source: synthetic
      ? 'VSO Workbench synthetic sample data'
      : `Workspace ${workspace.path.split(/[\\/]/).pop() ?? ''}${lastImport ? `, data imported up to ${lastImport.slice(0, 10)}` : ''}`,
    latestFinancialYear: async (cohort) => latestFinancialYear(workspace, cohort as Cohort),
    figure: (name) => listFigures(workspace.db).find((f) => f.name === name)?.figure,
    infographic: (name) => findInfographic(workspace.db, name),
    report: (name) => findReport(workspace.db, name),
    validate: (spec) => specProblems(spec, workspace.codebook()),
    audit: (action, detail) => {
      workspace.audit.append(action, JSON.parse(JSON.stringify(detail)) as Record<string, never>);
    },
  };
}
