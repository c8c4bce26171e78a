// The parts of a zip held in memory (an .xlsx is one), read from its central directory so the
// order of the parts in the file does not matter, and inflated a chunk at a time with a bound
// on the output checked before the first byte is inflated and again as bytes come out. Nothing
// is written to disk: a workbook of personal data never leaves a copy in the temp folder.
import { Inflate } from 'fflate';
import { AppError } from '../../shared/errors.ts';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  /** The size the zip declares; inflating never yields more. */
  size: number;
  /** Where the entry's local header starts. */
  localOffset: number;
}

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const ZIP64_MARK = 0xffffffff;

function corrupt(file: string, why: string): AppError {
  return new AppError(
    'INVALID_FILE',
    `${file}: the workbook cannot be read (${why}). Open it in Excel and save it again as .xlsx.`,
  );
}

function endOfDirectory(zip: Buffer, file: string): number {
  // The record is 22 bytes plus a comment of at most 65,535 bytes, at the end of the file.
  const lowest = Math.max(0, zip.length - 22 - 0xffff);
  for (let at = zip.length - 22; at >= lowest; at--) {
    if (zip.readUInt32LE(at) === END_OF_DIRECTORY) return at;
  }
  throw corrupt(file, 'it is not a complete zip archive');
}

/** The entries of the zip's central directory, by name. */
export function zipEntries(zip: Buffer, file: string): Map<string, ZipEntry> {
  const end = endOfDirectory(zip, file);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = new Map<string, ZipEntry>();
  for (let i = 0; i < count; i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== DIRECTORY_ENTRY)
      throw corrupt(file, 'its directory is damaged');
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const entry: ZipEntry = {
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      localOffset: zip.readUInt32LE(at + 42),
    };
    if (entry.size === ZIP64_MARK || entry.compressedSize === ZIP64_MARK || entry.localOffset === ZIP64_MARK) {
      throw new AppError(
        'INVALID_FILE',
        `${file}: the part ${entry.name} is larger than 4 GB, more than any sheet this app reads. Split the extract.`,
      );
    }
    entries.set(entry.name.replace(/^\//, ''), entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The entry's compressed bytes, found through its local header. */
function compressedBytes(zip: Buffer, entry: ZipEntry, file: string): Buffer {
  const at = entry.localOffset;
  if (at + 30 > zip.length || zip.readUInt32LE(at) !== LOCAL_HEADER) throw corrupt(file, `${entry.name} is damaged`);
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  if (start + entry.compressedSize > zip.length) throw corrupt(file, `${entry.name} is cut short`);
  return zip.subarray(start, start + entry.compressedSize);
}

export interface InflateBound {
  /** Most bytes the entry may inflate to. */
  maxBytes: number;
  /** What the limit is called in the error ("the sheet", "the shared strings"). */
  what: string;
  /** Most times the entry may unpack beyond its packed size, once it is over `ratioFromBytes` unpacked. */
  maxRatio?: number;
  ratioFromBytes?: number;
}

function tooLarge(file: string, entry: ZipEntry, bound: InflateBound, size: number): AppError {
  const mb = (n: number): string => `${Math.round(n / 1e6).toLocaleString('en-GB')} MB`;
  return new AppError(
    'INVALID_FILE',
    `${file}: ${bound.what} (${entry.name}) unpacks to ${mb(size)} or more, over this app's limit of ${mb(bound.maxBytes)}. ` +
      'Split the extract into smaller files, or save it as CSV.',
  );
}

/**
 * The entry's bytes, inflated `step` compressed bytes at a time (so at most about 1,000 times
 * `step` come out at once), never more than the declared size nor the bound: the declared
 * size is checked before inflating, and the output is counted as it comes.
 */
export function* inflateEntry(
  zip: Buffer,
  entry: ZipEntry,
  file: string,
  bound: InflateBound,
  step = 16 * 1024,
): Generator<Uint8Array, void, undefined> {
  if (entry.size > bound.maxBytes) throw tooLarge(file, entry, bound, entry.size);
  if (
    bound.maxRatio !== undefined &&
    entry.size > (bound.ratioFromBytes ?? 0) &&
    entry.size > entry.compressedSize * bound.maxRatio
  ) {
    throw new AppError(
      'INVALID_FILE',
      `${file}: ${bound.what} (${entry.name}) unpacks to ${Math.round(entry.size / entry.compressedSize)} times its packed size, ` +
        `over this app's limit of ${bound.maxRatio} times (real extracts stay far below it; a file packed tighter is built to exhaust the computer). ` +
        'Open it in Excel to check it, and save it as CSV.',
    );
  }
  const data = compressedBytes(zip, entry, file);
  if (entry.method === 0) {
    if (data.length !== entry.size) throw corrupt(file, `${entry.name} is damaged`);
    for (let at = 0; at < data.length; at += step * 64) yield data.subarray(at, at + step * 64);
    return;
  }
  if (entry.method !== 8) throw corrupt(file, `${entry.name} uses a compression method this app does not read`);
  let produced = 0;
  let ended = false;
  const out: Uint8Array[] = [];
  const inflater = new Inflate((chunk, final) => {
    produced += chunk.length;
    if (produced > entry.size) throw corrupt(file, `${entry.name} unpacks to more than it declares`);
    out.push(chunk);
    if (final) ended = true;
  });
  for (let at = 0; at < data.length && !ended; at += step) {
    try {
      inflater.push(data.subarray(at, at + step), at + step >= data.length);
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw corrupt(file, `${entry.name} is damaged: ${error instanceof Error ? error.message : String(error)}`);
    }
    while (out.length > 0) yield out.shift() as Uint8Array;
  }
  if (produced !== entry.size) throw corrupt(file, `${entry.name} is cut short`);
}

/** A small part inflated whole, as text. */
export function entryText(zip: Buffer, entry: ZipEntry, file: string, bound: InflateBound): string {
  const decoder = new TextDecoder('utf-8');
  let text = '';
  for (const chunk of inflateEntry(zip, entry, file, bound)) text += decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}
