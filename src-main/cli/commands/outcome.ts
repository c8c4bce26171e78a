// `vso export outcome`: the median and quartiles of the days from offence to outcome for
// suspects, per cell, as CSV or XLSX under disclosure control, protected across the release.
import type { Command } from 'commander';
import { exportOutcomeCommand } from '../../app/publication/timeToOutcomeCommand.ts';
import { printResult, type GlobalOptions } from '../io.ts';
import { withExportSession } from '../workspaceAccess.ts';

export function registerOutcomeExport(exportCommand: Command): void {
  exportCommand
    .command('outcome')
    .description('export time to outcome for suspects (median and quartiles of days, per cell) as XLSX or CSV')
    .argument('<file>', 'the workspace file (.vsow)')
    .requiredOption('--spec <path>', 'the spec (JSON: filters, rows and cols of one field each at most, disclosure)')
    .requiredOption('--out <path>', 'OUT.xlsx or OUT.csv')
    .option('--title <text>', 'title of the table')
    .option('--force', 'replace OUT if it exists')
    .action(
      async (
        file: string,
        options: { spec: string; out: string; title?: string; force?: boolean },
        command: Command,
      ) => {
        const written = await exportOutcomeCommand(file, options, { withSession: withExportSession });
        printResult(command.optsWithGlobals<GlobalOptions>(), written, () =>
          [
            `wrote ${written.path} (${written.bytes} bytes)`,
            ...written.reasons.map(({ reason, cells }) => `${cells} ${cells === 1 ? 'cell' : 'cells'} ${reason}`),
            ...written.unlinked.map(({ table, note }) => `WARNING: ${table}: ${note}`),
          ].join('\n'),
        );
      },
    );
}
