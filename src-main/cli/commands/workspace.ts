// `vso workspace ...` and `vso batch delete`: create, inspect, re-key, back up, restore, hand
// over and check an encrypted workspace from the command line.
// Passphrases come from the environment or a prompt, never from an argument.
import type { Command } from 'commander';
import { createInterface } from 'node:readline';
import { AppError } from '../../../shared/errors.ts';
import { dueText, purgeReportLines } from '../../../shared/retentionText.ts';
import { retentionState } from '../../app/lifecycle/retention.ts';
import {
  createWorkspace,
  planRestore,
  restoreWorkspace,
  type WorkspaceInfo,
} from '../../app/lifecycle/workspaceFiles.ts';
import { EXIT_FAILURE, printResult, readPassphrase, type GlobalOptions } from '../io.ts';
import { registerContactCommand } from './contact.ts';
import { registerPolicyCommand } from './policy.ts';
import { longWork } from '../longWork.ts';
import { withWorkspace } from '../workspaceAccess.ts';

/** Other command groups open workspaces through this too. */
export { withWorkspace };

/** A new passphrase: from `envName` when set, else asked twice on the terminal. */
async function readNewPassphrase(envName: string, prompt: string): Promise<string> {
  const fromEnv = process.env[envName];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!process.stdin.isTTY) {
    throw new AppError(
      'BAD_REQUEST',
      `No new passphrase: set ${envName} or run the command in a terminal to be asked for it.`,
    );
  }
  const first = await readPassphraseFromPrompt(prompt);
  const second = await readPassphraseFromPrompt('Repeat it: ');
  if (first !== second) throw new AppError('BAD_REQUEST', 'The two passphrases differ. Nothing was changed.');
  return first;
}

