// `vso import FILE --cohort ... --input PATH [--profile NAME | --profile-file JSON] [--sheet NAME]`:
// imports an extract into the workspace in one transaction, deciding what
// the wizard's analyst decides: columns and recodes (a profile file), values with no sure
// category (`--unmapped`: by default nothing is committed and they are listed), repeated lines
// (`--duplicates`) and the order of day and month (`--date-order`). `--dry-run` prints where
// every value goes and what would be rejected, and commits nothing: exit 0 when the import
// would succeed, 4 when it names a blocker (unmapped values, an open date order, a header line
// that is data, the same file again). Exit 0 when the batch committed (rejected rows
// included), 1 when nothing was committed. A cohort extract whose header line was lost is
// refused, naming the line; with `--no-header` its columns are taken by position: the saved
// profile's (`--profile`: the columns of the extract it was saved from), else Column 1, Column 2,
// ... (which a profile file can map). With `--context NAME` instead of `--cohort`, the extract becomes a named context dataset (importContext.ts).
import { basename } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { COHORTS, type Cohort } from '../../../shared/codebook.ts';
import { AppError } from '../../../shared/errors.ts';
import {
  analyseExtract,
  firstLineIsData as firstLineReadsAsData,
  importExtract,
  profileColumnNames,
  readProfileFile,
  type Delimiter,
  type ImportAnalysis,
  type ImportResult,
  type MappingChoices,
  type TextEncoding,
} from '../../app/import/extractImport.ts';
import type { Workspace } from '../../app/lifecycle/workspaceFiles.ts';
import { EXIT_DRY_RUN_BLOCKED, printResult, type GlobalOptions } from '../io.ts';
import { longWork } from '../longWork.ts';
import { importContextFromCli } from './importContext.ts';
import { withWorkspace } from './workspace.ts';

interface ImportCliOptions {
  cohort?: Cohort;
  context?: string;
  label?: string;
  input: string[];
  header: boolean;
  profile?: string;
  saveProfile?: string;
  sheet?: string;
  encoding?: TextEncoding;
  delimiter?: Delimiter;
  again?: boolean;
  keepDuplicates?: boolean;
  profileFile?: string;
  dryRun?: boolean;
  duplicates?: 'keep' | 'reject';
  unmapped?: 'fail' | 'reject' | 'unknown';
  dateOrder?: 'dmy' | 'mdy';
  sourceBands?: 'unknown' | 'column';
}

function oneOf<T extends string>(name: string, values: readonly T[]): (value: string) => T {
  return (value) => {
    if (!(values as readonly string[]).includes(value))
      throw new InvalidArgumentError(`${name} must be one of ${values.join(', ')}.`);
    return value as T;
  };
}

const DELIMITER_NAMES: Record<string, Delimiter> = {
  ',': ',',
  comma: ',',
  ';': ';',
  semicolon: ';',
  tab: '\t',
  '\\t': '\t',
  '|': '|',
  pipe: '|',
};

const count = (n: number): string => n.toLocaleString('en-GB');

function reasonList(reasons: Record<string, number>): string {
  return Object.entries(reasons)
    .map(([rule, n]) => `${rule.replace(/_/g, ' ')} ${count(n)}`)
    .join(', ');
}

function summary(result: ImportResult): string {
  const reasons = reasonList(result.reasons);
  const lines = [
    `Batch ${result.batchId}: ${count(result.rowsRead)} rows read, ${count(result.accepted)} imported, ${count(result.rejected)} rejected.`,
    ...(reasons ? [`Rejected rows by reason (a row may have several): ${reasons}.`] : []),
    ...(result.duplicates > 0
      ? [
          `Repeated lines: ${count(result.duplicates)}${result.alreadyInWorkspace > 0 ? `, ${count(result.alreadyInWorkspace)} of them already in the workspace` : ''} (${count(result.duplicatesKept)} kept as distinct records).`,
        ]
      : []),
    ...result.warnings.map((w) => `warning: ${w}`),
  ];
  return lines.join('\n');
}

/** What would stop the import the dry run stands for: the analysis's blocker, or the same file again. */
function dryRunBlocker(analysis: ImportAnalysis, again: boolean): string | null {
  if (analysis.blocker) return analysis.blocker;
  if (analysis.duplicateFileOf !== null && !again)
    return `the same file was already imported (batch ${analysis.duplicateFileOf}): add --again to import it once more.`;
  return null;
}

