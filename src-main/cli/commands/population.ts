// `vso population import FILE --input PATH --name NAME [--sheet S]`: a population table for
// rates, from ONS mid-year estimates (CSV or XLSX: by district, and by sex and single year of age,
// banded on import) or the codebook's own layout, replacing the table of that name.
// `vso population list FILE` says which tables the workspace holds.
import type { Command } from 'commander';
import { importPopulation, populationTables } from '../../app/import/referenceTables.ts';
import { printResult, type GlobalOptions } from '../io.ts';
import type { RegisterCommands } from './register.ts';
import { withWorkspace } from './workspace.ts';

const number = new Intl.NumberFormat('en-GB');

function describeTable(table: {
  name: string;
  total: number;
  byAge: boolean;
  bySex: boolean;
  districts: Record<string, number>;
}): string {
  const by = ['district', ...(table.bySex ? ['sex'] : []), ...(table.byAge ? ['age band'] : [])].join(', ');
  const districts = Object.entries(table.districts)
    .map(([d, n]) => `${d} ${number.format(n)}`)
    .join(', ');
  return `Population table "${table.name}": ${number.format(table.total)} people by ${by} (${districts}).`;
}

export const registerPopulationCommands: RegisterCommands = (program: Command) => {
  const population = program.command('population').description('the population tables rates are computed from');

  population
    .command('import')
    .description('import ONS mid-year population estimates (CSV or XLSX), replacing the table of that name')
    .argument('<file>', 'the workspace (.vsow)')
    .requiredOption('--input <path>', 'the estimates (.csv or .xlsx), by local authority')
    .requiredOption('--name <name>', 'the name rates will use, such as mid-2020')
    .option('--sheet <name>', 'XLSX: the sheet to read (the first one by default)')
    .action(async (file: string, options: { input: string; name: string; sheet?: string }, command: Command) => {
      const result = await withWorkspace(file, (workspace) =>
        importPopulation(workspace, options.name, options.input, options.sheet ? { sheet: options.sheet } : {}),
      );
      printResult(command.optsWithGlobals<GlobalOptions>(), result, () =>
        [
          describeTable(result),
          ...(result.otherAreas > 0
            ? [`${number.format(result.otherAreas)} row(s) of other areas were left out.`]
            : []),
          ...result.warnings.map((w) => `warning: ${w}`),
        ].join('\n'),
      );
    });

  population
    .command('list')
    .description('the population tables the workspace holds')
    .argument('<file>', 'the workspace (.vsow)')
    .action(async (file: string, _options: unknown, command: Command) => {
      const tables = await withWorkspace(file, async (workspace) => populationTables(workspace));
      printResult(command.optsWithGlobals<GlobalOptions>(), { tables }, () =>
        tables.length > 0
          ? tables.map(describeTable).join('\n')
          : 'No population tables: import one with vso population import FILE --input ESTIMATES.csv --name mid-2020.',
      );
    });
};
