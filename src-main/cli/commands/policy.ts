// `vso workspace policy FILE [--threshold N] [--zeros|--no-zeros] [--round N|--no-round]`:
// shows the disclosure policy, or changes it. A change is checked against the passphrase
// (VSO_PASSPHRASE or a prompt, as every command takes it) and audited.
import type { Command } from 'commander';
import { DisclosurePolicySchema, describePolicy, type DisclosurePolicy } from '../../../shared/disclosurePolicy.ts';
import { AppError } from '../../../shared/errors.ts';
import { openWorkspace } from '../../app/lifecycle/workspaceFiles.ts';
import { printResult, readPassphrase, type GlobalOptions } from '../io.ts';

interface PolicyOptions {
  threshold?: string;
  zeros?: boolean;
  round?: string | boolean;
}

function wholeNumber(text: string, option: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value))
    throw new AppError('BAD_REQUEST', `${option} takes a whole number; “${text}” is not one.`);
  return value;
}

/** The policy after the options given, validated; null when no option asks for a change. */
export function policyFromOptions(current: DisclosurePolicy, options: PolicyOptions): DisclosurePolicy | null {
  if (options.threshold === undefined && options.zeros === undefined && options.round === undefined) return null;
  const next: DisclosurePolicy = { ...current };
  if (options.threshold !== undefined) next.threshold = wholeNumber(options.threshold, '--threshold');
  if (options.zeros !== undefined) next.suppressZeros = options.zeros;
  if (options.round === false) next.round = null;
  else if (typeof options.round === 'string') next.round = wholeNumber(options.round, '--round');
  const parsed = DisclosurePolicySchema.safeParse(next);
  if (!parsed.success)
    throw new AppError(
      'BAD_REQUEST',
      `That policy is not allowed: the threshold is 1 to 100 and the rounding base 2 to 100. Nothing was changed.`,
    );
  return parsed.data;
}

export function registerPolicyCommand(workspace: Command): void {
  workspace
    .command('policy')
    .argument('<file>', 'the workspace file')
    .option('--threshold <n>', 'suppress counts below N in every export (default policy: 5)')
    .option('--zeros', 'suppress zero counts in every export')
    .option('--no-zeros', 'allow zero counts to be published')
    .option('--round <base>', 'round every exported count to this base or a coarser one')
    .option('--no-round', 'make rounding optional')
    .description('show the disclosure policy exports must meet, or change it (asks for the passphrase; audited)')
    .action(async (file: string, options: PolicyOptions, command: Command) => {
      const passphrase = await readPassphrase();
      const ws = await openWorkspace(file, passphrase);
      try {
        const asked = policyFromOptions(ws.disclosurePolicy(), options);
        const policy = asked === null ? ws.disclosurePolicy() : await ws.setDisclosurePolicy(passphrase, asked);
        const description = describePolicy(policy);
        printResult(
          command.optsWithGlobals<GlobalOptions>(),
          { policy, description, changed: asked !== null },
          () => `${asked === null ? 'Disclosure policy' : 'Disclosure policy changed'}: ${description}.`,
        );
      } finally {
        ws.close();
      }
    });
}
