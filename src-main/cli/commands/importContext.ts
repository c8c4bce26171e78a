// `vso import FILE --context NAME --input PATH [--input PATH ...]`: files imported into a
// context dataset (any extract beyond the three cohorts, such as police open-data street-level
// crime files, a month each), one batch per file: the first creates the dataset when there is
// none, with its columns inferred from the file (categories, dates, months, numbers; free text
// left out) and a district derived where a column holds LSOA names, districts or district codes,
// or LSOA codes once the workspace holds a geography lookup (`vso geography import`); every other
// file is added to it, its columns matched by name. A file whose first line reads as data is
// refused, naming the line; with `--no-header` its columns are the dataset's, by position.
import { importContextFiles, type ContextFilesResult } from '../../app/import/contextImport.ts';
import type { SourceOptions } from '../../app/import/extractImport.ts';
import { printResult, type GlobalOptions } from '../io.ts';
import { withWorkspace } from './workspace.ts';

function summary(result: ContextFilesResult): string {
  const included = result.columns.filter((c) => c.included);
  const left = result.columns.filter((c) => !c.included).map((c) => c.source);
  const lines = [
    `Context dataset "${result.name}": ${result.rows} rows, ${included.length} columns (${included.map((c) => `${c.name} ${c.kind}`).join(', ')}).`,
  ];
  if (left.length > 0) lines.push(`Left out as free text: ${left.join(', ')}.`);
  for (const f of result.files) {
    lines.push(
      `${f.appended ? 'Added' : 'Imported'} ${f.file} as batch ${f.batchId}: ${f.rows} rows${f.rejected.length > 0 ? `, ${f.rejected.length} rejected` : ''}.`,
    );
    if (result.districtFrom !== null && Object.keys(f.districts).length > 0) {
      const counts = Object.entries(f.districts)
        .map(([d, n]) => `${d} ${n}`)
        .join(', ');
      lines.push(`  District from "${result.districtFrom}": ${counts}.`);
    }
    for (const [column, n] of Object.entries(f.unreadable))
      lines.push(`  warning: ${column}: ${n} value(s) did not fit the column's kind and were stored as empty.`);
    for (const warning of f.warnings) lines.push(`  warning: ${warning}`);
  }
  if (result.districtFrom === null && result.districtHint !== null) lines.push(`note: ${result.districtHint}`);
  return lines.join('\n');
}

export async function importContextFromCli(
  file: string,
  options: SourceOptions & {
    context: string;
    inputs: readonly string[];
    label?: string;
    again?: boolean;
    duplicates?: 'keep' | 'reject';
  },
  globals: GlobalOptions,
): Promise<void> {
  const source: SourceOptions = {
    ...(options.sheet ? { sheet: options.sheet } : {}),
    ...(options.encoding ? { encoding: options.encoding } : {}),
    ...(options.delimiter ? { delimiter: options.delimiter } : {}),
    ...(options.header === false ? { header: false } : {}),
  };
  const result = await withWorkspace(file, (workspace) =>
    importContextFiles(workspace, {
      name: options.context,
      inputs: options.inputs,
      source,
      ...(options.label ? { label: options.label } : {}),
      ...(options.again ? { again: true } : {}),
      ...(options.duplicates ? { duplicates: options.duplicates } : {}),
    }),
  );
  printResult(globals, result, () => summary(result));
}
