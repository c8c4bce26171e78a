// One way to ask the user for a path, whichever mode the window runs in: the desktop app shows
// the native open and save dialogs; browser mode (no native dialogs) and folder choices show
// the in-app chooser. It starts in the folder of the path already typed, else the folder last
// used for the purpose, else the home folder.
import { useCallback, useState, type ReactNode } from 'react';
import { DIALOG_DEFAULTS, type DialogPurpose, type FileFilter } from '../../../shared/contract/dialog.ts';
import { dialogCalls } from '../../data/dialogs.ts';
import { useAppMode } from '../../state/useAppMode.ts';
import { folderOf, lastFolder, nameOf, rememberFolder } from './chooserPaths.ts';
import { FileChooserDialog, type ChooserRequest } from './FileChooserDialog.tsx';

export interface PathQuestion {
  mode: 'open' | 'save' | 'folder';
  purpose: DialogPurpose;
  /** File types; the purpose's own when absent. */
  filters?: FileFilter[];
  /** The path in the field now, if any: the chooser starts in its folder. */
  current?: string;
  /** Save only: the name to offer when the field holds none. */
  suggestedName?: string;
  /** The dialog's title; the purpose's own when absent. */
  title?: string;
}

export function usePathChooser(): { choose(question: PathQuestion): Promise<string | null>; dialog: ReactNode } {
  const mode = useAppMode();
  const [pending, setPending] = useState<{ request: ChooserRequest; resolve(path: string | null): void } | null>(null);

  const choose = useCallback(
    async (question: PathQuestion): Promise<string | null> => {
      const defaults = DIALOG_DEFAULTS[question.purpose];
      const filters = question.filters ?? defaults.filters;
      const current = question.current?.trim() ?? '';
      if (mode === 'electron' && question.mode !== 'folder') {
        const name = nameOf(current) || question.suggestedName;
        const result =
          question.mode === 'save'
            ? await dialogCalls.saveFile({ purpose: question.purpose, filters, ...(name ? { defaultName: name } : {}) })
            : await dialogCalls.openFile({ purpose: question.purpose, filters });
        rememberFolder(question.purpose, result.path ? folderOf(result.path) : null);
        return result.path;
      }
      const request: ChooserRequest = {
        mode: question.mode,
        purpose: question.purpose,
        title:
          question.title ??
          (question.mode === 'folder' ? 'Choose a folder' : question.mode === 'save' ? defaults.save : defaults.open),
        filters,
        folder: (current ? folderOf(current) : null) ?? lastFolder(question.purpose),
        ...(question.mode === 'save' ? { name: nameOf(current) || question.suggestedName || '' } : {}),
      };
      return new Promise((resolve) => setPending({ request, resolve }));
    },
    [mode],
  );

  const dialog = pending ? (
    <FileChooserDialog
      request={pending.request}
      onDone={(path) => {
        setPending(null);
        pending.resolve(path);
      }}
    />
  ) : null;
  return { choose, dialog };
}
