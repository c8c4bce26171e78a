// SHA-256 of a file, streamed: the identity of an extract, to refuse importing it twice.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { AppError } from '../../shared/errors.ts';

export async function sha256File(path: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20, signal })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The extract's hash for an import or its dry run: `cancelled()` when aborted, FILE_NOT_FOUND when missing. */
export async function hashExtract(
  path: string,
  signal: AbortSignal | undefined,
  cancelled: () => AppError,
): Promise<string> {
  try {
    return await sha256File(path, signal);
  } catch (error) {
    if (signal?.aborted) throw cancelled();
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new AppError('FILE_NOT_FOUND', `${path} does not exist. Check the path and try again.`);
    throw error;
  }
}
