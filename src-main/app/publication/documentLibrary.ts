// The infographics and reports a workspace keeps (JSON documents, never pictures): listed,
// saved (refusing to overwrite unasked), deleted, and filled from the built-in templates.
import { AppError } from '../../../shared/errors.ts';
import type { InfographicDoc } from '../../../shared/infographic.ts';
import { TEMPLATE_NAMES, templateFor, type TemplateName } from '../../export/infographic/templates.ts';
import {
  deleteInfographic,
  deleteReport,
  findInfographic,
  listInfographics,
  listReports,
  saveInfographic,
  saveReport,
  type Report,
} from '../../store/documents.ts';
import type { Workspace } from '../../store/workspace.ts';

export type { Report } from '../../store/documents.ts';
export { TEMPLATE_NAMES, type TemplateName };

export function infographicList(workspace: Workspace): Array<{ name: string; doc: InfographicDoc; updatedAt: string }> {
  return listInfographics(workspace.db);
}

export function savedInfographic(workspace: Workspace, name: string): { doc: InfographicDoc; updatedAt: string } {
  const found = listInfographics(workspace.db).find((i) => i.name === name);
  if (!found) throw new AppError('NOT_FOUND', `There is no saved infographic called “${name}”.`);
  return { doc: found.doc, updatedAt: found.updatedAt };
}

/** Saves an infographic; one of the same name is replaced only with `overwrite`. */
export function storeInfographic(
  workspace: Workspace,
  doc: InfographicDoc,
  overwrite: boolean,
  now = new Date(),
): { name: string; updatedAt: string } {
  if (!overwrite && findInfographic(workspace.db, doc.name))
    throw new AppError(
      'FILE_EXISTS',
      `An infographic called “${doc.name}” already exists. Choose another name or update it.`,
    );
  saveInfographic(workspace.db, doc, now);
  return { name: doc.name, updatedAt: now.toISOString() };
}

export function removeInfographic(workspace: Workspace, name: string): boolean {
  return deleteInfographic(workspace.db, name);
}

export function reportList(workspace: Workspace): Report[] {
  return listReports(workspace.db);
}

export function storeReport(workspace: Workspace, report: Report): { name: string } {
  saveReport(workspace.db, report);
  return { name: report.name };
}

export function removeReport(workspace: Workspace, name: string): boolean {
  return deleteReport(workspace.db, name);
}

/** A template filled for a year, saved (replacing one of its name): the sample's infographics. */
export function saveTemplateInfographic(
  workspace: Workspace,
  template: TemplateName,
  year: string,
  options: { population?: string },
): string {
  const doc = templateFor(template, year, options);
  saveInfographic(workspace.db, doc);
  return doc.name;
}
