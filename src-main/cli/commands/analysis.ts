// `vso query`, `vso export table|infographic`, `vso report build` and `vso disclosure check`:
// the same engine, disclosure control and exporters as the app, from a terminal.
import type { Command } from 'commander';
import type { UnlinkedNote } from '../../../shared/contract/release.ts';
import { exportRecordsFile, recordsTarget } from '../../app/analysis/recordsExport.ts';
import {
  exportInfographicCommand,
  exportTableCommand,
  reportBuildCommand,
  type ReportPackResult,
} from '../../app/publication/commandExports.ts';
import { checkQuery } from '../../app/publication/disclosureCheck.ts';
import { printResult, EXIT_FAILURE, type GlobalOptions } from '../io.ts';
import { longWork } from '../longWork.ts';
import { withAnalysis, withExportSession } from '../workspaceAccess.ts';
import { readSpecFile, disclosureCommands } from './disclosure.ts';
import { checkInRelease } from './disclosureRelease.ts';
import { registerOutcomeExport } from './outcome.ts';
import type { RegisterCommands } from './register.ts';

const deps = { withSession: withExportSession };

export const registerQueryCommands: RegisterCommands = (program: Command) => {
  program
    .command('query')
    .description(
      'run a query spec (JSON) against a workspace and print the result (disclosure control as the spec says)',
    )
    .argument('<file>', 'the workspace file (.vsow)')
    .requiredOption('--spec <path>', 'the query spec (JSON: cohort, filters, rows, cols, measure, disclosure)')
    .action(async (file: string, options: { spec: string }, command: Command) => {
      const spec = await readSpecFile(options.spec);
      const result = await withAnalysis(file, (_ws, analysis) => analysis.query(spec));
      // The result is JSON whatever --json says: it is the contract's document.
      printResult({ ...command.optsWithGlobals<GlobalOptions>(), json: true }, result, () => '');
    });
};

export const registerExportCommands: RegisterCommands = (program: Command) => {
  const exportCommand = program
    .command('export')
    .description('export tables and infographics (always under disclosure control), or records for R or Python');
  registerRecordsExport(exportCommand);
  registerOutcomeExport(exportCommand);
  exportCommand
    .command('table')
    .description('export a table as XLSX or CSV')
    .argument('<file>', 'the workspace file (.vsow)')
    .requiredOption('--spec <path>', 'the query spec (JSON)')
    .requiredOption('--out <path>', 'OUT.xlsx or OUT.csv')
    .option('--title <text>', 'title of the table')
    .option('--force', 'replace OUT if it exists')
    .action(
      async (
        file: string,
        options: { spec: string; out: string; title?: string; force?: boolean },
        command: Command,
      ) => {
        const written = await exportTableCommand(file, options, deps, longWork(command));
        printResult(command.optsWithGlobals<GlobalOptions>(), written, () =>
          [
            `wrote ${written.path} (${written.bytes} bytes)`,
            ...written.warnings.map((w) => `WARNING: ${w}`),
            ...unlinkedLines(written.unlinked),
          ].join('\n'),
        );
      },
    );
  exportCommand
    .command('infographic')
    .description('export a one-page infographic from a template, filled from the workspace')
    .argument('<file>', 'the workspace file (.vsow)')
    .requiredOption('--template <name>', 'victims, suspects or offenders')
    .requiredOption('--out <path>', 'OUT.png, OUT.svg or OUT.pdf')
    .option('--year <fy>', 'financial year, e.g. 2023/24 (default: the latest with data)')
    .option('--page <size>', 'a4-portrait (default) or landscape-16x9')
    .option('--force', 'replace OUT if it exists')
    .action(
      async (
        file: string,
        options: { template: string; out: string; year?: string; page?: string; force?: boolean },
        command: Command,
      ) => {
        const written = await exportInfographicCommand(file, options, deps, longWork(command));
        printResult(command.optsWithGlobals<GlobalOptions>(), written, () =>
          [
            `wrote ${written.path} (${written.bytes} bytes) for ${written.financialYear}`,
            ...written.warnings.map((w) => `warning: ${w}`),
            ...unlinkedLines(written.unlinked),
          ].join('\n'),
        );
      },
    );
};

/** Record-level data leaves no disclosure control: it is for the team's own analysis in R or Python. */
function registerRecordsExport(exportCommand: Command): void {
  exportCommand
    .command('records')
    .description(
      'export the filtered records of a cohort as an Arrow IPC file for R or Python (record-level: keep it inside the secure environment)',
    )
    .argument('<file>', 'the workspace file (.vsow)')
    .requiredOption('--spec <path>', 'a query spec (JSON): its cohort and filters are used')
    .requiredOption('--out <path>', 'OUT.arrow')
    .option('--force', 'replace OUT if it exists')
    .action(async (file: string, options: { spec: string; out: string; force?: boolean }, command: Command) => {
      const spec = await readSpecFile(options.spec);
      const overwrite = options.force === true;
      const out = await recordsTarget(options.out, overwrite);
      const cli = longWork(command);
      const written = await withAnalysis(
        file,
        (workspace, analysis) => exportRecordsFile(workspace, analysis, spec, out, overwrite, cli),
        cli,
      );
      printResult(
        command.optsWithGlobals<GlobalOptions>(),
        written,
        () =>
          `wrote ${written.path} (${written.bytes} bytes); record-level data: keep it inside the secure environment`,
      );
    });
}

/** What an export could not protect together with the release, as `vso disclosure check` words it. */
function unlinkedLines(unlinked: readonly UnlinkedNote[]): string[] {
  return unlinked.map(({ table, note }) => `WARNING: ${table}: ${note}`);
}

/** Human output of `vso report build`: one line per file, per problem and per table not linked. */
function describeReportBuild(result: ReportPackResult & { unlinked: UnlinkedNote[] }): string {
  const lines = result.files.map((f) => `wrote ${f.path} (${f.bytes} bytes)`);
  for (const problem of result.problems) lines.push(`NOT DRAWN: ${problem.message}`);
  lines.push(...unlinkedLines(result.unlinked));
  return lines.join('\n');
}

export const registerReportCommands: RegisterCommands = (program: Command) => {
  const report = program.command('report').description('report packs');
  report
    .command('build')
    .description('render every figure and infographic of a saved report, with an index workbook and a contact sheet')
    .argument('<file>', 'the workspace file (.vsow)')
    .requiredOption('--report <name>', 'the report name')
    .requiredOption('--out <dir>', 'output folder')
    .action(async (file: string, options: { report: string; out: string }, command: Command) => {
      const cli = longWork(command);
      const result = await reportBuildCommand(file, options, deps, {
        signal: cli.signal,
        onItem: (index, total) => cli.progress({ phase: 'item', done: index, total }),
      });
      printResult(command.optsWithGlobals<GlobalOptions>(), result, () => describeReportBuild(result));
      if (!result.ok) process.exitCode = EXIT_FAILURE;
    });
};

export const registerDisclosureCommands: RegisterCommands = disclosureCommands(
  (file, spec, work) =>
    withAnalysis(file, (_ws, analysis) => checkQuery(analysis, spec, work), { signal: work?.signal }),
  checkInRelease,
);
