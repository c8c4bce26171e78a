// Streaming CSV reader: a file stream in UTF-8 (BOM or not), UTF-16 (BOM) or Windows-1252
// (detected on the first bytes, or chosen; both turned into UTF-8), with the delimiter sniffed
// among , ; tab |, read a chunk at a time into records of byte ranges by the tokenizer
// (csvTokenizer.ts), and by papaparse (csvRecords.ts) from the first record the tokenizer does
// not read the way papaparse would. Quoted fields may hold delimiters, quotes and newlines;
// rows with too few or too many fields are passed on (validation rejects them with a reason)
// rather than failing the file. Errors name the file and line.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { AppError } from '../../shared/errors.ts';
import type { CsvRecords } from './csvRecords.ts';
import { CsvTokenizer, MAX_RECORD_CHARS } from './csvTokenizer.ts';
import { firstLineLooksLikeData, positionalHeaders, uniqueHeaders } from './headers.ts';
import { assertTextFile, readHead, sniffDelimiter, sniffEncoding, type Delimiter, type TextEncoding } from './sniff.ts';
import { LineEndingsToLf } from './lineEndings.ts';
import {
  batchOfRows,
  controlByteOf,
  recordCells,
  rowsOfBatch,
  type ControlByte,
  type RecordBatch,
} from './recordBatch.ts';
import type { SourceRow, TableSource } from './tableSource.ts';

export interface CsvOptions {
  /** Overrides the detected encoding. */
  encoding?: TextEncoding;
  /** Overrides the sniffed delimiter. */
  delimiter?: Delimiter;
  /**
   * `false`: the file has no header line; its first line is data and its columns are named
   * `columnNames` by position (else Column 1, Column 2, ...). By default the first line is the
   * header, checked (`firstLineIsData`).
   */
  header?: boolean;
  /** The columns of a file without a header, or the columns the file is expected to have. */
  columnNames?: readonly string[];
}

/** Bytes read at a time: each chunk of text is parsed whole, so it is also the batch size (~1,500 rows). */
const CHUNK_BYTES = 256 * 1024;

function iconvName(encoding: TextEncoding): 'utf16-be' | 'utf16le' | 'win1252' {
  return encoding === 'utf16be' ? 'utf16-be' : encoding === 'utf16le' ? 'utf16le' : 'win1252';
}

// iconv-lite (another encoding than UTF-8) and papaparse (a file the tokenizer hands over) are
// loaded only when a file needs them: each import worker would otherwise pay for both to start.

async function decodeHead(head: Buffer, encoding: TextEncoding, bom: number): Promise<string> {
  const body = head.subarray(bom);
  if (encoding === 'utf8') return body.toString('utf8');
  if (encoding === 'utf16le') return body.toString('utf16le');
  const { default: iconv } = await import('iconv-lite');
  return iconv.decode(body, iconvName(encoding));
}

/** Any failure while reading, in the analyst's terms (parse errors already are). */
export function describeCsvError(error: unknown, path: string): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new AppError('INVALID_FILE', `${basename(path)}: the file cannot be read (${message}).`);
}

