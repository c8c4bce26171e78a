// dialog.*: native open and save dialogs. The handlers decide the title and the default
// file types for each purpose; the Electron shell supplies the `DialogProvider` that shows
// the real dialog. Without a provider (browser mode) they answer `unsupported`, and the
// renderer shows its own file chooser over dialog.places and dialog.browse, which list only
// the user's home folder and mounted drives (fileBrowser.ts).
import { DIALOG_DEFAULTS, type DialogPurpose, type FileFilter } from '../../../shared/contract/dialog.ts';
import type { Handler } from '../dispatcher.ts';
import type { MainServices } from '../mainServices.ts';
import type { DialogRequest } from '../platformServices.ts';
import { createFileBrowser } from '../fileBrowser.ts';

/** The dialog to show for a purpose: the caller's filters when given, else the purpose's own. */
export function dialogRequest(
  kind: 'open' | 'save',
  purpose: DialogPurpose,
  filters?: FileFilter[],
  defaultName?: string,
): DialogRequest {
  const defaults = DIALOG_DEFAULTS[purpose];
  return {
    purpose,
    title: kind === 'open' ? defaults.open : defaults.save,
    filters: filters !== undefined && filters.length > 0 ? filters : defaults.filters,
    ...(defaultName === undefined ? {} : { defaultName }),
  };
}

export function dialogHandlers(services: MainServices): {
  'dialog.openFile': Handler<'dialog.openFile'>;
  'dialog.saveFile': Handler<'dialog.saveFile'>;
  'dialog.places': Handler<'dialog.places'>;
  'dialog.browse': Handler<'dialog.browse'>;
} {
  const files = createFileBrowser(services.fileRoots);
  return {
    'dialog.places': async () => files.places(),
    'dialog.browse': async (args) => files.browse(args),
    'dialog.openFile': async (args) => {
      if (services.dialogs === undefined) return { path: null, unsupported: true };
      return { path: await services.dialogs.showOpen(dialogRequest('open', args.purpose, args.filters)) };
    },
    'dialog.saveFile': async (args) => {
      if (services.dialogs === undefined) return { path: null, unsupported: true };
      return {
        path: await services.dialogs.showSave(dialogRequest('save', args.purpose, args.filters, args.defaultName)),
      };
    },
  };
}
