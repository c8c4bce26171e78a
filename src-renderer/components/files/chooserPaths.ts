// Paths as the file chooser builds them, for either separator (main says which), and the folder
// last used for each purpose in this window, where the next chooser and suggestion start.
import type { DialogPurpose } from '../../../shared/contract/dialog.ts';

export type Separator = '/' | '\\';

/** A folder and a bare name joined, without doubling the separator at a drive or filesystem root. */
export function joinPath(folder: string, name: string, separator: Separator): string {
  return folder.endsWith('/') || folder.endsWith('\\') ? `${folder}${name}` : `${folder}${separator}${name}`;
}

/** The folder part of a full path, or null when it has none. */
export function folderOf(path: string): string | null {
  const at = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  if (at < 0) return null;
  // Keep the separator of a root ("/", "C:\").
  return at === 0 || (at === 2 && path[1] === ':') ? path.slice(0, at + 1) : path.slice(0, at);
}

/** The name part of a path. */
export function nameOf(path: string): string {
  const at = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return path.slice(at + 1);
}

/** The name with an extension of the filter's when it has none of them (a save dialog's habit). */
export function withAllowedExtension(name: string, extensions: readonly string[]): string {
  const first = extensions[0];
  if (first === undefined || first === '*') return name;
  const lower = name.toLowerCase();
  return extensions.some((e) => lower.endsWith(`.${e.toLowerCase()}`)) ? name : `${name}.${first}`;
}

/** A name the chooser may save under: no folder, no control or reserved characters, not only dots. */
export function nameProblem(name: string): string | null {
  if (name.trim() === '') return 'Type a file name.';
  if ([...name].some((c) => c.charCodeAt(0) < 0x20 || '\\/:*?"<>|'.includes(c)))
    return 'A file name cannot contain \\ / : * ? " < > | (choose the folder above instead).';
  if (/^\.+$/.test(name.trim())) return 'A file name needs more than dots.';
  return null;
}

const lastFolders = new Map<DialogPurpose, string>();

export function lastFolder(purpose: DialogPurpose): string | null {
  return lastFolders.get(purpose) ?? null;
}

export function rememberFolder(purpose: DialogPurpose, folder: string | null): void {
  if (folder !== null && folder !== '') lastFolders.set(purpose, folder);
}