/** The file's bytes as UTF-8, whatever its encoding (the tokenizer reads UTF-8). */
async function* utf8Chunks(chunks: AsyncIterable<Buffer>, encoding: TextEncoding): AsyncGenerator<Buffer> {
  if (encoding === 'utf8') {
    yield* chunks;
    return;
  }
  const { default: iconv } = await import('iconv-lite');
  const decoder = iconv.getDecoder(iconvName(encoding));
  for await (const chunk of chunks) yield Buffer.from(decoder.write(chunk), 'utf8');
  const tail = decoder.end() ?? '';
  if (tail !== '') yield Buffer.from(tail, 'utf8');
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

async function papaparseRecords(): Promise<typeof CsvRecords> {
  return (await import('./csvRecords.ts')).CsvRecords;
}

/** The rest of a file, from where the tokenizer handed it over, read by papaparse. */
class PapaparseTail {
  private readonly decoder = new StringDecoder('utf8');
  private readonly records: CsvRecords;
  /** Papaparse reads one line ending: the tail's are made LF (outside quoted fields). */
  private readonly endings: LineEndingsToLf;
  private line: number;

  constructor(Records: typeof CsvRecords, tokenizer: CsvTokenizer, delimiter: string, fileName: string) {
    this.records = new Records(delimiter, fileName, MAX_RECORD_CHARS, {
      ending: '\n',
      linesBefore: tokenizer.linesBefore,
    });
    this.endings = new LineEndingsToLf(delimiter);
    this.line = tokenizer.recordCount;
  }

  push(chunk: Buffer): RecordBatch {
    return this.numbered(this.records.push(this.endings.push(this.decoder.write(chunk))));
  }

  end(): RecordBatch {
    const last = this.records.push(this.endings.push(this.decoder.end()));
    for (const record of this.records.end()) last.push(record);
    return this.numbered(last);
  }

  private numbered(records: string[][]): RecordBatch {
    const controls: ControlByte[] = [];
    const batch = batchOfRows(
      records.map((cells) => {
        const line = ++this.line;
        const control = controlByteOf(cells, line);
        if (control) controls.push(control);
        return { cells, line };
      }),
    );
    if (controls.length > 0) batch.controls = controls;
    return batch;
  }
}

/**
 * The file's records, a chunk's worth at a time (never an empty batch), the BOM left out:
 * read by the byte tokenizer, and from the first record it hands back on, by papaparse.
 */
export async function* recordBatches(
  chunks: AsyncIterable<Buffer>,
  encoding: TextEncoding,
  delimiter: string,
  fileName: string,
): AsyncGenerator<RecordBatch> {
  const tokenizer = new CsvTokenizer(delimiter, MAX_RECORD_CHARS);
  let started = false;
  let tail: PapaparseTail | null = null;
  for await (let chunk of utf8Chunks(chunks, encoding)) {
    if (!started && chunk.length > 0) {
      started = true;
      if (chunk.subarray(0, 3).equals(UTF8_BOM)) chunk = chunk.subarray(3);
    }
    const batches: RecordBatch[] = [];
    if (tail !== null) batches.push(tail.push(chunk));
    else {
      const { batch, rest } = tokenizer.push(chunk);
      batches.push(batch);
      if (rest) {
        tail = new PapaparseTail(await papaparseRecords(), tokenizer, delimiter, fileName);
        batches.push(tail.push(rest));
      }
    }
    for (const batch of batches) if (batch.count > 0) yield batch;
  }
  const batches: RecordBatch[] = [];
  if (tail === null) {
    const { batch, rest } = tokenizer.end();
    batches.push(batch);
    if (rest) {
      tail = new PapaparseTail(await papaparseRecords(), tokenizer, delimiter, fileName);
      batches.push(tail.push(rest));
    }
  }
  if (tail !== null) batches.push(tail.end());
  for (const batch of batches) if (batch.count > 0) yield batch;
}

/** The batch without its first record (the header). */
function withoutFirst(batch: RecordBatch): RecordBatch {
  const rest: RecordBatch = {
    bytes: batch.bytes,
    count: batch.count - 1,
    fields: batch.fields,
    firstField: batch.firstField.subarray(1),
    lines: batch.lines.subarray(1),
  };
  const first = batch.lines[0];
  const controls = batch.controls?.filter((c) => c.line !== first);
  if (controls && controls.length > 0) rest.controls = controls;
  return rest;
}

export async function openCsv(path: string, options: CsvOptions = {}): Promise<TableSource> {
  const head = await readHead(path);
  assertTextFile(head, path);
  const sniffed = sniffEncoding(head);
  const encoding = options.encoding ?? sniffed.encoding;
  const bom = options.encoding && options.encoding !== sniffed.encoding ? 0 : sniffed.bom;
  const delimiter = options.delimiter ?? sniffDelimiter(await decodeHead(head, encoding, bom));
  const { size } = await stat(path);

  const file = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  const reader = recordBatches(file, encoding, delimiter, basename(path));
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    file.destroy();
    await reader.return(undefined);
  };

  let first: RecordBatch | undefined;
  try {
    const next = await reader.next();
    first = next.done ? undefined : next.value;
  } catch (error) {
    await close();
    throw describeCsvError(error, path);
  }
  if (first === undefined) {
    await close();
    throw new AppError('INVALID_FILE', `${basename(path)} is empty: it has no header row and no data.`);
  }
  const firstCells = recordCells(first, 0);
  const noHeader = options.header === false;
  const headers = noHeader
    ? uniqueHeaders(positionalHeaders(firstCells.length, options.columnNames))
    : uniqueHeaders(firstCells);
  const rest = noHeader ? first : withoutFirst(first);
  let firstLineIsData: string | null = null;
  if (!noHeader) {
    const below: string[][] = [];
    for (let r = 1; r < Math.min(first.count, 201); r++) below.push(recordCells(first, r));
    firstLineIsData = firstLineLooksLikeData(firstCells, below, options.columnNames);
  }

  async function* records(): AsyncGenerator<RecordBatch> {
    try {
      if (rest.count > 0) yield rest;
      for (;;) {
        const next = await reader.next();
        if (next.done) return;
        yield next.value;
      }
    } catch (error) {
      if (closed) return; // stopped by close(): the stream ending early is no error
      throw describeCsvError(error, path);
    } finally {
      await close();
    }
  }

  async function* batches(): AsyncGenerator<SourceRow[]> {
    for await (const batch of records()) yield rowsOfBatch(batch);
  }

  return {
    path,
    format: 'csv',
    headers,
    hasHeader: !noHeader,
    firstLineIsData,
    encoding,
    delimiter,
    bytesTotal: size,
    bytesRead: () => file.bytesRead,
    batches,
    records,
    close,
  };
}
