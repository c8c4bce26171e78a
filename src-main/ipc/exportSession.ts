// What exports need from an open workspace (src-main/export/cliExport.ts ExportSession):
// protected queries, labels, the synthetic flag, saved figures, infographics and reports,
// spec validation and the audit log. Shared by the CLI and the app's export handlers.
import type { Cohort } from '../../shared/codebook.ts';
import type { ExportSession } from '../export/cliExport.ts';
import { findInfographic, findReport } from '../store/documents.ts';
import { listFigures } from '../store/figures.ts';
import type { Workspace } from '../store/workspace.ts';
import { latestFinancialYear, type AnalysisService } from './analysisService.ts';
import { specProblems } from './specValidation.ts';
import { isSynthetic } from '../store/syntheticFlag.ts';

export function createExportSession(workspace: Workspace, analysis: AnalysisService): ExportSession {
  const synthetic = isSynthetic(workspace);
  const lastImport = workspace.info().lastImportAt;
  return {
    resolve: (spec) => analysis.query(spec),
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
