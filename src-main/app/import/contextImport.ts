// Context datasets (any extract beyond the three cohorts, such as police street-level crime
// files): the columns inferred from a file, a district derived where the lookup allows, and
// files imported one batch each, the first creating the dataset, the rest added to it.
import { inferContextColumns, type ContextColumn, type ContextInference } from '../../import/contextColumns.ts';
import {
  existingContextDataset,
  importContextDataset,
  type ContextImportOptions,
  type ContextImportResult,
} from '../../import/contextDataset.ts';
import { hasLsoaLookup } from '../../import/lsoaLookup.ts';
import type { SourceOptions } from '../../import/openSource.ts';
import type { Workspace } from '../../store/workspace.ts';

export type { ContextColumn } from '../../import/contextColumns.ts';
export type { ContextImportOptions, ContextImportResult } from '../../import/contextDataset.ts';

/** The wizard's look at a context file: inferred columns, or the dataset's when appending to one. */
export async function previewContextFile(
  workspace: Workspace,
  options: { path: string; sheet?: string; header?: boolean; appendTo?: string },
) {
  const { path, sheet, header, appendTo } = options;
  const existing = appendTo === undefined ? undefined : existingContextDataset(workspace.db, appendTo);
  const inference = await inferContextColumns(path, {
    hasLsoaLookup: hasLsoaLookup(workspace.db),
    ...(sheet === undefined ? {} : { sheet }),
    ...(header === false ? { header: false } : {}),
    ...(existing ? { columnNames: existing.columns.map((c) => c.source) } : {}),
  });
  return { ...inference, existing: existing ? { columns: existing.columns, rows: existing.rows } : null };
}

export function importContextFile(workspace: Workspace, options: ContextImportOptions): Promise<ContextImportResult> {
  return importContextDataset(workspace, options);
}

export interface ContextFileResult extends ContextImportResult {
  file: string;
}

export interface ContextFilesResult {
  name: string;
  tableName: string;
  /** Rows of the files imported, by district. */
  districts: Record<string, number>;
  columns: Array<Pick<ContextColumn, 'name' | 'source' | 'kind' | 'included'>>;
  districtFrom: string | null;
  districtHint: string | null;
  files: ContextFileResult[];
  /** Rows of the dataset after the last file. */
  rows: number;
}

/**
 * Files into the context dataset `name`, a batch each: the first creates the dataset when there
 * is none, its columns inferred from that file; every other file is added, matched by name.
 */
export async function importContextFiles(
  workspace: Workspace,
  options: {
    name: string;
    inputs: readonly string[];
    source: SourceOptions;
    label?: string;
    again?: boolean;
    duplicates?: 'keep' | 'reject';
  },
): Promise<ContextFilesResult> {
  const { name, source } = options;
  const files: ContextFileResult[] = [];
  let inference: ContextInference | null = null;
  for (const input of options.inputs) {
    const existing = existingContextDataset(workspace.db, name);
    let columns: ContextColumn[] = existing?.columns ?? [];
    let districtFrom = existing?.districtFrom ?? null;
    if (!existing) {
      inference = await inferContextColumns(input, { ...source, hasLsoaLookup: hasLsoaLookup(workspace.db) });
      columns = inference.columns;
      districtFrom = inference.districtFrom;
    }
    const imported = await importContextDataset(workspace, {
      ...source,
      name,
      path: input,
      columns,
      districtFrom,
      append: true,
      onDuplicateFile: options.again ? 'import' : 'refuse',
      ...(options.duplicates ? { duplicates: options.duplicates } : {}),
      ...(options.label ? { label: options.label } : {}),
    });
    files.push({ file: input, ...imported });
  }
  const dataset = existingContextDataset(workspace.db, name);
  const districts: Record<string, number> = {};
  for (const f of files) for (const [d, n] of Object.entries(f.districts)) districts[d] = (districts[d] ?? 0) + n;
  return {
    name,
    tableName: files[0]?.tableName ?? '',
    districts,
    columns: (dataset?.columns ?? []).map(({ name: column, source: from, kind, included }) => ({
      name: column,
      source: from,
      kind,
      included,
    })),
    districtFrom: dataset?.districtFrom ?? null,
    districtHint: inference?.districtHint ?? null,
    files,
    rows: dataset?.rows ?? 0,
  };
}
