// "Choose…": the native open or save dialog, shown only in the desktop app.
import type { DialogPurpose } from '../../shared/contract/dialog.ts';
import { useAppMode } from '../state/useAppMode.ts';
import { useReportError } from '../data/errorReporter.tsx';
import { dialogCalls } from '../data/dialogs.ts';

export function ChooseFileButton({
  purpose,
  save,
  defaultName,
  onChosen,
  label,
}: {
  purpose: DialogPurpose;
  save?: boolean;
  defaultName?: string;
  onChosen(path: string): void;
  label: string;
}) {
  const mode = useAppMode();
  const report = useReportError();
  if (mode !== 'electron') return null;
  const choose = async (): Promise<void> => {
    const result = save
      ? await dialogCalls.saveFile({ purpose, ...(defaultName ? { defaultName } : {}) })
      : await dialogCalls.openFile({ purpose });
    if (result.path) onChosen(result.path);
  };
  return (
    <button
      type="button"
      className="btn"
      aria-label={label}
      onClick={() => void choose().catch((e: unknown) => report(e, 'Opening the file dialog'))}
    >
      Choose…
    </button>
  );
}
