// "Choose…": the native open or save dialog in the desktop app, the in-app file chooser in
// browser mode (and for folders).
import type { DialogPurpose, FileFilter } from '../../shared/contract/dialog.ts';
import { useReportError } from '../data/errorReporter.tsx';
import { usePathChooser } from './files/usePathChooser.tsx';

export function ChooseFileButton({
  purpose,
  save,
  folder,
  defaultName,
  current,
  filters,
  onChosen,
  label,
}: {
  purpose: DialogPurpose;
  save?: boolean;
  /** Choose a folder rather than a file. */
  folder?: boolean;
  defaultName?: string;
  /** The path in the field beside the button: the chooser starts in its folder. */
  current?: string;
  filters?: FileFilter[];
  onChosen(path: string): void;
  label: string;
}) {
  const report = useReportError();
  const chooser = usePathChooser();
  const choose = async (): Promise<void> => {
    const path = await chooser.choose({
      mode: folder ? 'folder' : save ? 'save' : 'open',
      purpose,
      ...(filters ? { filters } : {}),
      ...(current ? { current } : {}),
      ...(defaultName ? { suggestedName: defaultName } : {}),
    });
    if (path) onChosen(path);
  };
  return (
    <>
      <button
        type="button"
        className="btn"
        aria-label={label}
        onClick={() => void choose().catch((e: unknown) => report(e, 'Opening the file dialog'))}
      >
        Choose…
      </button>
      {chooser.dialog}
    </>
  );
}
