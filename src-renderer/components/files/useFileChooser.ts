// The file chooser's state: the folder shown and its listing (loaded over dialog.browse),
// the active entry, the file type, the name when saving, and what choosing does.
import { useEffect, useId, useRef, useState } from 'react';
import type { BrowseResult, DialogPurpose, FileEntry, FileFilter } from '../../../shared/contract/dialog.ts';
import { errorMessage } from '../../state/useApiCall.ts';
import { fileCalls } from '../../data/dialogs.ts';
import { joinPath, nameProblem, rememberFolder, withAllowedExtension } from './chooserPaths.ts';

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

/** Lists a folder (or the home folder); a start folder that is gone or refused falls back to home, saying why. */
function useListing(folder: string | null, filterKey: string, showHidden: boolean) {
  const [listing, setListing] = useState<BrowseResult | null>(null);
  const [active, setActive] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [loadedKey, setLoadedKey] = useState<string | null>(null);
  const key = JSON.stringify([folder, filterKey, showHidden]);

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
      (e: unknown) => {
        if (!folder) return show(null, errorMessage(e));
        // Back to the home folder, saying why; if that fails too, both reasons are shown.
        return list(null).then(
          (home) => show(home, errorMessage(e)),
          (homeError: unknown) =>
            show(null, `${errorMessage(e)} The home folder could not be listed either: ${errorMessage(homeError)}`),
        );
      },
    );
    return () => {
      live = false;
    };
  }, [folder, filterKey, showHidden, key]);

  return { listing, active, setActive, error, setError, loading: loadedKey !== key };
}

export function useFileChooser(request: ChooserRequest, onDone: (path: string | null) => void) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const ids = useId();
  const filters: FileFilter[] = request.mode === 'folder' ? [] : [...request.filters, ALL_FILES];
  const [filterIndex, setFilterIndex] = useState(0);
  const [showHidden, setShowHidden] = useState(false);
  const [folder, setFolder] = useState<string | null>(request.folder ?? null);
  const [name, setName] = useState(request.name ?? '');
  const extensions = filters[filterIndex]?.extensions ?? ['*'];
  const { listing, active, setActive, error, setError, loading } = useListing(folder, extensions.join(','), showHidden);
  const entries = listing?.entries ?? [];
  const current: FileEntry | undefined = entries[active];

  // The list takes focus: the button that asked (a breadcrumb, a place) may not be there after.
  const open = (path: string | null): void => {
    setFolder(path);
    listRef.current?.focus();
  };

  const finish = (path: string | null): void => {
    if (path !== null && listing) rememberFolder(request.purpose, listing.path);
    dialogRef.current?.close();
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

  return {
    request,
    dialogRef,
    listRef,
    nameRef,
    ids,
    filters,
    filterIndex,
    setFilterIndex,
    showHidden,
    setShowHidden,
    listing,
    entries,
    active,
    setActive,
    current,
    loading,
    name,
    setName,
    error,
    open,
    finish,
    confirm,
    activate,
  };
}

export type FileChooser = ReturnType<typeof useFileChooser>;
