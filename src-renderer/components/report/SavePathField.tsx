// Where an export goes: a path field that starts filled in (a name from the title and today's
// date, in the folder last used or the home folder), so Export works at once, with a
// "Choose…" button: the native save dialog in the desktop app, the in-app chooser in browser mode.
// A suggestion that comes after the analyst has put the cursor in the field only shows as its
// placeholder: filled in then, it would have the analyst's typing appended to it.
import { useEffect, useRef, useState } from 'react';
import type { DialogPurpose, FileFilter } from '../../../shared/contract/dialog.ts';
import { fileCalls } from '../../data/dialogs.ts';
import { joinPath, lastFolder, folderOf, rememberFolder, type Separator } from '../files/chooserPaths.ts';
import { usePathChooser } from '../files/usePathChooser.tsx';

/** The same path with its extension replaced (or added), for when the format changes. */
export function withExtension(path: string, extension: string): string {
  if (path.trim() === '') return path;
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  const dot = path.lastIndexOf('.');
  return dot > slash + 1 ? `${path.slice(0, dot)}.${extension}` : `${path}.${extension}`;
}

/** A bare file name from a title: letters, digits and dashes. */
export function fileStem(text: string): string {
  return (
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'export'
  );
}

/** The name an export suggests: its title and the local date, e.g. "victims-by-district-2026-12-05.png". */
export function suggestedFileName(title: string, extension: string, today: Date = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  const date = `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}`;
  return `${fileStem(title)}-${date}.${extension}`;
}

export function SavePathField({
  id,
  label,
  value,
  onChange,
  suggestedName,
  filters,
  placeholder,
  purpose = 'export',
}: {
  id: string;
  label: string;
  value: string;
  onChange(path: string): void;
  suggestedName: string;
  filters: FileFilter[];
  placeholder: string;
  purpose?: DialogPurpose;
}) {
  const chooser = usePathChooser();
  const [error, setError] = useState<string | null>(null);
  /** Where the suggestion goes, once main has said where home is. */
  const [folder, setFolder] = useState<{ path: string; separator: Separator } | null>(null);
  // Filled in once, while empty, unless the user has focused, typed or chosen meanwhile: a field
  // the user cleared stays empty.
  const filled = useRef(value !== '');
  const touched = useRef(false);
  useEffect(() => {
    if (filled.current) return;
    filled.current = true;
    let live = true;
    fileCalls.places({}).then(
      ({ home, separator }) => {
        if (!live) return;
        const chosen = { path: lastFolder(purpose) ?? home, separator };
        setFolder(chosen);
        if (!touched.current) onChange(joinPath(chosen.path, suggestedName, chosen.separator));
      },
      // No suggestion then: the field stays as it is, and says why.
      (e: unknown) => {
        if (live) setError(e instanceof Error ? e.message : String(e));
      },
    );
    return () => {
      live = false;
    };
    // Once, with the suggestion of the moment the form opened.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const choose = async (): Promise<void> => {
    setError(null);
    try {
      const chosen = await chooser.choose({ mode: 'save', purpose, filters, current: value, suggestedName });
      if (chosen) {
        touched.current = true;
        rememberFolder(purpose, folderOf(chosen));
        onChange(chosen);
      }
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="row nowrap">
        <input
          id={id}
          className="grow-input"
          value={value}
          onFocus={() => {
            touched.current = true;
          }}
          onChange={(e) => {
            touched.current = true;
            onChange(e.target.value);
          }}
          placeholder={folder ? joinPath(folder.path, suggestedName, folder.separator) : placeholder}
          spellCheck={false}
          aria-describedby={`${id}-hint`}
        />
        <button type="button" className="btn" aria-label="Choose the file to write" onClick={() => void choose()}>
          Choose…
        </button>
      </div>
      <span id={`${id}-hint`} className={error ? 'hint hint-error' : 'hint'}>
        {error ?? 'The full path of the file to write: keep it, edit it, or choose another.'}
      </span>
      {chooser.dialog}
    </div>
  );
}
