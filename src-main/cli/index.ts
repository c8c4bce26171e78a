// The `vso` command line. Each domain registers its subcommands;
// errors print one line on stderr and exit 1 (3 for a wrong passphrase, 2 for bad usage).
import { Command, CommanderError } from 'commander';
import { APP_NAME, APP_VERSION } from '../appVersion.ts';
import { EXIT_USAGE, describeError, exitCodeFor } from './io.ts';
import { commandRegistrations } from './commands/index.ts';

export function buildProgram(): Command {
  const program = new Command('vso')
    .description(`${APP_NAME}: the command line of the encrypted analyst workbench`)
    .version(APP_VERSION, '-v, --version', 'print the version')
    .option('--json', 'print one JSON document on stdout')
    .showHelpAfterError()
    .exitOverride();
  program.helpCommand('help [command]', 'show help for a command');
  for (const register of commandRegistrations) register(program);
  return program;
}

/** The command (`workspace`) for the error log: its first word only, never a file name or value. */
function commandName(argv: readonly string[]): string {
  const first = argv.find((arg) => !arg.startsWith('-')) ?? '';
  return /^[a-z]{2,20}$/.test(first) ? `cli:${first}` : 'cli';
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit through here with code 0; usage errors were already printed.
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    process.stderr.write(`${describeError(error, commandName(argv))}\n`);
    return exitCodeFor(error);
  }
}
