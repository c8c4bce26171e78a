// The folder a report pack goes into: a new folder (in a folder that exists), an empty one, or
// the folder of an earlier pack of the same report, known by the note the pack leaves in it.
// Any other folder is refused, so a pack never mixes with or overwrites the user's own files;
// a rebuilt pack removes the files of the earlier one it no longer has.
import { rmdirSync, rmSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { AppError } from '../../shared/errors.ts';
import { writeFileAtomic } from './atomicWrite.ts';

export const PACK_NOTE = '.vso-report-pack.json';

interface PackNote {
  report: string;
  files: string[];
}

async function readNote(folder: string): Promise<PackNote | null> {
  try {
    const parsed = JSON.parse(await readFile(join(folder, PACK_NOTE), 'utf8')) as Partial<PackNote>;
    if (typeof parsed.report !== 'string' || !Array.isArray(parsed.files)) return null;
    // Only plain names of this folder: a note cannot point elsewhere.
    const files = parsed.files.filter(
      (f): f is string => typeof f === 'string' && f === basename(f) && f !== PACK_NOTE,
    );
    return { report: parsed.report, files };
  } catch {
    return null;
  }
}

export interface PackFolder {
  /** The folder, resolved. */
  path: string;
  /** Files of an earlier pack of the same report. */
  earlier: string[];
  /** Made for this pack: a pack that fails or is cancelled removes it again. */
  created: boolean;
}

/** Checks (and, when new, creates) the folder for a pack of `report`. */
export async function preparePackFolder(outDir: string, report: string): Promise<PackFolder> {
  const path = resolve(outDir);
  const existing = await stat(path).catch(() => null);
  if (existing === null) {
    const parent = await stat(dirname(path)).catch(() => null);
    if (!parent?.isDirectory()) {
      throw new AppError(
        'FILE_NOT_FOUND',
        `The folder ${dirname(path)} does not exist, so the pack folder ${path} cannot be made in it. Choose a folder that exists.`,
      );
    }
    await mkdir(path);
    return { path, earlier: [], created: true };
  }
  if (!existing.isDirectory())
    throw new AppError('BAD_REQUEST', `${path} is a file, not a folder. Choose a folder for the pack.`);
  const entries = await readdir(path);
  if (entries.length === 0) return { path, earlier: [], created: false };
  const note = await readNote(path);
  if (note?.report === report) return { path, earlier: note.files, created: false };
  throw new AppError(
    'FILE_EXISTS',
    note
      ? `${path} holds the pack of another report ("${note.report}"). Choose a new or empty folder, or the folder of an earlier pack of "${report}".`
      : `${path} already holds other files. Choose a new or empty folder, or the folder of an earlier pack of "${report}".`,
    path,
  );
}

/** Leaves the note of this pack, and removes the earlier pack's files this one did not write again. */
export async function finishPackFolder(folder: PackFolder, report: string, written: readonly string[]): Promise<void> {
  const names = written.map((f) => basename(f));
  for (const stale of folder.earlier) if (!names.includes(stale)) await rm(join(folder.path, stale), { force: true });
  await writeFileAtomic(join(folder.path, PACK_NOTE), `${JSON.stringify({ report, files: names }, null, 2)}\n`, {
    overwrite: true,
  });
}

/**
 * A pack's files are written under a hidden partial name and take their own names only once
 * every one is drawn, so a build that fails or is cancelled leaves the folder as it found it.
 */
export function partialName(folder: PackFolder, name: string): string {
  return join(folder.path, `.${name}.partial`);
}

/** Every file drawn: the partial files take their names (replacing the earlier pack's). */
export async function placePackFiles(folder: PackFolder, names: readonly string[]): Promise<void> {
  for (const name of names) await rename(partialName(folder, name), join(folder.path, name));
}

/**
 * A build that stopped: its partial files go, and the folder too when the build made it. On this
 * thread, at once: a cancel's reply waits for it, and a few unlinks take less than one trip
 * through the thread pool each would on a loaded machine (tens of ms).
 */
export function discardPackFiles(folder: PackFolder, names: readonly string[]): void {
  for (const name of names) rmSync(partialName(folder, name), { force: true });
  if (folder.created) {
    try {
      rmdirSync(folder.path); // only when empty
    } catch {
      // Something else was put there meanwhile: the folder stays, with what is not the pack's.
    }
  }
}
