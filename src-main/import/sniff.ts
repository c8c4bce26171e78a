// Looks at the first bytes of a file before reading it: refuses files that are not text
// (an image or a workbook renamed .csv, binary junk; not text with one damaged field) with a
// message saying what the file is, detects the text encoding (UTF-8 with or without BOM, UTF-16 from its BOM, else
// Windows-1252 when the bytes are not valid UTF-8), the delimiter among , ; tab | and the
// line ending (\r\n, \n or \r: the first one outside quotes, as csv-parse decided it).
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppError } from '../../shared/errors.ts';

export type TextEncoding = 'utf8' | 'utf16le' | 'utf16be' | 'windows-1252';
export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];
export type LineEnding = '\r\n' | '\n' | '\r';

export const SNIFF_BYTES = 64 * 1024;
/** The share of control bytes beyond which a file's head is binary, not text with a damaged field. */
const BINARY_SHARE = 0.05;
/** The same for a head shorter than 1 KiB, where one damaged field weighs more. */
const SHORT_BINARY_SHARE = 0.25;

const SIGNATURES: ReadonlyArray<[string, number[]]> = [
  ['a PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['a JPEG image', [0xff, 0xd8, 0xff]],
  ['a GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['a PDF document', [0x25, 0x50, 0x44, 0x46]],
  ['a ZIP archive or an Excel workbook (.xlsx)', [0x50, 0x4b, 0x03, 0x04]],
  ['an old Excel workbook (.xls) or other Office file', [0xd0, 0xcf, 0x11, 0xe0]],
  ['a gzip archive', [0x1f, 0x8b]],
  ['a SQLite database', [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66]],
  ['a Parquet file', [0x50, 0x41, 0x52, 0x31]],
];

export async function readHead(path: string, bytes = SNIFF_BYTES): Promise<Buffer> {
  const handle = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT')
      throw new AppError('FILE_NOT_FOUND', `${path} does not exist. Check the path and try again.`);
    throw new AppError('INVALID_FILE', `${path} cannot be read: ${error.message}`);
  });
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** What a file's first bytes say it is, when it is a known binary format. */
export function binaryKind(head: Buffer): string | undefined {
  for (const [kind, signature] of SIGNATURES) {
    if (signature.every((b, i) => head[i] === b)) return kind;
  }
  return undefined;
}

/** Throws INVALID_FILE for a file that is not delimited text. */
export function assertTextFile(head: Buffer, path: string): void {
  const name = basename(path);
  const kind = binaryKind(head);
  if (kind) {
    throw new AppError(
      'INVALID_FILE',
      `${name} is ${kind}, not a CSV text file. Choose the CSV export of the extract (or the .xlsx itself).`,
    );
  }
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) return;
  let controls = 0;
  let zeros = 0;
  for (let i = 0; i < head.length; i++) {
    const b = head[i] as number;
    if (b === 0) zeros++;
    if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1a)) controls++;
  }
  // A stray control byte (a corrupt field) costs only its record (the reader rejects it); a file
  // refused is binary throughout, as no text extract is.
  const share = head.length >= 1024 ? BINARY_SHARE : SHORT_BINARY_SHARE;
  if (head.length > 0 && controls / head.length > share) {
    throw new AppError(
      'INVALID_FILE',
      `${name} ${zeros > 0 ? 'contains binary data' : 'is mostly binary data'} (${controls} control bytes in the first ${head.length}), so it is not a CSV text file.`,
    );
  }
}

/** The text encoding from the BOM, else UTF-8 when the head decodes strictly, else Windows-1252. */
export function sniffEncoding(head: Buffer): { encoding: TextEncoding; bom: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf8', bom: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf16le', bom: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf16be', bom: 2 };
  // A multi-byte character may be cut at the end of the sample: drop up to 3 trailing bytes.
  let end = head.length;
  for (let k = 1; k <= 3 && end - k >= 0; k++) {
    const b = head[end - k] as number;
    if ((b & 0xc0) === 0xc0) {
      end -= k;
      break;
    }
    if ((b & 0x80) === 0) break;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
    return { encoding: 'utf8', bom: 0 };
  } catch {
    return { encoding: 'windows-1252', bom: 0 };
  }
}

/** Counts a character outside double quotes in one line. */
function countOutsideQuotes(line: string, ch: string): number {
  let inQuotes = false;
  let n = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (c === ch && !inQuotes) n++;
  }
  return n;
}

/**
 * The delimiter that splits the first lines most consistently: the candidate with the same,
 * largest non-zero count on the header and the following lines. Comma when nothing splits.
 */
export function sniffDelimiter(sample: string): Delimiter {
  const lines = sample.split(/\r\n|\n|\r/).slice(0, 20);
  if (lines.length > 1 && sample.length >= SNIFF_BYTES / 2) lines.pop(); // the last line may be cut
  const nonEmpty = lines.filter((l) => l.trim() !== '');
  let best: Delimiter = ',';
  let bestScore = 0;
  for (const d of DELIMITERS) {
    const counts = nonEmpty.map((l) => countOutsideQuotes(l, d));
    const header = counts[0] ?? 0;
    if (header === 0) continue;
    const consistent = counts.filter((c) => c === header).length / counts.length;
    const score = header * consistent * consistent;
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
}

/**
 * The first line ending outside quoted fields (a field is quoted when it starts with a double
 * quote; a quote inside an unquoted field is text), or undefined when the text has none yet or
 * ends on a \r that may be the start of \r\n: the caller waits for more text.
 */
export function sniffLineEnding(text: string, delimiter: string): LineEnding | undefined {
  const d = delimiter.charCodeAt(0);
  let fieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 && fieldStart) {
      // Skip the quoted field: "" is a quote inside it, a lone " closes it.
      for (i++; i < text.length; i++) {
        if (text.charCodeAt(i) !== 0x22) continue;
        if (text.charCodeAt(i + 1) === 0x22) i++;
        else break;
      }
      fieldStart = false;
    } else if (c === 0x0a) return '\n';
    else if (c === 0x0d) {
      if (i + 1 === text.length) return undefined;
      return text.charCodeAt(i + 1) === 0x0a ? '\r\n' : '\r';
    } else fieldStart = c === d;
  }
  return undefined;
}
