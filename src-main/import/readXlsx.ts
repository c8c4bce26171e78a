// XLSX reader that writes nothing to disk. exceljs's streaming reader copied any sheet that
// comes before the shared strings in the zip (the layout of our own fixtures) whole to the
// system temp folder, in plaintext, and left it there on a crash. Here the file is read into
// memory, the zip's parts are found through its central directory (so their order does not
// matter), and the sheet is inflated and parsed a chunk at a time, with every size bounded
// before and while inflating.
//
// Why not exceljs's `xlsx.load(buffer)` (in memory, no temp files)? It builds a cell object for
// every cell of the workbook before the first row can be used: on the 60,000-row fixture (a
// 7.6 MB file, a 47 MB sheet) it peaked at 650 MB resident and took 14 s, against 160 MB and 3 s here
// (`npx tsx bench/xlsxMemory.ts`), and the whole sheet would be held for the length of the import.
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppError } from '../../shared/errors.ts';
import { binaryKind, readHead } from './sniff.ts';
import { batchOfRows, type RecordBatch } from './recordBatch.ts';
import type { SourceRow, TableSource } from './tableSource.ts';
import { firstLineLooksLikeData, positionalHeaders, uniqueHeaders } from './headers.ts';
import { entryText, inflateEntry, zipEntries, type ZipEntry } from './zipEntries.ts';
import {
  dateStyles,
  relsPartOf,
  sharedStrings,
  workbookModel,
  workbookPartOf,
  type SheetRef,
  type WorkbookModel,
} from './xlsxParts.ts';
import { SheetRowParser, type SheetLimits } from './sheetRows.ts';

/** What a workbook may unpack to; past any of these the import stops with the limit named. */
export interface XlsxLimits extends SheetLimits {
  /** The .xlsx file itself (it is read into memory). */
  fileBytes: number;
  /** The chosen sheet's XML, unpacked. */
  sheetBytes: number;
  /** The shared strings' XML, unpacked, and how many strings it may hold. */
  sharedStringsBytes: number;
  sharedStrings: number;
  /** Unpacked size over packed size, for parts over `ratioFromBytes`: real sheets stay below 30. */
  ratio: number;
  ratioFromBytes: number;
  /** Any other part the reader opens (workbook, relationships, styles). */
  partBytes: number;
}

export const XLSX_LIMITS: XlsxLimits = {
  fileBytes: 512 * 1024 * 1024,
  sheetBytes: 2000 * 1024 * 1024,
  sharedStringsBytes: 256 * 1024 * 1024,
  sharedStrings: 5_000_000,
  ratio: 200,
  ratioFromBytes: 64 * 1024 * 1024,
  partBytes: 16 * 1024 * 1024,
  maxRows: 1_048_576,
  maxColumns: 16_384,
};

