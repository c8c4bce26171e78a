// Streaming XLSX reader on exceljs's WorkbookReader: rows arrive as the sheet's XML is
// unzipped, so a large workbook is never held whole. Reads the first sheet, or one chosen
// by name; `listSheets` names them all. Cells become text the way the CSV reader gives
// them: dates as ISO `YYYY-MM-DD` (with the time when it has one), numbers as written.
import { createReadStream, type ReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import ExcelJS from 'exceljs';
import { AppError } from '../../shared/errors.ts';
import { binaryKind, readHead } from './sniff.ts';
import { batchOfRows, type RecordBatch } from './recordBatch.ts';
import type { SourceRow, TableSource } from './tableSource.ts';
import { uniqueHeaders } from './headers.ts';

export interface XlsxOptions {
  /** Sheet name; the first sheet when omitted. */
  sheet?: string;
}

interface SheetModel {
  name: string;
}
interface WorksheetReaderLike extends AsyncIterable<ExcelJS.Row> {
  name: string;
}
interface WorkbookReaderInternals {
  model?: { sheets?: SheetModel[] };
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];

async function assertWorkbook(path: string): Promise<void> {
  const head = await readHead(path, 8);
  if (!ZIP.every((b, i) => head[i] === b)) {
    const kind = binaryKind(head);
    throw new AppError(
      'INVALID_FILE',
      `${basename(path)} is ${kind ?? 'not an Excel workbook (no .xlsx signature)'}. Choose an .xlsx file, or a CSV.`,
    );
  }
}

function isoOf(date: Date): string {
  const iso = date.toISOString();
  return iso.slice(11, 19) === '00:00:00' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** One cell's value as text. */
export function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return isoOf(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('text' in value && typeof value.text === 'string') return value.text;
  if ('result' in value) {
    const result = value.result;
    if (result === undefined || (typeof result === 'object' && result !== null && !(result instanceof Date))) return '';
    return cellText(result);
  }
  return '';
}

function rowCells(row: ExcelJS.Row): string[] {
  const values = row.values as ReadonlyArray<ExcelJS.CellValue | undefined>;
  const cells: string[] = [];
  for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
  return cells;
}

function openReader(path: string): {
  reader: ExcelJS.stream.xlsx.WorkbookReader;
  file: ReadStream;
  read: () => number;
} {
  let read = 0;
  const file = createReadStream(path, { highWaterMark: 256 * 1024 });
  file.on('data', (chunk) => {
    read += chunk.length;
  });
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
    entries: 'ignore',
  });
  return { reader, file, read: () => read };
}

function wrapError(error: unknown, path: string): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new AppError('INVALID_FILE', `${basename(path)}: the workbook cannot be read (${message}).`);
}

/**
 * exceljs's streaming reader now and then reaches a buffered sheet before it has read the
 * workbook part that names the sheets, and fails on `model.sheets` (seen under load, on a file
 * the same reader had just read whole; exceljs issue #962 has the same failure on files it can
 * never read). A second, fresh read of the file is tried once before the error is reported.
 */
function isUnreadWorkbookModel(error: unknown): boolean {
  return error instanceof AppError && error.message.includes("reading 'sheets'");
}

export async function withOneRetry<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (!isUnreadWorkbookModel(error)) throw error;
    return read();
  }
}

/** The names of the workbook's sheets, in workbook order. */
export function listSheets(path: string): Promise<string[]> {
  return withOneRetry(() => listSheetsOnce(path));
}

/** Opens the first sheet, or the one chosen by name, as a table source. */
export function openXlsx(path: string, options: XlsxOptions = {}): Promise<TableSource> {
  return withOneRetry(() => openXlsxOnce(path, options));
}

async function listSheetsOnce(path: string): Promise<string[]> {
  await assertWorkbook(path);
  const { reader, file } = openReader(path);
  try {
    for await (const sheet of reader as AsyncIterable<WorksheetReaderLike>) {
      const model = (reader as unknown as WorkbookReaderInternals).model;
      const names = model?.sheets?.map((s) => s.name);
      return names && names.length > 0 ? names : [sheet.name];
    }
    return [];
  } catch (error) {
    throw wrapError(error, path);
  } finally {
    file.destroy();
  }
}

async function openXlsxOnce(path: string, options: XlsxOptions): Promise<TableSource> {
  await assertWorkbook(path);
  const { size } = await stat(path);
  const { reader, file, read } = openReader(path);
  const sheets = (reader as AsyncIterable<WorksheetReaderLike>)[Symbol.asyncIterator]();
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    file.destroy();
    await sheets.return?.();
  };
  try {
    let chosen: WorksheetReaderLike | undefined;
    let seen: string[] = [];
    for (;;) {
      const next = await sheets.next();
      if (next.done) break;
      const model = (reader as unknown as WorkbookReaderInternals).model;
      seen = model?.sheets?.map((s) => s.name) ?? [...seen, next.value.name];
      if (options.sheet === undefined || next.value.name === options.sheet) {
        chosen = next.value;
        break;
      }
      // Read a skipped sheet to its end: exceljs deletes a buffered sheet's temporary file as
      // soon as the next sheet is asked for, and an unread stream of it then fails (ENOENT)
      // outside any handler.
      for await (const _row of next.value) void _row;
    }
    if (!chosen) {
      throw new AppError(
        'INVALID_FILE',
        options.sheet === undefined
          ? `${basename(path)} has no worksheet.`
          : `${basename(path)} has no sheet named "${options.sheet}" (sheets: ${seen.join(', ') || 'none'}).`,
      );
    }
    const rowIterator = chosen[Symbol.asyncIterator]();
    let headerRow: ExcelJS.Row | undefined;
    for (;;) {
      const next = await rowIterator.next();
      if (next.done) break;
      if (rowCells(next.value).some((c) => c.trim() !== '')) {
        headerRow = next.value;
        break;
      }
    }
    if (!headerRow) {
      throw new AppError(
        'INVALID_FILE',
        `${basename(path)}, sheet "${chosen.name}" is empty: it has no header row and no data.`,
      );
    }
    const headers = uniqueHeaders(rowCells(headerRow));
    const sheetName = chosen.name;

    async function* batches(): AsyncGenerator<SourceRow[]> {
      try {
        let batch: SourceRow[] = [];
        for (;;) {
          const next = await rowIterator.next();
          if (next.done) break;
          const cells = rowCells(next.value);
          if (cells.every((c) => c.trim() === '')) continue;
          batch.push({ cells, line: next.value.number });
          if (batch.length >= 1000) {
            yield batch;
            batch = [];
          }
        }
        if (batch.length > 0) yield batch;
      } catch (error) {
        throw wrapError(error, path);
      } finally {
        await close();
      }
    }

    async function* records(): AsyncGenerator<RecordBatch> {
      for await (const batch of batches()) yield batchOfRows(batch);
    }

    return {
      path,
      format: 'xlsx',
      headers,
      sheet: sheetName,
      sheets: seen,
      bytesTotal: size,
      bytesRead: read,
      batches,
      records,
      close,
    };
  } catch (error) {
    await close().catch(() => undefined);
    throw wrapError(error, path);
  }
}
