// The in-app file chooser's view of the disk (browser mode has no native dialogs). It lists
// folders under the user's home folder and mounted drives only: a path that is not absolute,
// that steps up with "..", or that resolves (symbolic links followed) outside those places is
// refused, and entries whose links lead outside are left out. The renderer is untrusted, so
// every rule is checked here, on the real path, not on the text it sent.
import { existsSync, type Dirent, type Stats } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, extname, isAbsolute, join, parse, sep } from 'node:path';
import type { BrowseArgs, BrowseResult, FileEntry, Place, Places } from '../../shared/contract/dialog.ts';
import { AppError } from '../../shared/errors.ts';

/** The places the chooser may show; tests give their own. */
export interface FileRoots {
  home: string;
  /** Folders of mounted drives (each listed whole). */
  mounts: string[];
}

/** Listing more than this many entries would only slow the dialog down. */
export const MAX_ENTRIES = 5000;

/** The home folder and mounted drives of this machine: /media and /mnt on Linux, drive roots on Windows. */
export function defaultFileRoots(): FileRoots {
  const mounts =
    process.platform === 'win32'
      ? [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((letter) => `${letter}:\\`)
      : process.platform === 'darwin'
        ? ['/Volumes']
        : ['/media', '/mnt'];
  return { home: homedir(), mounts: mounts.filter((path) => existsSync(path)) };
}

interface Root {
  label: string;
  /** As the user knows it. */
  path: string;
  /** With symbolic links resolved, for the containment check. */
  real: string;
}

async function realRoots(roots: FileRoots): Promise<Root[]> {
  const listed: Array<{ label: string; path: string }> = [
    { label: 'Home', path: roots.home },
    ...roots.mounts.map((path) => ({ label: basename(path) || path, path })),
  ];
  const found: Root[] = [];
  for (const root of listed) {
    const real = await realpath(root.path).catch(() => null);
    if (real !== null && !found.some((f) => f.real === real)) found.push({ ...root, real });
  }
  return found;
}

function inside(real: string, root: string): boolean {
  return real === root || real.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** The deepest root holding `real` (home may sit under a mount), or null. */
function rootOf(real: string, roots: readonly Root[]): Root | null {
  let best: Root | null = null;
  for (const root of roots)
    if (inside(real, root.real) && (best === null || root.real.length > best.real.length)) best = root;
  return best;
}

function placesList(roots: readonly Root[]): Place[] {
  return roots.map((r) => ({ label: r.label, path: r.real }));
}

function outsideMessage(path: string, roots: readonly Root[]): string {
  return `The file chooser shows only your home folder and mounted drives, and ${path} is outside them. Choose a folder under ${roots.map((r) => r.path).join(', ') || 'your home folder'}.`;
}

/** Refuses what the chooser never asks for: relative paths, "..", NUL bytes, network paths. */
function checkRequestedPath(path: string): void {
  if (path.includes('\0')) throw new AppError('BAD_REQUEST', 'A folder path cannot contain a NUL character.');
  if (!isAbsolute(path) || /^[\\/]{2}/.test(path))
    throw new AppError('BAD_REQUEST', `"${path}" is not a full path: give the folder from the top, e.g. ${homedir()}.`);
  if (path.split(/[\\/]/).includes('..'))
    throw new AppError('BAD_REQUEST', `"${path}" steps up with "..": give the folder's own full path.`);
}

/** The real folder for a requested path, checked against the roots. */
async function resolveFolder(path: string, roots: readonly Root[]): Promise<string> {
  checkRequestedPath(path);
  let real: string;
  try {
    real = await realpath(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new AppError('FILE_NOT_FOUND', `The folder ${path} does not exist (any more): choose another one.`);
    throw new AppError('FORBIDDEN', `The folder ${path} cannot be opened (${code ?? 'error'}): choose another one.`);
  }
  if (rootOf(real, roots) === null) throw new AppError('FORBIDDEN', outsideMessage(path, roots));
  const info = await stat(real);
  if (!info.isDirectory()) throw new AppError('BAD_REQUEST', `${path} is a file, not a folder.`);
  return real;
}

function crumbsOf(real: string, root: Root): Place[] {
  const crumbs: Place[] = [{ label: root.label, path: root.real }];
  const rest = real.slice(root.real.length).split(/[\\/]/).filter(Boolean);
  let at = root.real;
  for (const name of rest) {
    at = join(at, name);
    crumbs.push({ label: name, path: at });
  }
  return crumbs;
}

/** One entry as listed, or null when it is left out (a link outside the roots, a device, unreadable). */
async function entryOf(folder: string, dirent: Dirent, roots: readonly Root[]): Promise<FileEntry | null> {
  const full = join(folder, dirent.name);
  let info: Stats;
  try {
    if (dirent.isSymbolicLink()) {
      const target = await realpath(full);
      if (rootOf(target, roots) === null) return null;
      info = await stat(target);
    } else {
      info = await lstat(full);
    }
  } catch {
    return null;
  }
  if (info.isDirectory()) return { name: dirent.name, kind: 'folder', size: null, modified: info.mtime.toISOString() };
  if (info.isFile()) return { name: dirent.name, kind: 'file', size: info.size, modified: info.mtime.toISOString() };
  return null;
}

const byName = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

export function createFileBrowser(roots: FileRoots = defaultFileRoots()) {
  const separator: Places['separator'] = sep === '\\' ? '\\' : '/';

  async function places(): Promise<Places> {
    const found = await realRoots(roots);
    const home = found.find((r) => r.label === 'Home')?.real ?? roots.home;
    return { home, places: placesList(found), separator };
  }

  async function browse(args: BrowseArgs): Promise<BrowseResult> {
    const found = await realRoots(roots);
    if (found.length === 0)
      throw new AppError('FILE_NOT_FOUND', `Neither your home folder (${roots.home}) nor a mounted drive was found.`);
    const home = found.find((r) => r.label === 'Home') ?? found[0]!;
    const folder = await resolveFolder(args.path ?? home.real, found);
    const root = rootOf(folder, found)!;
    const wanted = args.extensions?.map((e) => `.${e.toLowerCase()}`);
    const dirents = await readdir(folder, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
      throw new AppError(
        'FORBIDDEN',
        `The folder ${folder} cannot be read (${error.code ?? 'error'}): choose another one.`,
      );
    });
    const visible = dirents.filter((d) => args.showHidden === true || !d.name.startsWith('.'));
    const listed = (await Promise.all(visible.map((d) => entryOf(folder, d, found)))).filter(
      (e): e is FileEntry =>
        e !== null && (e.kind === 'folder' || wanted === undefined || wanted.includes(extname(e.name).toLowerCase())),
    );
    listed.sort((a, b) => (a.kind === b.kind ? byName.compare(a.name, b.name) : a.kind === 'folder' ? -1 : 1));
    return {
      home: home.real,
      places: placesList(found),
      separator,
      path: folder,
      parent: folder === root.real || parse(folder).root === folder ? null : dirname(folder),
      crumbs: crumbsOf(folder, root),
      entries: listed.slice(0, MAX_ENTRIES),
      truncated: listed.length > MAX_ENTRIES,
    };
  }

  return { places, browse };
}

export type FileBrowser = ReturnType<typeof createFileBrowser>;
