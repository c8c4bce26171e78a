// The `vso` command line. Each domain registers its subcommands;
// errors print one line on stderr and exit 1 (3 for a wrong passphrase, 2 for bad usage, 5
// when Ctrl-C or SIGTERM cancelled the work: cli/longWork.ts).
import { Command, CommanderError } from 'commander';
import { APP_NAME, APP_VERSION } from '../appVersion.ts';
import { EXIT_USAGE, describeError, exitCodeFor } from './io.ts';
import { commandRegistrations } from './commands/index.ts';

export function buildProgram(): Command {
  const program = new Command('vso')
    .description(`${APP_NAME}: the command line of the encrypted analyst workbench`)
    .version(APP_VERSION, '-v, --version', 'print the version')
    .option('--json', 'print one JSON document on stdout')
    .option('--progress', 'print the steps of long work on stderr, one line each')
    .showHelpAfterError()
    .exitOverride();
  program.helpCommand('help [command]', 'show help for a command');
  program.addHelpText(
    'after',
    '\nExit codes: 0 done, 1 failed, 2 bad usage, 3 wrong passphrase, 4 a dry run found what would stop the import,\n5 cancelled by Ctrl-C or SIGTERM (nothing was changed).',
  );
  for (const register of commandRegistrations) register(program);
  return program;
}

/** The command (`workspace`) for the error log: its first word only, never a file name or value. */
function commandName(argv: readonly string[]): string {
  const first = argv.find((arg) => !arg.startsWith('-')) ?? '';
  return /^[a-z]{2,20}$/.test(first) ? `cli:${first}` : 'cli';
}

/** Runs `vso ARGV` (on `program`: the whole command line unless a test gives one of its own); the exit code. */
export async function main(argv: readonly string[], program: Command = buildProgram()): Promise<number> {
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
