// The tables analyses lean on besides the extracts: the ONS LSOA to district lookup (context
// datasets with only LSOA codes get their district through it) and population tables (rates).
import {
  importLsoaLookup,
  lsoaLookupInfo,
  type LsoaLookupImport,
  type LsoaLookupInfo,
  type LsoaLookupOptions,
} from '../../import/lsoaLookup.ts';
import {
  importPopulationFile,
  importPopulationTable,
  listPopulationTables,
  type PopulationFileImport,
  type PopulationImport,
} from '../../import/populationTable.ts';
import type { Steps } from '../../store/safePoints.ts';
import type { Workspace } from '../../store/workspace.ts';

export type { LsoaLookupInfo } from '../../import/lsoaLookup.ts';

export function geographyLookup(workspace: Workspace): LsoaLookupInfo | null {
  return lsoaLookupInfo(workspace.db);
}

/** Reads, checks and stores a lookup, replacing the previous one. */
export function importGeographyLookup(
  workspace: Workspace,
  path: string,
  options: LsoaLookupOptions = {},
): Promise<LsoaLookupImport> {
  return importLsoaLookup(workspace, path, options);
}

export function populationTables(workspace: Workspace): ReturnType<typeof listPopulationTables> {
  return listPopulationTables(workspace);
}

/** ONS mid-year estimates (or the codebook's own layout), replacing the table of that name; `steps` hear a cancel. */
export function importPopulation(
  workspace: Workspace,
  name: string,
  path: string,
  options: { sheet?: string; steps?: Steps } = {},
): Promise<PopulationFileImport> {
  return importPopulationFile(workspace, name, path, options);
}

/** A table already in the codebook's layout (district, age band, sex, population): the sample's. */
export function importPopulationInCodebookLayout(
  workspace: Workspace,
  name: string,
  path: string,
): Promise<PopulationImport> {
  return importPopulationTable(workspace, name, path);
}
