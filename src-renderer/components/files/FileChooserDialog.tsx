// The in-app file chooser of browser mode, which has no native dialogs: a modal dialog over
// dialog.browse (folders under the home folder and mounted drives only). Places and a
// breadcrumb trail above, the folder's entries as a listbox (arrow keys, Home/End, first
// letter, Enter opens a folder or chooses a file, Backspace goes up), the file types asked
// for, and a name field when saving. The modal keeps focus inside; closing gives it back.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { BrowseResult, DialogPurpose, FileEntry, FileFilter } from '../../../shared/contract/dialog.ts';
import { errorMessage } from '../../state/useApiCall.ts';
import { fileCalls } from '../../data/dialogs.ts';
import { joinPath, nameProblem, rememberFolder, withAllowedExtension } from './chooserPaths.ts';
import './fileChooser.css';

export interface ChooserRequest {
  mode: 'open' | 'save' | 'folder';
  purpose: DialogPurpose;
  title: string;
  /** File types to offer; the first is shown first. Ignored when choosing a folder. */
  filters: readonly FileFilter[];
  /** Where to start; else the home folder. */
  folder?: string | null;
  /** Save only: the name offered in the name field. */
  name?: string;
}

const ALL_FILES: FileFilter = { name: 'All files', extensions: ['*'] };
const sizeFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

function sizeText(bytes: number | null): string {
  if (bytes === null) return '';
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 ** 2) return `${sizeFormat.format(bytes / 1024)} KB`;
  if (bytes < 1024 ** 3) return `${sizeFormat.format(bytes / 1024 ** 2)} MB`;
  return `${sizeFormat.format(bytes / 1024 ** 3)} GB`;
}

const ICON_PATHS: Readonly<Record<FileEntry['kind'], string>> = {
  folder: 'M3 6a1 1 0 0 1 1-1h5l2 2h9a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1z',
  file: 'M7 3h7l4 4v14H7zM14 3v4h4',
};

