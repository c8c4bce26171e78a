// `vso import FILE --context NAME --input PATH`: a context dataset (any extract beyond the
// three cohorts, such as the police open-data street-level crime file) imported under a name,
// with its columns inferred from the file (categories, dates, months, numbers; free text left
// out) and a district derived where a column holds LSOA names, districts or district codes,
// or LSOA codes once the workspace holds a geography lookup (`vso geography import`).
import { inferContextColumns, type ContextColumn } from '../../import/contextColumns.ts';
import { importContextDataset, type ContextImportResult } from '../../import/contextDataset.ts';
import { hasLsoaLookup } from '../../import/lsoaLookup.ts';
import type { SourceOptions } from '../../import/openSource.ts';
import { printResult, type GlobalOptions } from '../io.ts';
import { withWorkspace } from './workspace.ts';

export interface ContextCliResult extends ContextImportResult {
  name: string;
  columns: Array<Pick<ContextColumn, 'name' | 'source' | 'kind' | 'included'>>;
  districtFrom: string | null;
  districtHint: string | null;
}

function summary(result: ContextCliResult): string {
  const included = result.columns.filter((c) => c.included);
  const left = result.columns.filter((c) => !c.included).map((c) => c.source);
  const lines = [
    `Context dataset "${result.name}": ${result.rows} rows, ${included.length} columns (${included.map((c) => `${c.name} ${c.kind}`).join(', ')}).`,
  ];
  if (left.length > 0) lines.push(`Left out as free text: ${left.join(', ')}.`);
  if (result.districtFrom !== null) {
    const counts = Object.entries(result.districts)
      .map(([d, n]) => `${d} ${n}`)
      .join(', ');
    lines.push(`District derived from "${result.districtFrom}": ${counts}.`);
  } else if (result.districtHint !== null) lines.push(`note: ${result.districtHint}`);
  for (const [column, n] of Object.entries(result.unreadable))
    lines.push(`warning: ${column}: ${n} value(s) did not fit the column's kind and were stored as empty.`);
  for (const warning of result.warnings) lines.push(`warning: ${warning}`);
  return lines.join('\n');
}

export async function importContextFromCli(
  file: string,
  options: SourceOptions & { context: string; input: string; label?: string },
  globals: GlobalOptions,
): Promise<void> {
  const result = await withWorkspace(file, async (workspace) => {
    const inference = await inferContextColumns(options.input, {
      ...options,
      hasLsoaLookup: hasLsoaLookup(workspace.db),
    });
    const imported = await importContextDataset(workspace, {
      name: options.context,
      path: options.input,
      columns: inference.columns,
      districtFrom: inference.districtFrom,
      ...(options.label ? { label: options.label } : {}),
      ...(options.sheet ? { sheet: options.sheet } : {}),
      ...(options.encoding ? { encoding: options.encoding } : {}),
      ...(options.delimiter ? { delimiter: options.delimiter } : {}),
    });
    const columns = inference.columns.map(({ name, source, kind, included }) => ({ name, source, kind, included }));
    return {
      name: options.context,
      ...imported,
      columns,
      districtFrom: inference.districtFrom,
      districtHint: inference.districtHint,
    };
  });
  printResult(globals, result, () => summary(result));
}
