// `vso workspace contact FILE [--set TEXT | --clear]`: shows the contact printed on the cover of
// published spreadsheets, or sets or clears it (kept in the workspace's settings; audited).
import type { Command } from 'commander';
import { ContactTextSchema } from '../../../shared/contract/settings.ts';
import { AppError } from '../../../shared/errors.ts';
import { printResult, type GlobalOptions } from '../io.ts';
import { withWorkspace } from '../workspaceAccess.ts';

interface ContactOptions {
  set?: string;
  clear?: boolean;
}

/** The contact the options ask for: undefined when they ask for no change, null to clear. */
export function contactFromOptions(options: ContactOptions): string | null | undefined {
  if (options.set !== undefined && options.clear) throw new AppError('BAD_REQUEST', 'Give --set or --clear, not both.');
  if (options.clear) return null;
  if (options.set === undefined) return undefined;
  const parsed = ContactTextSchema.safeParse(options.set);
  if (!parsed.success)
    throw new AppError('BAD_REQUEST', 'The contact is one line of at most 300 characters. Nothing was changed.');
  return parsed.data;
}

export function registerContactCommand(workspace: Command): void {
  workspace
    .command('contact')
    .argument('<file>', 'the workspace file')
    .option('--set <text>', 'the team and email address that answer questions about published statistics')
    .option('--clear', 'remove the contact (covers then say it is not set)')
    .description('show or set the contact printed on the cover of published spreadsheets')
    .action(async (file: string, options: ContactOptions, command: Command) => {
      const asked = contactFromOptions(options);
      const contact = await withWorkspace(file, (ws) =>
        asked === undefined ? ws.settings().contact : ws.updateSettings({ contact: asked }).contact,
      );
      printResult(command.optsWithGlobals<GlobalOptions>(), { contact, changed: asked !== undefined }, () =>
        contact === null ? 'Contact: not set.' : `Contact: ${contact}`,
      );
    });
}
