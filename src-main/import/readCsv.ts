// Streaming CSV reader: a file stream decoded from UTF-8 (BOM or not), UTF-16 (BOM) or
// Windows-1252 (detected on the first bytes, or chosen), with the delimiter sniffed among
// , ; tab |, parsed by papaparse a chunk at a time (csvRecords.ts). Quoted fields may hold
// delimiters, quotes and newlines; rows with too few or too many fields are passed on
// (validation rejects them with a reason) rather than failing the file. Errors name the file
// and line.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import iconv from 'iconv-lite';
import { AppError } from '../../shared/errors.ts';
import { CsvRecords } from './csvRecords.ts';
import { uniqueHeaders } from './headers.ts';
import { assertTextFile, readHead, sniffDelimiter, sniffEncoding, type Delimiter, type TextEncoding } from './sniff.ts';
import type { SourceRow, TableSource } from './tableSource.ts';

export interface CsvOptions {
  /** Overrides the detected encoding. */
  encoding?: TextEncoding;
  /** Overrides the sniffed delimiter. */
  delimiter?: Delimiter;
}

/** Bytes read at a time: each chunk of text is parsed whole, so it is also the batch size (~1,500 rows). */
const CHUNK_BYTES = 256 * 1024;

interface TextDecoderLike {
  write(chunk: Buffer): string;
  end(): string | undefined;
}

function iconvName(encoding: TextEncoding): 'utf16-be' | 'utf16le' | 'win1252' {
  return encoding === 'utf16be' ? 'utf16-be' : encoding === 'utf16le' ? 'utf16le' : 'win1252';
}

function decoderFor(encoding: TextEncoding): TextDecoderLike {
  return encoding === 'utf8' ? new StringDecoder('utf8') : iconv.getDecoder(iconvName(encoding));
}

function decodeHead(head: Buffer, encoding: TextEncoding, bom: number): string {
  const body = head.subarray(bom);
  if (encoding === 'utf8') return body.toString('utf8');
  if (encoding === 'utf16le') return body.toString('utf16le');
  return iconv.decode(body, iconvName(encoding));
}

/** Any failure while reading, in the analyst's terms (parse errors already are). */
export function describeCsvError(error: unknown, path: string): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new AppError('INVALID_FILE', `${basename(path)}: the file cannot be read (${message}).`);
}

/** The file's records, a chunk's worth at a time (never an empty batch), the BOM left out. */
async function* recordBatches(
  chunks: AsyncIterable<Buffer>,
  decoder: TextDecoderLike,
  records: CsvRecords,
): AsyncGenerator<string[][]> {
  let started = false;
  const text = (decoded: string): string => {
    if (started || decoded === '') return decoded;
    started = true;
    return decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
  };
  for await (const chunk of chunks) {
    const batch = records.push(text(decoder.write(chunk)));
    if (batch.length > 0) yield batch;
  }
  const batch = records.push(text(decoder.end() ?? ''));
  for (const record of records.end()) batch.push(record);
  if (batch.length > 0) yield batch;
}

export async function openCsv(path: string, options: CsvOptions = {}): Promise<TableSource> {
  const head = await readHead(path);
  assertTextFile(head, path);
  const sniffed = sniffEncoding(head);
  const encoding = options.encoding ?? sniffed.encoding;
  const bom = options.encoding && options.encoding !== sniffed.encoding ? 0 : sniffed.bom;
  const delimiter = options.delimiter ?? sniffDelimiter(decodeHead(head, encoding, bom));
  const { size } = await stat(path);

  const file = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  const reader = recordBatches(file, decoderFor(encoding), new CsvRecords(delimiter, basename(path)));
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    file.destroy();
    await reader.return(undefined);
  };

  let first: string[][];
  try {
    const next = await reader.next();
    first = next.done ? [] : next.value;
  } catch (error) {
    await close();
    throw describeCsvError(error, path);
  }
  if (first.length === 0) {
    await close();
    throw new AppError('INVALID_FILE', `${basename(path)} is empty: it has no header row and no data.`);
  }
  const headers = uniqueHeaders(first[0] as string[]);

  async function* batches(): AsyncGenerator<SourceRow[]> {
    let line = 1;
    const numbered = (records: string[][], from: number): SourceRow[] => {
      const rows = new Array<SourceRow>(records.length - from);
      for (let i = from; i < records.length; i++) rows[i - from] = { cells: records[i] as string[], line: ++line };
      return rows;
    };
    try {
      if (first.length > 1) yield numbered(first, 1);
      for (;;) {
        const next = await reader.next();
        if (next.done) return;
        yield numbered(next.value, 0);
      }
    } catch (error) {
      if (closed) return; // stopped by close(): the stream ending early is no error
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
    bytesRead: () => file.bytesRead,
    batches,
    close,
  };
}
