// A cohort extract into the workspace, as the Data screen's wizard and `vso import` take it:
// the first rows with a mapping to start from (a saved profile's, else the automatic one),
// the dry run that says where every value goes and what would be rejected, and the import.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { columnsFor, DIRECT_IDENTIFIERS, type Codebook, type Cohort } from '../../../shared/codebook.ts';
import { AppError } from '../../../shared/errors.ts';
import type { AnalyseOptions, ImportAnalysis } from '../../import/analyseImport.ts';
import { autoMap, mappingTargets, RECORD_TARGET, type Mapping } from '../../import/mapping.ts';
import type { SourceOptions } from '../../import/openSource.ts';
import { previewFile } from '../../import/preview.ts';
import {
  applyProfile,
  loadProfile,
  parseProfileFile,
  profilesOfWidth,
  profilesWithHeaders,
  type ProfileFile,
} from '../../import/profile.ts';
import { runImport, type ImportOptions, type ImportResult } from '../../import/runImport.ts';
import type { Workspace } from '../../store/workspace.ts';

export type { AnalyseOptions, ImportAnalysis } from '../../import/analyseImport.ts';
export type { MappingChoices } from '../../import/importSetup.ts';
export type { ProfileFile } from '../../import/profile.ts';
export type { ImportOptions, ImportResult } from '../../import/runImport.ts';
export type { SourceOptions } from '../../import/openSource.ts';
export type { Delimiter, TextEncoding } from '../../import/sniff.ts';

/** What a column of the extract can be mapped to, in the analyst's words. */
function targetList(codebook: Codebook, cohort: Cohort) {
  const labels = new Map(columnsFor(codebook, cohort).map((c) => [c.name, c]));
  return mappingTargets(codebook, cohort).map((name) => {
    const column = labels.get(name);
    if (column) return { name, label: column.label, kind: column.kind };
    if ((DIRECT_IDENTIFIERS as readonly string[]).includes(name))
      return { name, label: `Identifier: ${name} (pseudonymised, then dropped)`, kind: 'identifier' };
    if (name === 'age') return { name, label: 'Age (becomes age band)', kind: 'age' };
    if (name === RECORD_TARGET)
      return {
        name,
        label: 'Record reference (crime or occurrence number; tells repeated records, not stored)',
        kind: 'record',
      };
    return { name, label: name, kind: 'other' };
  });
}

/** The columns a saved profile was made from: they name a headerless file's columns, by position. */
export function profileColumnNames(workspace: Workspace, profile: string): string[] {
  return loadProfile(workspace.db, profile).headers;
}

/** The wizard's first look: the first rows, a mapping to start from, and the saved profiles that fit. */
export async function previewExtract(
  workspace: Workspace,
  options: { path: string; cohort: Cohort; sheet?: string; header?: boolean; profile?: string; signal?: AbortSignal },
) {
  const { path, sheet, header, cohort, profile, signal } = options;
  // Without a header line, a saved profile's columns name the file's, by position.
  const positional = header === false && profile !== undefined;
  const preview = await previewFile(path, {
    rows: 20,
    ...(sheet === undefined ? {} : { sheet }),
    ...(header === false ? { header } : {}),
    ...(positional ? { columnNames: profileColumnNames(workspace, profile) } : {}),
    ...(signal === undefined ? {} : { signal }),
  });
  const codebook = workspace.codebook();
  let mapping: Mapping = autoMap(preview.headers, cohort, codebook);
  let profileWarnings: string[] = [];
  if (profile !== undefined) {
    const applied = applyProfile(loadProfile(workspace.db, profile), preview.headers, codebook);
    mapping = applied.mapping;
    profileWarnings = applied.warnings;
  }
  const positionalProfiles = preview.firstLineIsData
    ? profilesOfWidth(workspace.db, cohort, preview.headers.length)
    : [];
  // A profile saved from a file with these very headers is offered by name.
  const matchingProfiles = header === false ? [] : profilesWithHeaders(workspace.db, cohort, preview.headers);
  return {
    ...preview,
    mapping,
    targets: targetList(codebook, cohort),
    profileWarnings,
    positionalProfiles,
    matchingProfiles,
  };
}

/** Why the extract's first line reads as data rather than a header line; undefined when it does not. */
export async function firstLineIsData(path: string, source: SourceOptions): Promise<string | undefined> {
  return (await previewFile(path, { ...source, rows: 20 })).firstLineIsData;
}

/** The dry run: read and check the whole extract, commit nothing. */
export async function analyseExtract(workspace: Workspace, options: AnalyseOptions): Promise<ImportAnalysis> {
  // Loaded when first asked for: the app starts without the analysis's readers.
  const { analyseImport } = await import('../../import/analyseImport.ts');
  return analyseImport(workspace, options);
}

export function importExtract(workspace: Workspace, options: ImportOptions): Promise<ImportResult> {
  return runImport(workspace, options);
}

/** A mapping profile written as JSON (`vso import --profile-file`), checked. */
export function readProfileFile(path: string): ProfileFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new AppError('FILE_NOT_FOUND', `The profile file ${path} cannot be read: check the path.`);
  }
  return parseProfileFile(text, basename(path));
}
