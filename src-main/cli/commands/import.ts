// `vso import FILE --cohort ... --input PATH [--profile NAME] [--sheet NAME]`: imports an
// extract into the workspace in one transaction (DESIGN.md section 8). Exit 0 when the batch
// committed (rejected rows included), 1 when nothing was committed. With `--context NAME`
// instead of `--cohort`, the extract becomes a named context dataset (importContext.ts).
import { Command, InvalidArgumentError } from 'commander';
import { COHORTS, type Cohort } from '../../../shared/codebook.ts';
import { AppError } from '../../../shared/errors.ts';
import { runImport, type ImportResult } from '../../import/runImport.ts';
import type { Delimiter, TextEncoding } from '../../import/sniff.ts';
import { printResult, type GlobalOptions } from '../io.ts';
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

function summary(result: ImportResult): string {
  const reasons = Object.entries(result.reasons)
    .map(([rule, n]) => `${rule} ${n}`)
    .join(', ');
  const lines = [
    `Batch ${result.batchId}: ${result.accepted} rows imported, ${result.rejected} rejected${reasons ? ` (${reasons})` : ''}.`,
    ...result.warnings.map((w) => `warning: ${w}`),
  ];
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
      'with --context: the files have no header line; their columns are the dataset’s, by position',
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
    .option('--again', 'import the file even if the same file was imported before')
    .option('--keep-duplicates', 'keep rows that exactly duplicate another (rejected by default)')
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
      if (options.input.length !== 1 || !options.header)
        throw new AppError('BAD_REQUEST', 'A cohort takes one --input at a time, with its header line.');
      const cohort = options.cohort as Cohort;
      const showProgress = !globals.json && process.stderr.isTTY;
      const result = await withWorkspace(file, (workspace) =>
        runImport(workspace, {
          cohort,
          path: options.input[0] as string,
          ...(options.profile ? { profile: options.profile } : {}),
          ...(options.saveProfile ? { saveProfileAs: options.saveProfile } : {}),
          ...(options.sheet ? { sheet: options.sheet } : {}),
          ...(options.encoding ? { encoding: options.encoding } : {}),
          ...(options.delimiter ? { delimiter: options.delimiter } : {}),
          onDuplicateFile: options.again ? 'import' : 'refuse',
          duplicateRows: options.keepDuplicates ? 'keep' : 'reject',
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
      const { batchId, accepted, rejected, reasons } = result;
      printResult(globals, { batchId, accepted, rejected, reasons }, () => summary(result));
    });
}
