// `vso export outcome`: the median and quartiles of the days from offence to outcome for
// suspects, per cell, as CSV or XLSX under disclosure control, protected across the release.
// Ctrl-C cancels it (exit 5, no file, nothing recorded); `--progress` prints its steps.
import type { Command } from 'commander';
import type { ExportCommandDeps } from '../../app/publication/commandExports.ts';
import { exportOutcomeCommand } from '../../app/publication/timeToOutcomeCommand.ts';
import { printResult, type GlobalOptions } from '../io.ts';
import { longWork } from '../longWork.ts';
import { withExportSession } from '../workspaceAccess.ts';

/** `withSession` opens the workspace's export session (a test holds its counting there). */
export function registerOutcomeExport(
  exportCommand: Command,
  withSession: ExportCommandDeps['withSession'] = withExportSession,
): void {
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
        const written = await exportOutcomeCommand(file, options, { withSession }, longWork(command));
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
