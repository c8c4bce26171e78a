// What every command shares: the passphrase (environment or prompt, never an argument),
// JSON or human output, and the exit codes (1 failure, 2 bad usage, 3 wrong passphrase, 4 a
// dry run that found what would stop the real run, 5 cancelled by Ctrl-C or SIGTERM).
import { createInterface } from 'node:readline';
import { AppError, isAppError } from '../../shared/errors.ts';
import { loggedWhere, logUnexpectedError } from '../ipc/errorLog.ts';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_WRONG_PASSPHRASE = 3;
/** `--dry-run` reported a blocker: the same command without it would commit nothing. */
export const EXIT_DRY_RUN_BLOCKED = 4;
/** Ctrl-C (SIGINT) or SIGTERM stopped the work, which undid what it had done. */
export const EXIT_CANCELLED = 5;
/** The one line a cancelled command prints. */
export const CANCELLED_LINE = 'vso: cancelled: nothing was changed';

export interface GlobalOptions {
  json?: boolean;
  /** Print the work's steps on stderr, one line each. */
  progress?: boolean;
}

/** The passphrase from VSO_PASSPHRASE, else a prompt on the terminal with echo off. */
export async function readPassphrase(prompt = 'Passphrase: '): Promise<string> {
  const fromEnv = process.env.VSO_PASSPHRASE;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!process.stdin.isTTY) {
    throw new AppError(
      'BAD_REQUEST',
      'No passphrase: set VSO_PASSPHRASE or run the command in a terminal to be asked for it.',
    );
  }
  return promptHidden(prompt);
}

function promptHidden(prompt: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const output = rl as unknown as { _writeToOutput?: (s: string) => void };
    process.stderr.write(prompt);
    output._writeToOutput = () => undefined;
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}

export function printResult(options: GlobalOptions, value: unknown, human: () => string): void {
  if (options.json) process.stdout.write(`${JSON.stringify(value)}\n`);
  else process.stdout.write(`${human()}\n`);
}

/** A cancel the work answered: CANCELLED, or an abort a library threw as it heard the signal. */
export function isCancel(error: unknown): boolean {
  if (isAppError(error)) return error.code === 'CANCELLED';
  return error instanceof Error && error.name === 'AbortError';
}

export function exitCodeFor(error: unknown): number {
  if (isCancel(error)) return EXIT_CANCELLED;
  if (isAppError(error)) {
    if (error.code === 'WRONG_PASSPHRASE') return EXIT_WRONG_PASSPHRASE;
    if (error.code === 'BAD_REQUEST') return EXIT_USAGE;
  }
  return EXIT_FAILURE;
}

/**
 * One line on stderr: the user-facing message; an unexpected error also goes to the error log
 * (without data) and the line says where (`where`: the command, for the log).
 */
export function describeError(error: unknown, where = 'cli'): string {
  if (isCancel(error)) return CANCELLED_LINE;
  if (isAppError(error)) return `vso: ${error.message}`;
  const message = error instanceof Error ? error.message : String(error);
  return `vso: unexpected error: ${message}. ${loggedWhere(logUnexpectedError(error, { where }))}`;
}
