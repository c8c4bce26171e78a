// Opens any supported extract by its extension (CSV and its text cousins, XLSX), so
// callers never choose a reader themselves.
import { extname, basename } from 'node:path';
import { AppError } from '../../shared/errors.ts';
import { openCsv, type CsvOptions } from './readCsv.ts';
import type { XlsxOptions } from './readXlsx.ts';
import type { TableSource } from './tableSource.ts';

export type SourceOptions = CsvOptions & XlsxOptions;

const TEXT_EXTENSIONS = new Set(['.csv', '.txt', '.tsv', '.tab', '.psv']);

export async function openSource(path: string, options: SourceOptions = {}): Promise<TableSource> {
  const ext = extname(path).toLowerCase();
  if (ext === '.xlsx' || ext === '.xlsm') {
    // Loaded only for a workbook, so a CSV import never loads the zip reader.
    const { openXlsx } = await import('./readXlsx.ts');
    return openXlsx(path, options);
  }
  if (TEXT_EXTENSIONS.has(ext)) return openCsv(path, options);
  throw new AppError(
    'INVALID_FILE',
    `${basename(path)}: files ending in "${ext || '(nothing)'}" cannot be imported. Choose a .csv or .xlsx extract.`,
  );
}
