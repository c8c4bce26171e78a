// Line endings made LF outside quoted fields, a chunk of text at a time: how the rest of a file
// reaches papaparse (which reads one line ending per file) once the byte tokenizer hands it
// over, so that a file whose lines end in CR LF, LF or CR, mixed, is read whole either way.
// Quoted fields are left as they are; a field is quoted when it starts with a double quote,
// and "" inside it is a quote, as the tokenizer reads them.
const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

export class LineEndingsToLf {
  private inQuotes = false;
  /** The last character closed a quoted field: a quote now is an escaped one (""). */
  private justClosed = false;
  private fieldStart = true;
  /** The last character was a CR outside quotes: an LF now completes its CR LF. */
  private afterCr = false;
  private readonly delimiter: number;

  constructor(delimiter: string) {
    this.delimiter = delimiter.charCodeAt(0);
  }

  push(text: string): string {
    let out = '';
    let from = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.inQuotes) {
        if (c === QUOTE) {
          this.inQuotes = false;
          this.justClosed = true;
        }
        continue;
      }
      if (this.afterCr) {
        this.afterCr = false;
        if (c === LF) {
          out += text.slice(from, i);
          from = i + 1;
          continue;
        }
      }
      if (c === QUOTE && (this.fieldStart || this.justClosed)) {
        this.inQuotes = true;
        this.justClosed = false;
        this.fieldStart = false;
        continue;
      }
      this.justClosed = false;
      if (c === CR) {
        out += `${text.slice(from, i)}\n`;
        from = i + 1;
        this.afterCr = true;
        this.fieldStart = true;
      } else this.fieldStart = c === LF || c === this.delimiter;
    }
    return from === 0 ? text : out + text.slice(from);
  }
}

/** The whole text with its line endings made LF outside quoted fields. */
export function lineEndingsToLf(text: string, delimiter: string): string {
  return new LineEndingsToLf(delimiter).push(text);
}
