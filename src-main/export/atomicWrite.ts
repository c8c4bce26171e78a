// Writes a file so that a reader never sees half of it: to a temporary file in the same folder,
// flushed, then renamed over the target (a rename is atomic within one file system).
import { randomBytes } from 'node:crypto';
import { open, rename, rm, mkdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../../shared/errors.ts';

export async function writeFileAtomic(path: string, data: Buffer | string): Promise<number> {
  const folder = dirname(path);
  const temp = join(folder, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  try {
    await mkdir(folder, { recursive: true });
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw new AppError(
      'EXPORT_FAILED',
      `Could not write ${path}: check that the folder exists and is writable.`,
      String(error),
    );
  }
  return bytes.length;
}
