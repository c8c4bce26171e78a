// `vso sample FILE`: create the sample workspace of synthetic records from the command line.
import type { Command } from 'commander';
import { buildSampleWorkspace } from '../../sample/buildSample.ts';
import { samplePassphrase } from '../../sample/samplePassphrase.ts';
import { printResult, type GlobalOptions } from '../io.ts';
import type { RegisterCommands } from './register.ts';

export const registerSampleCommands: RegisterCommands = (program: Command) => {
  program
    .command('sample')
    .description(
      'create a workspace of synthetic records (all three cohorts, figures, infographics, a report) to try the app',
    )
    .argument('<file>', 'the new workspace file (.vsow)')
    .action(async (file: string, _options: unknown, command: Command) => {
      const given = process.env.VSO_PASSPHRASE;
      const passphrase = given !== undefined && given !== '' ? given : samplePassphrase();
      const { workspace, summary } = await buildSampleWorkspace(file, passphrase, (p) =>
        process.stderr.write(`${p.phase}…\n`),
      );
      workspace.close();
      const shown = given ? undefined : passphrase;
      printResult(
        command.optsWithGlobals<GlobalOptions>(),
        { ...summary, ...(shown ? { passphrase: shown } : {}) },
        () =>
          [
            `Created ${summary.path}: ${summary.records.victims} victims, ${summary.records.suspects} suspects, ${summary.records.offenders} offenders (synthetic).`,
            shown ? `Passphrase (shown once): ${shown}` : 'Passphrase: the one in VSO_PASSPHRASE.',
            'Real workspaces need their own passphrase: never reuse this one.',
          ].join('\n'),
      );
    });
};
