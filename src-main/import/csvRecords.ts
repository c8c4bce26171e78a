// CSV text to records with papaparse, a chunk of decoded text at a time: each chunk is parsed
// with the incomplete last record held back and parsed again with the next chunk (as
// papaparse's own streamers do), so quoted fields may hold delimiters, quotes and newlines
// across chunk boundaries. Empty lines are skipped, ragged records are passed on as they are
// (validation rejects them with a reason), and what cannot be read (a quote never closed, a
// closing quote followed by text that swallows the next lines, a record far too long) is an
// INVALID_FILE error naming the file and the line where the record starts.
import Papa from 'papaparse';
import { AppError } from '../../shared/errors.ts';
import { MAX_RECORD_CHARS } from './csvTokenizer.ts';
import { sniffLineEnding, type LineEnding } from './sniff.ts';

/** What papaparse's Parser.parse returns (its typings say `any`). */
interface ParseResult {
  data: string[][];
  errors: Papa.ParseError[];
  meta: { cursor: number };
}

/** Newlines in `text` before `end` (a \r\n ending counts once; \r alone only in a \r file). */
function linesIn(text: string, end: number, ending: string): number {
  const mark = ending === '\r' ? '\r' : '\n';
  let n = 0;
  for (let i = text.indexOf(mark); i !== -1 && i < end; i = text.indexOf(mark, i + 1)) n++;
  return n;
}

export class CsvRecords {
  private parser: Papa.Parser | undefined;
  private ending: LineEnding | undefined;
  /** The text of the record still incomplete, waiting for the next chunk. */
  private pending = '';
  /** Lines wholly read before `pending` (its first line is this plus one). */
  private linesBefore = 0;

  constructor(
    private readonly delimiter: string,
    /** The file's name, for messages. */
    private readonly fileName: string,
    private readonly maxRecordChars = MAX_RECORD_CHARS,
    /** Where another reader stopped: the line ending it found and the lines it read. */
    resume?: { ending: LineEnding | undefined; linesBefore: number },
  ) {
    this.ending = resume?.ending;
    this.linesBefore = resume?.linesBefore ?? 0;
  }

  /** The records completed by this chunk of text (the empty lines left out). */
  push(chunk: string): string[][] {
    return this.parse(this.pending + chunk, false);
  }

  /** The last records, at the end of the file. */
  end(): string[][] {
    const text = this.pending;
    this.pending = '';
    return text === '' ? [] : this.parse(text, true);
  }

  private parse(text: string, last: boolean): string[][] {
    if (this.ending === undefined) {
      const ending = sniffLineEnding(text, this.delimiter);
      if (ending === undefined && !last) return this.holdBack(text, 0);
      this.ending = ending ?? (text.endsWith('\r') ? '\r' : '\n');
    }
    this.parser ??= new Papa.Parser({ delimiter: this.delimiter, newline: this.ending, quoteChar: '"' });
    const result = this.parser.parse(text, 0, !last) as ParseResult;
    this.check(result, text);
    const records = result.data;
    let kept = 0;
    for (let i = 0; i < records.length; i++) {
      const record = records[i] as string[];
      if (record.length === 1 && record[0] === '') continue;
      records[kept++] = record;
    }
    records.length = kept;
    if (!last) this.holdBack(text, result.meta.cursor);
    return records;
  }

  /** Keeps the text from `cursor` on for the next chunk. */
  private holdBack(text: string, cursor: number): [] {
    this.linesBefore += linesIn(text, cursor, this.ending ?? '\n');
    this.pending = cursor === 0 ? text : text.slice(cursor);
    if (this.pending.length > this.maxRecordChars) {
      throw this.unreadable(
        this.linesBefore + 1,
        `a record runs past ${this.maxRecordChars.toLocaleString('en-GB')} characters`,
        'A field is far too long: the file may be binary, or a quote is never closed.',
      );
    }
    return [];
  }

  /**
   * A quote never closed fails the file. So does a closing quote followed by text when
   * papaparse's recovery ran on past a line end (it would merge the lines after it into one
   * field); on one line, its reading (the stray quotes kept as text) stands.
   */
  private check(result: ParseResult, text: string): void {
    for (const error of result.errors) {
      const row = error.row ?? 0;
      const lineOf = (): number => this.linesBefore + 1 + linesIn(text, error.index ?? 0, this.ending ?? '\n');
      if (error.code === 'MissingQuotes') {
        throw this.unreadable(
          lineOf(),
          'a quoted field that starts on this line is never closed',
          'Check for a stray double quote.',
        );
      }
      const record = result.data[row];
      if (error.code === 'InvalidQuotes' && record && record.some((cell) => cell.includes(this.ending as string))) {
        throw this.unreadable(
          lineOf(),
          'a quoted field is closed and then followed by more text, so the lines after it run together',
          'Check for a stray double quote.',
        );
      }
    }
  }

  private unreadable(line: number, what: string, hint: string): AppError {
    return new AppError('INVALID_FILE', `${this.fileName}, line ${line}: the CSV cannot be read (${what}). ${hint}`);
  }
}