/** What the dry run prints as JSON: the mapping, where each value goes, and the validation report. */
function dryRunReport(analysis: ImportAnalysis, blocker: string | null) {
  const unmapped = Object.entries(analysis.unknownValues).map(([column, values]) => ({ column, values }));
  return {
    dryRun: true,
    mapping: analysis.mapping,
    values: analysis.valueDestinations,
    unmapped,
    rowsRead: analysis.rowsRead,
    wouldAccept: analysis.wouldAccept,
    wouldReject: analysis.wouldReject,
    reasons: analysis.reasons,
    duplicates: analysis.duplicates,
    duplicatesKept: analysis.duplicatesKept,
    alreadyInWorkspace: analysis.alreadyInWorkspace,
    repeatedLines: analysis.repeatedLines,
    dateOrder: analysis.dateOrder,
    blocker,
    warnings: analysis.warnings,
  };
}

function dryRunText(analysis: ImportAnalysis, blocker: string | null): string {
  const lines = ['Mapping (nothing was imported):'];
  for (const c of analysis.mapping.columns) lines.push(`  ${c.source} -> ${c.target ?? '(left out)'}`);
  for (const d of analysis.valueDestinations) {
    lines.push(`Values of "${d.source}" (${d.target}):`);
    for (const v of d.values.slice(0, 40))
      lines.push(
        `  ${v.value === '' ? '(blank)' : v.value} (${count(v.count)}) -> ${v.label ?? (v.how === 'unmapped' ? 'UNMAPPED' : '(blank)')} [${v.how}]`,
      );
    if (d.values.length > 40) lines.push(`  ... and ${d.values.length - 40} more values`);
  }
  const reasons = reasonList(analysis.reasons);
  lines.push(
    `${count(analysis.rowsRead)} rows read: ${count(analysis.wouldAccept)} would be imported, ${count(analysis.wouldReject)} rejected${reasons ? ` (rows by reason: ${reasons})` : ''}.`,
  );
  if (analysis.duplicates > 0)
    lines.push(
      `Repeated lines: ${count(analysis.duplicates)}${analysis.alreadyInWorkspace > 0 ? `, ${count(analysis.alreadyInWorkspace)} of them already in the workspace` : ''} (${count(analysis.duplicatesKept)} would be kept as distinct records).`,
    );
  if (blocker) lines.push(`The import would stop: ${blocker}`);
  lines.push(...analysis.warnings.map((w) => `warning: ${w}`));
  return lines.join('\n');
}

