// A cancel heard while a file is being written leaves nothing: the temporary file is removed
// and nothing moves into place; a file the write would have replaced is kept as it was.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../src-main/export/atomicWrite.ts';
import { tempDir } from './exportTestKit.ts';

/** Starts the write, then cancels it while it is under way (before its first step completes). */
async function cancelledWrite(target: string, overwrite: boolean): Promise<unknown> {
  const controller = new AbortController();
  const writing = writeFileAtomic(target, Buffer.alloc(4 << 20, 7), { overwrite, signal: controller.signal });
  controller.abort();
  return writing.then(
    () => null,
    (error: unknown) => error,
  );
}

describe('a cancelled atomic write', () => {
  it('leaves no file and no temporary file', async () => {
    const dir = tempDir();
    const error = await cancelledWrite(join(dir, 'table.xlsx'), false);
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('keeps the file it would have replaced', async () => {
    const dir = tempDir();
    const target = join(dir, 'figure.png');
    writeFileSync(target, 'the earlier export');
    expect(await cancelledWrite(target, true)).toMatchObject({ name: 'AbortError' });
    expect(readdirSync(dir)).toEqual(['figure.png']);
    expect(readFileSync(target, 'utf8')).toBe('the earlier export');
  });

  it('not cancelled, writes the file', async () => {
    const dir = tempDir();
    const signal = new AbortController().signal;
    expect(await writeFileAtomic(join(dir, 'table.csv'), 'a,b', { signal })).toBe(3);
    expect(readdirSync(dir)).toEqual(['table.csv']);
  });
});