export interface XlsxOptions {
  /** Sheet name; the first sheet when omitted. */
  sheet?: string;
  /** Tighter limits (tests); the defaults otherwise. */
  limits?: Partial<XlsxLimits>;
  /** `false`: the sheet has no header row; its columns are `columnNames` by position (as for CSV). */
  header?: boolean;
  /** The columns of a sheet without a header, or the columns it is expected to have. */
  columnNames?: readonly string[];
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const BATCH_ROWS = 1000;
/** Rows below the first read before it is judged header or data (as the CSV reader does). */
const HEADER_SAMPLE_ROWS = 200;

async function assertWorkbook(path: string, limits: XlsxLimits): Promise<void> {
  const head = await readHead(path, 8);
  if (!ZIP.every((b, i) => head[i] === b)) {
    const kind = binaryKind(head);
    throw new AppError(
      'INVALID_FILE',
      `${basename(path)} is ${kind ?? 'not an Excel workbook (no .xlsx signature)'}. Choose an .xlsx file, or a CSV.`,
    );
  }
  const { size } = await stat(path);
  if (size > limits.fileBytes) {
    throw new AppError(
      'INVALID_FILE',
      `${basename(path)} is ${Math.round(size / 1e6)} MB, over this app's limit of ${Math.round(limits.fileBytes / 1e6)} MB for a workbook. ` +
        'Save the extract as CSV (which has no limit), or split it.',
    );
  }
}

interface OpenWorkbook {
  zip: Buffer;
  entries: Map<string, ZipEntry>;
  model: WorkbookModel;
  file: string;
}

function smallPart(book: Omit<OpenWorkbook, 'model'>, part: string, limits: XlsxLimits): string | undefined {
  const entry = book.entries.get(part);
  return entry && entryText(book.zip, entry, book.file, { maxBytes: limits.partBytes, what: 'a workbook part' });
}

async function openWorkbook(path: string, limits: XlsxLimits): Promise<OpenWorkbook> {
  await assertWorkbook(path, limits);
  const file = basename(path);
  const zip = await readFile(path);
  const entries = zipEntries(zip, file);
  const base = { zip, entries, file };
  const workbookPart = workbookPartOf(smallPart(base, '_rels/.rels', limits));
  const workbookXml = smallPart(base, workbookPart, limits);
  if (workbookXml === undefined) {
    throw new AppError('INVALID_FILE', `${file} is a zip file but not an Excel workbook (it has no ${workbookPart}).`);
  }
  const model = workbookModel(workbookXml, workbookPart, smallPart(base, relsPartOf(workbookPart), limits), file);
  return { ...base, model };
}

function chooseSheet(book: OpenWorkbook, name: string | undefined): SheetRef {
  const sheets = book.model.sheets;
  const chosen = name === undefined ? sheets[0] : sheets.find((s) => s.name === name);
  if (!chosen) {
    throw new AppError(
      'INVALID_FILE',
      `${book.file} has no sheet named "${name}" (sheets: ${sheets.map((s) => s.name).join(', ')}).`,
    );
  }
  return chosen;
}

function limitsOf(options: XlsxOptions): XlsxLimits {
  return { ...XLSX_LIMITS, ...options.limits };
}

/** The names of the workbook's sheets, in workbook order. */
export async function listSheets(path: string, options: Pick<XlsxOptions, 'limits'> = {}): Promise<string[]> {
  const book = await openWorkbook(path, limitsOf(options));
  return book.model.sheets.map((s) => s.name);
}

/** Opens the first sheet, or the one chosen by name, as a table source. */
export async function openXlsx(path: string, options: XlsxOptions = {}): Promise<TableSource> {
  const limits = limitsOf(options);
  const book = await openWorkbook(path, limits);
  const chosen = chooseSheet(book, options.sheet);
  const sheetEntry = book.entries.get(chosen.part);
  if (!sheetEntry) {
    throw new AppError('INVALID_FILE', `${book.file}: the sheet "${chosen.name}" is not in the file (${chosen.part}).`);
  }
  const sharedEntry = book.model.sharedStringsPart ? book.entries.get(book.model.sharedStringsPart) : undefined;
  const shared = sharedEntry
    ? sharedStrings(
        inflateEntry(book.zip, sharedEntry, book.file, {
          maxBytes: limits.sharedStringsBytes,
          what: 'the shared strings',
          maxRatio: limits.ratio,
          ratioFromBytes: limits.ratioFromBytes,
        }),
        { maxStrings: limits.sharedStrings },
        book.file,
      )
    : [];
  const stylesXml = book.model.stylesPart ? smallPart(book, book.model.stylesPart, limits) : undefined;
  const parser = new SheetRowParser({
    file: book.file,
    sheet: chosen.name,
    shared,
    dateStyles: dateStyles(stylesXml),
    date1904: book.model.date1904,
    limits,
  });
  const chunks = inflateEntry(book.zip, sheetEntry, book.file, {
    maxBytes: limits.sheetBytes,
    what: `the sheet "${chosen.name}"`,
    maxRatio: limits.ratio,
    ratioFromBytes: limits.ratioFromBytes,
  });
  // Progress counts the packed sheet: everything else was read before the first row.
  const before = book.zip.length - sheetEntry.compressedSize;
  let inflated = 0;
  let closed = false;
  const ready: SourceRow[] = [];

  /** Rows until at least `wanted` are ready or the sheet ends; false once nothing is left. */
  const fill = (wanted: number): boolean => {
    while (ready.length < wanted && !closed) {
      const next = chunks.next();
      if (next.done) {
        ready.push(...parser.push(null));
        closed = true;
        break;
      }
      inflated += next.value.length;
      for (const row of parser.push(next.value)) ready.push(row);
    }
    return ready.length > 0;
  };

  const close = async (): Promise<void> => {
    closed = true;
    ready.length = 0;
    chunks.return(undefined);
  };

  try {
    if (!fill(HEADER_SAMPLE_ROWS + 1)) {
      throw new AppError(
        'INVALID_FILE',
        `${book.file}, sheet "${chosen.name}" is empty: it has no header row and no data.`,
      );
    }
  } catch (error) {
    await close();
    throw error;
  }
  // The same header check as a CSV's: a first row that reads as data is reported (or, with
  // `header: false`, is data, and the columns are named by position).
  const noHeader = options.header === false;
  const firstCells = (ready[0] as SourceRow).cells;
  // A sheet row ends at its last filled cell: without a header, the sheet is as wide as its
  // widest row among the first ones, or as the columns it is expected to have when no wider (an
  // empty last column and no last column look the same in a sheet).
  const filled = ready.slice(0, HEADER_SAMPLE_ROWS + 1).reduce((most, row) => Math.max(most, row.cells.length), 0);
  const expected = options.columnNames?.length ?? 0;
  const width = noHeader ? (filled <= expected ? expected : filled) : firstCells.length;
  const headers = noHeader ? uniqueHeaders(positionalHeaders(width, options.columnNames)) : uniqueHeaders(firstCells);
  let firstLineIsData: string | null = null;
  if (!noHeader) {
    ready.shift();
    const below = ready.slice(0, HEADER_SAMPLE_ROWS).map((row) => row.cells);
    firstLineIsData = firstLineLooksLikeData(firstCells, below, options.columnNames);
  }
  const sheetEntrySize = sheetEntry.size;

  async function* batches(): AsyncGenerator<SourceRow[]> {
    try {
      while (fill(BATCH_ROWS)) yield ready.splice(0, BATCH_ROWS);
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
    hasHeader: !noHeader,
    firstLineIsData,
    sheet: chosen.name,
    sheets: book.model.sheets.map((s) => s.name),
    bytesTotal: book.zip.length,
    bytesRead: () =>
      before + Math.round(sheetEntry.compressedSize * (sheetEntrySize === 0 ? 1 : inflated / sheetEntrySize)),
    batches,
    records,
    close,
  };
}
