// Streaming CSV reader: csv-parse over a file stream, decoded from UTF-8 (BOM or not),
// UTF-16 (BOM) or Windows-1252 (detected on the first bytes, or chosen), with the
// delimiter sniffed among , ; tab |. Quoted fields may hold delimiters, quotes and
// newlines; rows with too few or too many fields are passed on (validation rejects
// them with a reason) rather than failing the file. Parser errors name the file and line.
import { createReadStream, type ReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { parse, CsvError, type Parser } from 'csv-parse';
import iconv from 'iconv-lite';
import { AppError } from '../../shared/errors.ts';
import { assertTextFile, readHead, sniffDelimiter, sniffEncoding, type Delimiter, type TextEncoding } from './sniff.ts';
import type { SourceRow, TableSource } from './tableSource.ts';
import { uniqueHeaders } from './headers.ts';
import { ObjectStreamReader } from './objectStreamReader.ts';

export interface CsvOptions {
  /** Overrides the detected encoding. */
  encoding?: TextEncoding;
  /** Overrides the sniffed delimiter. */
  delimiter?: Delimiter;
}

/** The longest field accepted: beyond it the file is not a sane extract (binary, or a quote never closed). */
const MAX_RECORD_CHARS = 1_000_000;
const BATCH_ROWS = 1000;

function decodeHead(head: Buffer, encoding: TextEncoding, bom: number): string {
  const body = head.subarray(bom);
  if (encoding === 'utf8') return body.toString('utf8');
  if (encoding === 'utf16le') return body.toString('utf16le');
  return iconv.decode(body, encoding === 'utf16be' ? 'utf16-be' : 'win1252');
}

export function describeCsvError(error: unknown, path: string): AppError {
  const name = basename(path);
  if (error instanceof AppError) return error;
  if (error instanceof CsvError) {
    const line = (error as CsvError & { lines?: number }).lines;
    const where = line ? `, line ${line}` : '';
    const hint =
      error.code === 'CSV_QUOTE_NOT_CLOSED'
        ? ' A quoted field is never closed: check for a stray double quote.'
        : error.code === 'CSV_MAX_RECORD_SIZE'
          ? ' A field is far too long: the file may be binary, or a quote is never closed.'
          : '';
    return new AppError(
      'INVALID_FILE',
      `${name}${where}: the CSV cannot be read (${error.message}).${hint}`,
      error.code,
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new AppError('INVALID_FILE', `${name}: the file cannot be read (${message}).`);
}

export async function openCsv(path: string, options: CsvOptions = {}): Promise<TableSource> {
  const head = await readHead(path);
  assertTextFile(head, path);
  const sniffed = sniffEncoding(head);
  const encoding = options.encoding ?? sniffed.encoding;
  const bom = options.encoding && options.encoding !== sniffed.encoding ? 0 : sniffed.bom;
  const delimiter = options.delimiter ?? sniffDelimiter(decodeHead(head, encoding, bom));
  const { size } = await stat(path);

  let bytesRead = 0;
  const file: ReadStream = createReadStream(path, { highWaterMark: 256 * 1024 });
  file.on('data', (chunk) => {
    bytesRead += chunk.length;
  });
  const parser: Parser = parse({
    delimiter,
    bom: encoding === 'utf8',
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_CHARS,
  });
  if (encoding === 'utf8') {
    file.pipe(parser);
  } else {
    const decoder = iconv.decodeStream(
      encoding === 'utf16be' ? 'utf16-be' : encoding === 'utf16le' ? 'utf16le' : 'win1252',
    );
    file.pipe(decoder).pipe(parser);
    decoder.on('error', (error: Error) => parser.destroy(error));
  }
  file.on('error', (error) => parser.destroy(error));

  const records = new ObjectStreamReader<string[]>(parser);
  let first: string[][];
  try {
    first = await records.next(1);
  } catch (error) {
    file.destroy();
    throw describeCsvError(error, path);
  }
  if (first.length === 0) {
    file.destroy();
    throw new AppError('INVALID_FILE', `${basename(path)} is empty: it has no header row and no data.`);
  }
  const headers = uniqueHeaders(first[0] as string[]);
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    file.destroy();
    parser.destroy();
  };

  async function* batches(): AsyncGenerator<SourceRow[]> {
    let line = 1;
    try {
      for (;;) {
        const chunk = await records.next(BATCH_ROWS);
        if (chunk.length === 0) return;
        yield chunk.map((cells) => ({ cells, line: ++line }));
      }
    } catch (error) {
      throw describeCsvError(error, path);
    } finally {
      await close();
    }
  }

  return {
    path,
    format: 'csv',
    headers,
    encoding,
    delimiter,
    bytesTotal: size,
    bytesRead: () => bytesRead,
    batches,
    close,
  };
}
