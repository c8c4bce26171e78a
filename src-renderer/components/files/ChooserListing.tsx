// The folder's entries as a listbox: arrow keys, Home/End, Page Up/Down, first letter,
// Enter opens a folder or chooses a file, Backspace or Alt+Up goes up.
import { useEffect, type KeyboardEvent } from 'react';
import type { FileEntry } from '../../../shared/contract/dialog.ts';
import type { FileChooser } from './useFileChooser.ts';

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

/** The next entry after the active one whose name starts with the letter, wrapping round; -1 if none. */
function byFirstLetter(entries: readonly FileEntry[], active: number, letter: string): number {
  const after = entries.findIndex((e, i) => i > active && e.name.toLowerCase().startsWith(letter));
  return after >= 0 ? after : entries.findIndex((e) => e.name.toLowerCase().startsWith(letter));
}

function listKeyHandler(chooser: FileChooser) {
  const { entries, active, setActive, listing, open, activate, current } = chooser;
  return (event: KeyboardEvent<HTMLDivElement>): void => {
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
      const found = byFirstLetter(entries, active, event.key.toLowerCase());
      if (found >= 0) move(found);
    }
  };
}

export function ChooserListing({ chooser }: { chooser: FileChooser }) {
  const { listRef, ids, listing, entries, active, setActive, current, loading, activate } = chooser;
  const optionId = (i: number): string => `${ids}-entry-${i}`;

  useEffect(() => {
    listRef.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [listRef, active, listing]);

  return (
    <>
      <div
        ref={listRef}
        className="fc-list"
        role="listbox"
        tabIndex={0}
        aria-label={listing ? `Contents of ${listing.path}` : 'Contents'}
        aria-activedescendant={current ? optionId(active) : undefined}
        aria-busy={loading}
        onKeyDown={listKeyHandler(chooser)}
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
    </>
  );
}
