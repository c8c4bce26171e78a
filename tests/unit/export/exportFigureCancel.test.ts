// exportFigure() hears a cancel while it writes: aborted as its temporary file appears in the
// folder (seen by a watch on it, several file-system round trips before the move into place),
// it leaves no file and no temporary file, and a file it was to replace stays as it was. The
// same export not cancelled writes the file.
import { readdirSync, readFileSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportFigure, type ExportFormat } from '../../../src-main/export/exportFigure.ts';
import { tempDir } from './exportTestKit.ts';
import { FOOTNOTE, labelOf, offenceBySex } from './fixtureTables.ts';

const figure = { name: 'offences', chart: 'table' as const, title: 'Victims by offence group and sex' };
const EARLIER = 'the file exported before';

/** Exports into `folder`, aborted as its temporary file appears; the error and the file seen. */
async function abortedAsItWrites(
  folder: string,
  name: string,
  overwrite: boolean,
): Promise<{ error: unknown; temporary: string | null }> {
  const controller = new AbortController();
  let temporary: string | null = null;
  const watcher = watch(folder, (_event, file) => {
    if (temporary !== null || file === null || !file.endsWith('.tmp')) return;
    temporary = file;
    controller.abort();
  });
  try {
    const format = name.split('.').pop() as ExportFormat;
    const error = await exportFigure(offenceBySex(), figure, format, join(folder, name), {
      labelOf,
      footnote: FOOTNOTE,
      overwrite,
      signal: controller.signal,
    }).then(
      () => null,
      (e: unknown) => e,
    );
    return { error, temporary };
  } finally {
    watcher.close();
  }
}

describe('an aborted figure export', () => {
  it.each(['table.csv', 'table.xlsx'])('leaves no %s and no temporary file', async (name) => {
    const folder = tempDir();
    const { error, temporary } = await abortedAsItWrites(folder, name, false);
    expect(temporary).toMatch(new RegExp(`^\\.${name.replace('.', '\\.')}\\.[0-9a-f]+\\.tmp$`));
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(readdirSync(folder)).toEqual([]);
  });

  it('keeps the file it was to replace', async () => {
    const folder = tempDir();
    writeFileSync(join(folder, 'table.csv'), EARLIER);
    const { error } = await abortedAsItWrites(folder, 'table.csv', true);
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(readdirSync(folder)).toEqual(['table.csv']);
    expect(readFileSync(join(folder, 'table.csv'), 'utf8')).toBe(EARLIER);
  });

  it('not aborted, writes the file', async () => {
    const folder = tempDir();
    const signal = new AbortController().signal;
    const written = await exportFigure(offenceBySex(), figure, 'csv', join(folder, 'table.csv'), {
      labelOf,
      footnote: FOOTNOTE,
      signal,
    });
    expect(readdirSync(folder)).toEqual(['table.csv']);
    expect(readFileSync(join(folder, 'table.csv')).length).toBe(written.bytes);
  });
});
