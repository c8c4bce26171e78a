// Writes a file so that a reader never sees half of it: to a temporary file in the same folder,
// flushed, then moved into place (atomic within one file system). Nothing is replaced unasked:
// an existing file is kept unless `overwrite` (the user confirmed, or gave --force), and the
// move is then a hard link, which fails rather than replace a file that appeared meanwhile.
// No folder is created: the file goes into a folder that exists, as the user chose it.
// A cancel (`signal`) heard before the move leaves nothing: the temporary file is removed.
// Record-level exports are written `private` (0600, like the workspace) from their first byte,
// temporary file included; other exports follow the user's umask, as any document does.
import { randomBytes } from 'node:crypto';
import { chmod, link, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { AppError } from '../../shared/errors.ts';

export interface WriteOptions {
  /** Replace an existing file (the user confirmed it). */
  overwrite?: boolean;
  /** The owner's alone (0600): record-level data. */
  private?: boolean;
  /** Cancels the write until the file moves into place (then it is done). */
  signal?: AbortSignal;
}

function errnoOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** The file named, resolved (`..` and relative parts gone), in a folder that exists; refuses a folder or an existing file unless asked. */
export async function checkedTarget(path: string, options: WriteOptions = {}): Promise<string> {
  const target = resolve(path);
  const folder = dirname(target);
  const folderStat = await stat(folder).catch(() => null);
  if (!folderStat?.isDirectory()) {
    throw new AppError('FILE_NOT_FOUND', `The folder ${folder} does not exist. Choose a folder that exists.`);
  }
  const existing = await stat(target).catch(() => null);
  if (existing?.isDirectory()) throw new AppError('BAD_REQUEST', `${target} is a folder. Give a file name.`);
  if (existing && !options.overwrite) throw fileExists(target);
  return target;
}

export function fileExists(target: string): AppError {
  return new AppError(
    'FILE_EXISTS',
    `${target} already exists. Choose another name, or confirm replacing it (on the command line, add --force).`,
    target,
  );
}

/** Writes `data` to `path` (resolved) and returns the bytes written. */
export async function writeFileAtomic(
  path: string,
  data: Buffer | string,
  options: WriteOptions = {},
): Promise<number> {
  const target = await checkedTarget(path, options);
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  try {
    const handle = await open(temp, 'wx', options.private ? 0o600 : 0o666);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.private) await chmod(temp, 0o600);
    // The last point a cancel is heard: the move below is the write's point of no return.
    options.signal?.throwIfAborted();
    if (options.overwrite) await rename(temp, target);
    else await moveWithoutReplacing(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    // Cancelled meanwhile: nothing is in place, and that is what the user asked for.
    options.signal?.throwIfAborted();
    if (error instanceof AppError) throw error;
    throw new AppError('EXPORT_FAILED', `Could not write ${target}: check that the folder is writable.`, String(error));
  }
  return bytes.length;
}

async function moveWithoutReplacing(temp: string, target: string): Promise<void> {
  try {
    await link(temp, target);
  } catch (error) {
    if (errnoOf(error) === 'EEXIST') throw fileExists(target);
    // A file system without hard links: the check above is the guard.
    if (['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV'].includes(errnoOf(error) ?? '')) {
      await rename(temp, target);
      return;
    }
    throw error;
  }
  await rm(temp, { force: true });
}
