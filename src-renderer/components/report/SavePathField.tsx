// Where an export goes: a path field, with a "Choose…" button that opens the native save
// dialog in the desktop app. Browser mode has no native dialogs (dialog.saveFile answers
// `unsupported`), so there the field is typed and says so.
import { useEffect, useState } from 'react';
import type { FileFilter } from '../../../shared/contract/dialog.ts';
import { dialogCalls } from '../../data/dialogs.ts';

let nativeDialogs: Promise<boolean> | null = null;

/** True in the desktop app, where dialog.saveFile shows a real dialog. */
export function useNativeDialogs(): boolean {
  const [native, setNative] = useState(false);
  useEffect(() => {
    let active = true;
    nativeDialogs ??= dialogCalls.info({}).then(
      (info) => info.mode === 'electron',
      () => false,
    );
    void nativeDialogs.then((value) => active && setNative(value));
    return () => {
      active = false;
    };
  }, []);
  return native;
}

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

export function SavePathField({
  id,
  label,
  value,
  onChange,
  suggestedName,
  filters,
  placeholder,
}: {
  id: string;
  label: string;
  value: string;
  onChange(path: string): void;
  suggestedName: string;
  filters: FileFilter[];
  placeholder: string;
}) {
  const native = useNativeDialogs();
  const [error, setError] = useState<string | null>(null);
  const choose = async (): Promise<void> => {
    setError(null);
    try {
      const chosen = await dialogCalls.saveFile({
        purpose: 'export',
        defaultName: suggestedName,
        filters,
      });
      if (chosen.path) onChange(chosen.path);
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
          onChange={(e) => onChange(e.target.value)}
          placeholder={placeholder}
          spellCheck={false}
        />
        {native ? (
          <button type="button" className="btn" onClick={() => void choose()}>
            Choose…
          </button>
        ) : null}
      </div>
      <span className={error ? 'hint hint-error' : 'hint'}>
        {error ??
          (native
            ? 'Type a full path or choose one.'
            : 'Browser mode has no file dialog: type the full path of the file to write.')}
      </span>
    </div>
  );
}
