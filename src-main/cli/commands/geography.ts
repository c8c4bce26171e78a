// `vso geography import FILE --input LOOKUP`: the ONS "LSOA to Local Authority District"
// lookup (CSV or XLSX) imported into the workspace, replacing the previous one, so context
// datasets with only LSOA codes get a district. `vso geography show FILE` says what is loaded.
// Like `vso import`, FILE is the workspace and --input the file read.
import type { Command } from 'commander';
import { geographyLookup, importGeographyLookup, type LsoaLookupInfo } from '../../app/import/referenceTables.ts';
import { printResult, type GlobalOptions } from '../io.ts';
import type { RegisterCommands } from './register.ts';
import { withWorkspace } from './workspace.ts';

const number = new Intl.NumberFormat('en-GB');

function describeLookup(lookup: LsoaLookupInfo): string[] {
  const districts = Object.entries(lookup.districts)
    .map(([d, n]) => `${d} ${number.format(n)}`)
    .join(', ');
  const lines = [
    `Geography lookup from ${lookup.fileName} (columns ${lookup.lsoaColumn} and ${lookup.districtColumn}, imported ${lookup.importedAt} by ${lookup.userName}): ${number.format(lookup.lsoas)} LSOAs of the six districts (${districts}).`,
  ];
  if (lookup.outsideArea > 0)
    lines.push(
      `${number.format(lookup.outsideArea)} row(s) for districts outside Cambridgeshire and Peterborough were ignored.`,
    );
  return lines;
}

export const registerGeographyCommands: RegisterCommands = (program: Command) => {
  const geography = program
    .command('geography')
    .description('the LSOA to district lookup that derives a district from LSOA codes in context datasets');

  geography
    .command('import')
    .description('import the ONS LSOA to Local Authority District lookup, replacing the previous one')
    .argument('<file>', 'the workspace (.vsow)')
    .requiredOption(
      '--input <path>',
      'the lookup (.csv or .xlsx), with columns such as LSOA11CD and LAD19CD or LAD19NM',
    )
    .option('--sheet <name>', 'XLSX: the sheet to read (the first one by default)')
    .action(async (file: string, options: { input: string; sheet?: string }, command: Command) => {
      const result = await withWorkspace(file, (workspace) =>
        importGeographyLookup(workspace, options.input, options.sheet ? { sheet: options.sheet } : {}),
      );
      printResult(command.optsWithGlobals<GlobalOptions>(), result, () =>
        [
          ...describeLookup(result.lookup),
          ...(result.replaced > 0
            ? [`It replaces the previous lookup (${number.format(result.replaced)} LSOAs).`]
            : []),
          'Context datasets imported from now on derive their district from LSOA codes through it.',
        ].join('\n'),
      );
    });

  geography
    .command('show')
    .description('what lookup the workspace holds')
    .argument('<file>', 'the workspace (.vsow)')
    .action(async (file: string, _options: unknown, command: Command) => {
      const lookup = await withWorkspace(file, async (workspace) => geographyLookup(workspace));
      printResult(command.optsWithGlobals<GlobalOptions>(), { lookup }, () =>
        lookup
          ? describeLookup(lookup).join('\n')
          : 'No geography lookup: import one with vso geography import FILE --input LOOKUP.csv.',
      );
    });
};
