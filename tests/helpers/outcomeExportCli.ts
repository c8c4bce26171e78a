// `vso export outcome` as its own process, on the real command, `main`, signal handling, export
// session and write, with the session's counting held until the command's signal aborts it: a
// signal sent at the printed step `count` lands while the work is in it, however loaded the
// machine. A count never handed the signal fails after HOLD_MS. Run: tsx this file ARGS...
import { Command } from 'commander';
import { AppError } from '../../shared/errors.ts';
import type { QueryResult } from '../../shared/query.ts';
import { registerOutcomeExport } from '../../src-main/cli/commands/outcome.ts';
import { main } from '../../src-main/cli/index.ts';
import { withExportSession } from '../../src-main/cli/workspaceAccess.ts';

const HOLD_MS = 60_000;

function heldUntilAborted(signal: AbortSignal | undefined): Promise<QueryResult> {
  return new Promise((_, fail) => {
    const timer = setTimeout(
      () => fail(new AppError('INTERNAL', 'The count was never cancelled: the command did not pass its signal.')),
      HOLD_MS,
    );
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      fail(signal.reason);
    });
  });
}

const program = new Command('vso').option('--json').option('--progress').exitOverride();
registerOutcomeExport(program.command('export'), (file, work) =>
  withExportSession(file, (session) =>
    work({ ...session, resolve: (_spec, counting) => heldUntilAborted(counting?.signal) }),
  ),
);
main(process.argv.slice(2), program).then((code) => {
  process.exitCode = code;
});
