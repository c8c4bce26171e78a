// The in-app file chooser of browser mode, which has no native dialogs: a modal dialog over
// dialog.browse (folders under the home folder and mounted drives only). Places and a
// breadcrumb trail above, the folder's entries as a listbox, the file types asked for, and
// a name field when saving. The modal keeps focus inside; closing gives it back.
import { useEffect, type KeyboardEvent } from 'react';
import { ChooserFooter } from './ChooserFooter.tsx';
import { ChooserListing } from './ChooserListing.tsx';
import { ChooserPlaces } from './ChooserPlaces.tsx';
import { useFileChooser, type ChooserRequest } from './useFileChooser.ts';
import './fileChooser.css';

export type { ChooserRequest } from './useFileChooser.ts';

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), select:not([disabled]), [tabindex="0"]';

/** Tab from the last control comes back to the first, and Shift+Tab the other way: focus stays in the dialog. */
function keepFocusInside(event: KeyboardEvent<HTMLDialogElement>): void {
  if (event.key !== 'Tab') return;
  const controls = [...event.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)];
  const first = controls[0];
  const last = controls[controls.length - 1];
  if (!first || !last) return;
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}

export function FileChooserDialog({ request, onDone }: { request: ChooserRequest; onDone(path: string | null): void }) {
  const chooser = useFileChooser(request, onDone);
  const { dialogRef, listRef, nameRef, ids, finish } = chooser;

  useEffect(() => {
    const dialog = dialogRef.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    (request.mode === 'save' ? nameRef.current : listRef.current)?.focus();
    return () => opener?.focus();
  }, [dialogRef, listRef, nameRef, request.mode]);

  return (
    <dialog
      ref={dialogRef}
      className="file-chooser"
      aria-labelledby={`${ids}-title`}
      onCancel={(e) => {
        e.preventDefault();
        finish(null);
      }}
      onKeyDown={keepFocusInside}
    >
      <h2 id={`${ids}-title`}>{request.title}</h2>
      <ChooserPlaces chooser={chooser} />
      <ChooserListing chooser={chooser} />
      <ChooserFooter chooser={chooser} />
    </dialog>
  );
}
