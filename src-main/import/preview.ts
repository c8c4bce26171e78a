// The first rows of an extract, read without reading the rest of the file: what the
// import wizard shows before any mapping, with what the reader detected.
import { openSource, type SourceOptions } from './openSource.ts';
import { listSheets } from './readXlsx.ts';
import type { SourceFormat } from './tableSource.ts';

export interface Preview {
  path: string;
  format: SourceFormat;
  headers: string[];
  rows: string[][];
  encoding?: string;
  delimiter?: string;
  sheet?: string;
  sheets?: string[];
  /** Why the first line looks like data rather than a header line, when it does. */
  firstLineIsData?: string;
}

/**
 * The signal (the wizard moved on to another file) is heard after the file is opened and after
 * each batch read: a workbook's first rows may take a while to reach.
 */
export async function previewFile(
  path: string,
  options: SourceOptions & { rows?: number; signal?: AbortSignal } = {},
): Promise<Preview> {
  const limit = options.rows ?? 20;
  const { signal } = options;
  signal?.throwIfAborted();
  const source = await openSource(path, options);
  const rows: string[][] = [];
  try {
    signal?.throwIfAborted();
    if (limit > 0) {
      for await (const batch of source.batches()) {
        signal?.throwIfAborted();
        for (const row of batch) {
          if (rows.length < limit) rows.push(row.cells);
        }
        if (rows.length >= limit) break;
      }
    }
  } finally {
    await source.close();
  }
  const preview: Preview = { path, format: source.format, headers: [...source.headers], rows };
  if (source.encoding) preview.encoding = source.encoding;
  if (source.firstLineIsData) preview.firstLineIsData = source.firstLineIsData;
  if (source.delimiter) preview.delimiter = source.delimiter;
  if (source.format === 'xlsx') {
    preview.sheet = source.sheet as string;
    preview.sheets = source.sheets && source.sheets.length > 0 ? [...source.sheets] : await listSheets(path);
  }
  return preview;
}
