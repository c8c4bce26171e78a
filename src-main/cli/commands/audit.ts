// `vso audit verify` and `vso audit list`: check the audit log's hash chain, or read it.
import type { Command } from 'commander';
import { EXIT_FAILURE, printResult, type GlobalOptions } from '../io.ts';
import { withWorkspace } from './workspace.ts';

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('the workspace audit log');

  audit
    .command('verify')
    .argument('<file>', 'the workspace file')
    .description('check every link of the audit log; prints "intact" or the first broken entry (exit 1)')
    .action(async (file: string, _options: unknown, command: Command) => {
      const result = await withWorkspace(file, (ws) => ws.audit.verify());
      printResult(command.optsWithGlobals<GlobalOptions>(), result, () =>
        result.intact ? `intact (${result.entries} entries)` : `broken at entry #${result.brokenAt}: ${result.reason}`,
      );
      if (!result.intact) process.exitCode = EXIT_FAILURE;
    });

  audit
    .command('list')
    .argument('<file>', 'the workspace file')
    .option('--limit <n>', 'how many entries, newest first', '50')
    .option('--action <action>', 'only entries of this action (e.g. batch.delete)')
    .description('the newest audit entries: when, who, what')
    .action(async (file: string, options: { limit: string; action?: string }, command: Command) => {
      const limit = Math.max(1, Math.min(Number.parseInt(options.limit, 10) || 50, 10_000));
      const entries = await withWorkspace(file, (ws) =>
        ws.audit.list(options.action === undefined ? { limit } : { limit, action: options.action }),
      );
      printResult(command.optsWithGlobals<GlobalOptions>(), entries, () =>
        entries
          .map(
            (entry) =>
              `#${entry.id}  ${entry.at.replace('T', ' ').slice(0, 19)}  ${entry.userName}  ${entry.action}  ${JSON.stringify(entry.detail)}`,
          )
          .join('\n'),
      );
    });
}