/** readPassphrase() prefers VSO_PASSPHRASE; a second, different passphrase must be prompted for. */
async function readPassphraseFromPrompt(prompt: string): Promise<string> {
  const saved = process.env.VSO_PASSPHRASE;
  delete process.env.VSO_PASSPHRASE;
  try {
    return await readPassphrase(prompt);
  } finally {
    if (saved !== undefined) process.env.VSO_PASSPHRASE = saved;
  }
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await new Promise<string>((resolve) => rl.question(`${question} [y/N] `, resolve));
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function formatInfo(info: WorkspaceInfo): string {
  const when = (iso: string | null) => (iso === null || iso === '' ? 'never' : iso.replace('T', ' ').slice(0, 16));
  return [
    `Workspace    ${info.path}`,
    `Schema       version ${info.schemaVersion}`,
    `Size         ${formatBytes(info.sizeBytes)}`,
    `Created      ${when(info.createdAt)}`,
    `Last import  ${when(info.lastImportAt)}`,
    `Records      victims ${info.counts.victims}, suspects ${info.counts.suspects}, offenders ${info.counts.offenders}`,
    `Persons      ${info.persons}`,
    ...Object.entries(info.contextRows).map(([name, rows]) => `Context      ${name} ${rows} rows`),
  ].join('\n');
}

function globals(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

export function registerWorkspaceCommands(program: Command): void {
  const workspace = program.command('workspace').description('create, inspect and look after an encrypted workspace');

  workspace
    .command('create')
    .argument('<file>', 'the new workspace file (.vsow)')
    .description('create a new encrypted workspace (passphrase: VSO_PASSPHRASE or a prompt, twice)')
    .action(async (file: string, _options: unknown, command: Command) => {
      const passphrase = process.env.VSO_PASSPHRASE
        ? await readPassphrase()
        : await readNewPassphrase('VSO_PASSPHRASE', 'New passphrase (12 characters or more): ');
      const created = await createWorkspace(file, passphrase);
      try {
        const info = created.info();
        printResult(globals(command), info, () => `Created ${info.path} (schema version ${info.schemaVersion}).`);
      } finally {
        created.close();
      }
    });

  workspace
    .command('info')
    .argument('<file>', 'the workspace file')
    .description('record counts, schema version, size, created and last import')
    .action(async (file: string, _options: unknown, command: Command) => {
      const info = await withWorkspace(file, (ws) => ws.info());
      printResult(globals(command), info, () => formatInfo(info));
    });

  workspace
    .command('passwd')
    .argument('<file>', 'the workspace file')
    .description('change the passphrase (new one: VSO_NEW_PASSPHRASE or a prompt, twice)')
    .action(async (file: string, _options: unknown, command: Command) => {
      const current = await readPassphrase('Current passphrase: ');
      const next = await readNewPassphrase('VSO_NEW_PASSPHRASE', 'New passphrase (12 characters or more): ');
      await withWorkspace(file, (ws) => ws.changePassphrase(current, next), { passphrase: current });
      printResult(
        globals(command),
        { changed: true },
        () => 'The passphrase was changed. The old one no longer opens the file.',
      );
    });

  workspace
    .command('backup')
    .argument('<file>', 'the workspace file')
    .argument('<out>', 'the backup file to write (must not exist)')
    .description('write a consistent encrypted copy, opened by the same passphrase')
    .action(async (file: string, out: string, _options: unknown, command: Command) => {
      const work = longWork(command);
      const result = await withWorkspace(file, (ws) => ws.backupTo(out, work));
      printResult(
        globals(command),
        result,
        () => `Backed up to ${result.path} (${formatBytes(result.sizeBytes)}); the copy was checked.`,
      );
    });

  workspace
    .command('restore')
    .argument('<backup>', 'a backup written by `vso workspace backup`')
    .argument('<file>', 'the workspace file to restore into (a new file, or a workspace with --replace)')
    .option('--replace', 'replace the workspace at <file> (kept as a safety copy until the restored one opens)')
    .description('check a backup and restore it (passphrase: that of the backup)')
    .action(async (backup: string, file: string, options: { replace?: boolean }, command: Command) => {
      const passphrase = await readPassphrase();
      const plan = await planRestore(backup, file, passphrase);
      const restored = await restoreWorkspace(
        backup,
        file,
        passphrase,
        { replace: options.replace === true },
        longWork(command),
      );
      try {
        const info = restored.info();
        const replaced =
          plan.target === null
            ? ''
            : ` It replaced a workspace of ${plan.target.total.toLocaleString('en-GB')} records.`;
        printResult(
          globals(command),
          { ...info, backupPath: plan.backupPath, replaced: plan.target },
          () => `Restored ${info.path} from ${plan.backupPath}.${replaced}\n${formatInfo(info)}`,
        );
      } finally {
        restored.close();
      }
    });

  workspace
    .command('handover')
    .argument('<file>', 'the workspace file')
    .argument('<out>', 'the copy to write (must not exist)')
    .description(
      'a copy for a colleague: own passphrase (VSO_NEW_PASSPHRASE or a prompt), no rejected rows, no audit history',
    )
    .action(async (file: string, out: string, _options: unknown, command: Command) => {
      const passphrase = await readPassphrase();
      const next = await readNewPassphrase('VSO_NEW_PASSPHRASE', 'Passphrase of the copy (12 characters or more): ');
      const work = longWork(command);
      const done = await withWorkspace(file, (ws) => ws.exportForHandOverAsync(out, next, work), { passphrase });
      printResult(
        globals(command),
        done,
        () =>
          `Wrote ${done.path} for hand-over: ${done.rejectedRowsRemoved} rejected row(s) and ${done.auditEntriesRemoved} audit entries left out.`,
      );
    });

  workspace
    .command('check')
    .argument('<file>', 'the workspace file')
    .description('integrity check under the key, audit chain and codebook consistency')
    .action(async (file: string, _options: unknown, command: Command) => {
      const work = longWork(command);
      const report = await withWorkspace(file, (ws) => ws.checkIntegrity(work));
      printResult(globals(command), report, () =>
        [...report.summary, report.ok ? 'Everything checked is in order.' : 'Problems were found.'].join('\n'),
      );
      if (!report.ok) process.exitCode = EXIT_FAILURE;
    });

  registerPolicyCommand(workspace);
  registerRetentionCommands(workspace);
  registerContactCommand(workspace);
}

const today = (): string => new Date().toISOString().slice(0, 10);

function parseYears(text: string): number {
  const years = Number(text);
  if (!Number.isInteger(years) || years < 1 || years > 100) {
    throw new AppError('BAD_REQUEST', `“${text}” is not a retention period: give whole years, 1 to 100.`);
  }
  return years;
}

/** `vso workspace retention` (show or set the period) and `vso workspace purge`. */
function registerRetentionCommands(workspace: Command): void {
  workspace
    .command('retention')
    .argument('<file>', 'the workspace file')
    .option('--years <n>', 'keep data for this many years after its date', parseYears)
    .option('--off', 'keep data for ever')
    .description('show or set the retention period, and what is past it now')
    .action(async (file: string, options: { years?: number; off?: boolean }, command: Command) => {
      if (options.off && options.years !== undefined) {
        throw new AppError('BAD_REQUEST', 'Give --years or --off, not both.');
      }
      const state = await withWorkspace(file, (ws) => {
        if (options.off) ws.updateSettings({ retentionYears: null });
        else if (options.years !== undefined) ws.updateSettings({ retentionYears: options.years });
        return retentionState(ws);
      });
      printResult(globals(command), state, () =>
        state.due === null
          ? 'Retention is off: data is kept for ever.'
          : `Retention: ${state.years} years after each date. ${dueText(state.due)}`,
      );
    });

  workspace
    .command('purge')
    .argument('<file>', 'the workspace file')
    .option('-y, --yes', 'do not ask for confirmation')
    .description('remove everything dated before the retention cut-off, in one transaction, then rebuild the file')
    .action(async (file: string, options: { yes?: boolean }, command: Command) => {
      const result = await withWorkspace(file, async (ws) => {
        const years = ws.settings().retentionYears;
        if (years === null) {
          throw new AppError(
            'BAD_REQUEST',
            'Retention is off for this workspace: set a period first (vso workspace retention <file> --years N).',
          );
        }
        const preview = ws.retentionPreview(years, today());
        const question = `${dueText(preview)} Purge them?`;
        if (!options.yes) {
          if (!process.stdin.isTTY) throw new AppError('BAD_REQUEST', `${question} Add --yes to confirm.`);
          if (!(await confirm(question))) return null;
        }
        return ws.purgeRetention(years, today(), longWork(command));
      });
      if (result === null) {
        printResult(globals(command), { purged: false }, () => 'Nothing was purged.');
        return;
      }
      printResult(globals(command), { purged: true, ...result }, () => purgeReportLines(result).join('\n'));
    });
}

export function registerBatchCommands(program: Command): void {
  const batch = program.command('batch').description('import batches of a workspace');

  batch
    .command('delete')
    .argument('<file>', 'the workspace file')
    .argument('<batch-id>', 'the batch number, as listed in the import history')
    .option('-y, --yes', 'do not ask for confirmation')
    .description('remove every record and rejected row of one import batch, in one transaction')
    .action(async (file: string, batchIdText: string, options: { yes?: boolean }, command: Command) => {
      const batchId = Number(batchIdText);
      if (!Number.isInteger(batchId) || batchId < 1) {
        throw new AppError('BAD_REQUEST', `“${batchIdText}” is not a batch number.`);
      }
      const result = await withWorkspace(file, async (ws) => {
        const summary = ws.batchSummary(batchId);
        const question = `Delete batch ${batchId} (${summary.batch.cohort}, ${summary.batch.fileName}): ${summary.records} record(s) and ${summary.rejectedRows} rejected row(s)?`;
        if (!options.yes) {
          if (!process.stdin.isTTY) {
            throw new AppError('BAD_REQUEST', `${question} Add --yes to confirm.`);
          }
          if (!(await confirm(question))) return null;
        }
        return ws.deleteBatch(batchId);
      });
      if (result === null) {
        printResult(globals(command), { deleted: false }, () => 'Nothing was deleted.');
        return;
      }
      printResult(
        globals(command),
        { deleted: true, ...result },
        () =>
          `Deleted batch ${result.batchId} (${result.cohort}): ${result.records} record(s), ${result.rejectedRows} rejected row(s), ${result.labels} label(s) no other record used.`,
      );
    });
}