export function registerImportCommands(program: Command): void {
  program
    .command('import')
    .description('import a CSV or XLSX extract into a cohort of the workspace, or as a named context dataset')
    .argument('<file>', 'the workspace (.vsow)')
    .option('--cohort <cohort>', `one of ${COHORTS.join(', ')}`, oneOf('--cohort', COHORTS))
    .option('--context <name>', 'import as a context dataset of this name (columns inferred from the file)')
    .option('--label <text>', "with --context: the dataset's label (its name by default)")
    .requiredOption(
      '--input <path>',
      'the extract (.csv or .xlsx); with --context, give it once per file (a month each, say)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option(
      '--no-header',
      'the files have no header line: their columns are, by position, the context dataset’s, or the saved profile’s (--profile), else Column 1, Column 2, ...',
    )
    .option('--profile <name>', 'apply a saved mapping profile')
    .option('--save-profile <name>', 'save the mapping used as a profile for next time')
    .option('--sheet <name>', 'XLSX: the sheet to read (the first one by default)')
    .option(
      '--encoding <encoding>',
      'CSV: utf8, windows-1252, utf16le or utf16be (detected by default)',
      oneOf('--encoding', ['utf8', 'windows-1252', 'utf16le', 'utf16be'] as const),
    )
    .option('--delimiter <d>', 'CSV: comma, semicolon, tab or pipe (detected by default)', (v: string) => {
      const d = DELIMITER_NAMES[v];
      if (!d) throw new InvalidArgumentError('--delimiter must be comma, semicolon, tab or pipe.');
      return d;
    })
    .option('--profile-file <path>', 'a mapping profile as JSON: columns (source, target, kind) and recodes')
    .option(
      '--dry-run',
      'print the mapping, where each value goes and what would be rejected; import nothing (exit 4 when the import would stop)',
    )
    .option(
      '--unmapped <how>',
      'values with no sure category: fail (default: list them, import nothing), unknown (keep as Unknown) or reject (their rows)',
      oneOf('--unmapped', ['fail', 'reject', 'unknown'] as const),
    )
    .option(
      '--duplicates <how>',
      'lines repeated in every column: keep or reject (default: reject with a record reference mapped, else keep)',
      oneOf('--duplicates', ['keep', 'reject'] as const),
    )
    .option(
      '--date-order <order>',
      'dates like 03/04/2021: dmy (day first) or mdy (needed when a date fits only month-first)',
      oneOf('--date-order', ['dmy', 'mdy'] as const),
    )
    .option(
      '--source-bands <how>',
      'age ranges coarser than the bands (over 34): unknown (as --unmapped says) or column (Unknown, and kept as written in the column age_band_as_recorded)',
      oneOf('--source-bands', ['unknown', 'column'] as const),
    )
    .option('--again', 'import the file even if the same file was imported before')
    .option('--keep-duplicates', 'the same as --duplicates keep')
    .action(async (file: string, options: ImportCliOptions, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      if ((options.cohort === undefined) === (options.context === undefined)) {
        throw new AppError(
          'BAD_REQUEST',
          'Give exactly one of --cohort (victims, suspects or offenders) and --context NAME.',
        );
      }
      if (options.context !== undefined) {
        await importContextFromCli(file, { ...options, context: options.context, inputs: options.input }, globals);
        return;
      }
      if (options.input.length !== 1) throw new AppError('BAD_REQUEST', 'A cohort takes one --input at a time.');
      const cohort = options.cohort as Cohort;
      const showProgress = !globals.json && process.stderr.isTTY;
      const profileFile = options.profileFile ? readProfileFile(options.profileFile) : undefined;
      const choices: MappingChoices = {
        profileFile,
        unmapped: options.unmapped ?? profileFile?.unmapped ?? 'fail',
        duplicateRows: options.duplicates ?? (options.keepDuplicates ? 'keep' : profileFile?.duplicates),
        dateOrder: options.dateOrder ?? profileFile?.dateOrder ?? 'auto',
        sourceBands: options.sourceBands ?? profileFile?.sourceBands,
      };
      const source = {
        ...(options.profile ? { profile: options.profile } : {}),
        ...(options.sheet ? { sheet: options.sheet } : {}),
        ...(options.encoding ? { encoding: options.encoding } : {}),
        ...(options.delimiter ? { delimiter: options.delimiter } : {}),
        ...(options.header ? {} : { header: false }),
      };
      // A cohort is mapped by its column names: a file whose header line was lost would be read
      // with its first record as the names, and that record lost.
      const firstLineIsData = await firstLineReadsAsData(options.input[0] as string, source);
      if (firstLineIsData) {
        const message = `${basename(options.input[0] as string)}, line 1: this looks like data, not a header line (${firstLineIsData}). A cohort extract is mapped by its column names: put its header line back, or import it with --no-header and the profile it was saved with (--profile), which takes its columns by position.`;
        if (!options.dryRun) throw new AppError('INVALID_FILE', message);
        printResult(globals, { dryRun: true, blocker: message }, () => `The import would stop: ${message}`);
        process.exitCode = EXIT_DRY_RUN_BLOCKED;
        return;
      }
      // Without a header, a saved profile's columns name the file's, by position.
      const positional = (workspace: Workspace) =>
        !options.header && options.profile ? { columnNames: profileColumnNames(workspace, options.profile) } : {};
      if (options.dryRun) {
        const analysis = await withWorkspace(file, (workspace) =>
          analyseExtract(workspace, {
            cohort,
            path: options.input[0] as string,
            ...source,
            ...positional(workspace),
            ...choices,
          }),
        );
        const blocker = dryRunBlocker(analysis, options.again === true);
        printResult(globals, dryRunReport(analysis, blocker), () => dryRunText(analysis, blocker));
        if (blocker) process.exitCode = EXIT_DRY_RUN_BLOCKED;
        return;
      }
      const result = await withWorkspace(file, (workspace) =>
        importExtract(workspace, {
          cohort,
          path: options.input[0] as string,
          ...choices,
          ...source,
          ...positional(workspace),
          ...(options.saveProfile ? { saveProfileAs: options.saveProfile } : {}),
          onDuplicateFile: options.again ? 'import' : 'refuse',
          signal: longWork(command).signal,
          ...(showProgress
            ? {
                onProgress: (p) => {
                  const eta = p.etaSeconds === null ? '' : `, ${Math.ceil(p.etaSeconds)} s left`;
                  process.stderr.write(
                    `\r${p.phase}: ${p.done.toLocaleString('en-GB')} rows (${p.rate.toLocaleString('en-GB')}/s${eta})   `,
                  );
                  if (p.phase === 'done') process.stderr.write('\n');
                },
              }
            : {}),
        }),
      );
      const { batchId, rowsRead, accepted, rejected, reasons, duplicates, duplicatesKept, unmappedKept, warnings } =
        result;
      const { alreadyInWorkspace } = result;
      printResult(
        globals,
        {
          batchId,
          rowsRead,
          accepted,
          rejected,
          reasons,
          duplicates,
          duplicatesKept,
          alreadyInWorkspace,
          unmappedKept,
          warnings,
        },
        () => summary(result),
      );
    });
}