function EntryIcon({ kind }: { kind: FileEntry['kind'] }) {
  return (
    <svg className={`fc-kind fc-kind-${kind}`} width="18" height="18" viewBox="0 0 24 24" aria-hidden="true">
      <path d={ICON_PATHS[kind]} fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" />
    </svg>
  );
}

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
  const ref = useRef<HTMLDialogElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const ids = useId();
  const filters: FileFilter[] = request.mode === 'folder' ? [] : [...request.filters, ALL_FILES];
  const [filterIndex, setFilterIndex] = useState(0);
  const [showHidden, setShowHidden] = useState(false);
  const [folder, setFolder] = useState<string | null>(request.folder ?? null);
  const [listing, setListing] = useState<BrowseResult | null>(null);
  const [active, setActive] = useState(0);
  const [name, setName] = useState(request.name ?? '');
  const [error, setError] = useState<string | null>(null);
  const [loadedKey, setLoadedKey] = useState<string | null>(null);
  const extensions = filters[filterIndex]?.extensions ?? ['*'];
  const filterKey = extensions.join(',');
  const key = JSON.stringify([folder, filterKey, showHidden]);
  const loading = loadedKey !== key;

  useEffect(() => {
    let live = true;
    const shown = filterKey === '*' ? undefined : filterKey.split(',');
    const list = (path: string | null): Promise<BrowseResult> =>
      fileCalls.browse({
        ...(path ? { path } : {}),
        ...(shown ? { extensions: shown } : {}),
        ...(showHidden ? { showHidden } : {}),
      });
    const show = (result: BrowseResult | null, problem: string | null): void => {
      if (!live) return;
      if (result) {
        setListing(result);
        setActive(0);
      }
      setError(problem);
      setLoadedKey(key);
    };
    list(folder).then(
      (result) => show(result, null),
      async (e: unknown) => {
        // A start folder that is gone or refused: fall back to the home folder, and say why.
        const home = folder ? await list(null).catch(() => null) : null;
        show(home, errorMessage(e));
      },
    );
    return () => {
      live = false;
    };
  }, [folder, filterKey, showHidden, key]);

  // The list takes focus: the button that asked (a breadcrumb, a place) may not be there after.
  const open = (path: string | null): void => {
    setFolder(path);
    listRef.current?.focus();
  };

  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    (request.mode === 'save' ? nameRef.current : listRef.current)?.focus();
    return () => opener?.focus();
  }, [request.mode]);

  const entries = listing?.entries ?? [];
  const current: FileEntry | undefined = entries[active];

  const finish = (path: string | null): void => {
    if (path !== null && listing) rememberFolder(request.purpose, listing.path);
    ref.current?.close();
    onDone(path);
  };

  const confirm = (): void => {
    if (!listing) return;
    if (request.mode === 'folder') {
      finish(current?.kind === 'folder' ? joinPath(listing.path, current.name, listing.separator) : listing.path);
      return;
    }
    if (request.mode === 'open') {
      if (current?.kind === 'folder') open(joinPath(listing.path, current.name, listing.separator));
      else if (current) finish(joinPath(listing.path, current.name, listing.separator));
      return;
    }
    const problem = nameProblem(name);
    if (problem) {
      setError(problem);
      nameRef.current?.focus();
      return;
    }
    finish(joinPath(listing.path, withAllowedExtension(name.trim(), extensions), listing.separator));
  };

  const activate = (entry: FileEntry | undefined): void => {
    if (!listing || !entry) return;
    const path = joinPath(listing.path, entry.name, listing.separator);
    if (entry.kind === 'folder') open(path);
    else if (request.mode === 'open') finish(path);
    else if (request.mode === 'save') {
      setName(entry.name);
      nameRef.current?.focus();
    }
  };

  const onListKey = (event: KeyboardEvent<HTMLDivElement>): void => {
    const last = entries.length - 1;
    const move = (to: number): void => {
      event.preventDefault();
      setActive(Math.max(0, Math.min(last, to)));
    };
    if (event.key === 'ArrowDown') move(active + 1);
    else if (event.key === 'ArrowUp' && event.altKey) {
      event.preventDefault();
      if (listing?.parent) open(listing.parent);
    } else if (event.key === 'ArrowUp') move(active - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(last);
    else if (event.key === 'PageDown') move(active + 10);
    else if (event.key === 'PageUp') move(active - 10);
    else if (event.key === 'Enter') {
      event.preventDefault();
      activate(current);
    } else if (event.key === 'Backspace') {
      event.preventDefault();
      if (listing?.parent) open(listing.parent);
    } else if (event.key.length === 1 && /\S/.test(event.key) && !event.ctrlKey && !event.metaKey) {
      const letter = event.key.toLowerCase();
      const after = entries.findIndex((e, i) => i > active && e.name.toLowerCase().startsWith(letter));
      const found = after >= 0 ? after : entries.findIndex((e) => e.name.toLowerCase().startsWith(letter));
      if (found >= 0) move(found);
    }
  };

  useEffect(() => {
    listRef.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [active, listing]);

  const optionId = (i: number): string => `${ids}-entry-${i}`;
  const confirmLabel =
    request.mode === 'save'
      ? 'Save'
      : request.mode === 'folder'
        ? current?.kind === 'folder'
          ? `Choose “${current.name}”`
          : 'Choose this folder'
        : current?.kind === 'folder'
          ? 'Open folder'
          : 'Open';

  return (
    <dialog
      ref={ref}
      className="file-chooser"
      aria-labelledby={`${ids}-title`}
      onCancel={(e) => {
        e.preventDefault();
        finish(null);
      }}
      onKeyDown={keepFocusInside}
    >
      <h2 id={`${ids}-title`}>{request.title}</h2>
      <div className="fc-places">
        <nav aria-label="Places">
          {(listing?.places ?? []).map((place) => (
            <button key={place.path} type="button" className="btn btn-small" onClick={() => open(place.path)}>
              {place.label}
            </button>
          ))}
        </nav>
        <button
          type="button"
          className="btn btn-small"
          disabled={!listing?.parent}
          onClick={() => listing?.parent && open(listing.parent)}
        >
          Up one folder
        </button>
      </div>
      <nav aria-label="Folder path" className="fc-crumbs">
        <ol>
          {(listing?.crumbs ?? []).map((crumb, i, all) => (
            <li key={crumb.path}>
              <button
                type="button"
                className="link-button"
                aria-current={i === all.length - 1 ? 'location' : undefined}
                onClick={() => open(crumb.path)}
              >
                {crumb.label}
              </button>
            </li>
          ))}
        </ol>
      </nav>
      <div
        ref={listRef}
        className="fc-list"
        role="listbox"
        tabIndex={0}
        aria-label={listing ? `Contents of ${listing.path}` : 'Contents'}
        aria-activedescendant={current ? optionId(active) : undefined}
        aria-busy={loading}
        onKeyDown={onListKey}
      >
        {entries.map((entry, i) => (
          <div
            key={entry.name}
            id={optionId(i)}
            data-index={i}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'fc-entry fc-active' : 'fc-entry'}
            onClick={() => setActive(i)}
            onDoubleClick={() => activate(entry)}
          >
            <EntryIcon kind={entry.kind} />
            <span className="fc-name">
              {entry.name}
              {entry.kind === 'folder' ? <span className="sr-only"> (folder)</span> : null}
            </span>
            <span className="fc-size">{sizeText(entry.size)}</span>
            <span className="fc-modified">{entry.modified ? dateFormat.format(new Date(entry.modified)) : ''}</span>
          </div>
        ))}
        {listing && entries.length === 0 ? (
          <p className="muted small fc-empty">Nothing to show in this folder.</p>
        ) : null}
      </div>
      {listing?.truncated ? (
        <p className="muted small">Only the first {entries.length} entries are listed: type the name instead.</p>
      ) : null}
      <div className="fc-options">
        {filters.length > 0 ? (
          <label className="inline-field">
            File type
            <select value={filterIndex} onChange={(e) => setFilterIndex(Number(e.target.value))}>
              {filters.map((filter, i) => (
                <option key={filter.name} value={i}>
                  {filter.extensions[0] === '*'
                    ? filter.name
                    : `${filter.name} (${filter.extensions.map((x) => `.${x}`).join(', ')})`}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label className="check">
          <input type="checkbox" checked={showHidden} onChange={(e) => setShowHidden(e.target.checked)} />
          Show hidden files
        </label>
      </div>
      {request.mode === 'save' ? (
        <div className="field">
          <label htmlFor={`${ids}-name`}>File name</label>
          <input
            id={`${ids}-name`}
            ref={nameRef}
            value={name}
            spellCheck={false}
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                confirm();
              }
            }}
          />
        </div>
      ) : null}
      {error ? (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="row fc-actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={!listing || (request.mode === 'open' && current === undefined)}
          onClick={confirm}
        >
          {confirmLabel}
        </button>
        <button type="button" className="btn" onClick={() => finish(null)}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
