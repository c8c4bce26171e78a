// `vso fixtures`: writes a synthetic, deterministic extract of one cohort,
// canonical or messy, CSV or XLSX, for tests, demos and benchmarks.
import { Command, InvalidArgumentError } from 'commander';
import { COHORTS, type Cohort } from '../../../shared/codebook.ts';
import { AppError } from '../../../shared/errors.ts';
import { generateFixture } from '../../sample/generator/generate.ts';
import { printResult, type GlobalOptions } from '../io.ts';

function wholeNumber(name: string, min: number): (value: string) => number {
  return (value) => {
    const n = Number(value.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < min)
      throw new InvalidArgumentError(`${name} must be a whole number of at least ${min}.`);
    return n;
  };
}

function oneOf<T extends string>(name: string, values: readonly T[]): (value: string) => T {
  return (value) => {
    if (!(values as readonly string[]).includes(value))
      throw new InvalidArgumentError(`${name} must be one of ${values.join(', ')}.`);
    return value as T;
  };
}

interface FixturesOptions {
  cohort: Cohort;
  rows: number;
  seed: number;
  dialect: 'canonical' | 'messy';
  out: string;
}

export function registerFixturesCommands(program: Command): void {
  program
    .command('fixtures')
    .description('write a synthetic extract (deterministic for a seed) as CSV or XLSX')
    .requiredOption('--cohort <cohort>', `one of ${COHORTS.join(', ')}`, oneOf('--cohort', COHORTS))
    .requiredOption('--rows <n>', 'number of data rows', wholeNumber('--rows', 0))
    .option('--seed <s>', 'random seed: the same seed writes the same file', wholeNumber('--seed', 0), 1)
    .option(
      '--dialect <dialect>',
      'canonical (codebook headers and labels) or messy (like a real extract)',
      oneOf('--dialect', ['canonical', 'messy'] as const),
      'canonical',
    )
    .requiredOption('--out <path>', 'output file, .csv or .xlsx')
    .action(async (options: FixturesOptions, command: Command) => {
      let summary;
      try {
        summary = await generateFixture({ ...options });
      } catch (error) {
        if (error instanceof AppError) throw error;
        throw new AppError(
          'BAD_REQUEST',
          `The fixture cannot be written: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      const globals = command.optsWithGlobals<GlobalOptions>();
      printResult(
        globals,
        summary,
        () => `Wrote ${summary.rows} ${options.cohort} rows (${options.dialect}) to ${summary.path}.`,
      );
    });
}
