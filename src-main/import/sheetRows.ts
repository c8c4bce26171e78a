// A worksheet's rows from the chunks of its XML, one `<row>` at a time: cells become text the
// way the CSV reader gives them (dates as ISO `YYYY-MM-DD`, with the time when it has one;
// numbers as written). Rows whose cells are all blank are dropped here, so a sheet padded
// with formatted empty rows yields nothing for them; rows past Excel's limit are refused.
import { AppError } from '../../shared/errors.ts';
import { attributes, runText, xmlText } from './xlsxParts.ts';
import type { SourceRow } from './tableSource.ts';

export interface SheetLimits {
  /** Excel's own limits: 1,048,576 rows and 16,384 columns. */
  maxRows: number;
  maxColumns: number;
}

export interface SheetContext {
  file: string;
  sheet: string;
  shared: readonly string[];
  dateStyles: readonly boolean[];
  date1904: boolean;
  limits: SheetLimits;
}

function isoOf(date: Date): string {
  const iso = date.toISOString();
  return iso.slice(11, 19) === '00:00:00' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** An Excel serial day number as a date (days since 1899-12-30, or 1904-01-01). */
export function serialDate(serial: number, date1904: boolean): Date {
  const days = date1904 ? serial + 1462 : serial;
  return new Date(Math.round((days - 25569) * 86_400_000));
}

/** The column index (0-based) of a cell reference such as `AB12`; -1 when it has none. */
function columnOf(ref: string | undefined): number {
  if (!ref) return -1;
  let column = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const code = ref.charCodeAt(i);
    if (code >= 65 && code <= 90) column = column * 26 + (code - 64);
    else if (code >= 97 && code <= 122) column = column * 26 + (code - 96);
    else break;
  }
  return i === 0 ? -1 : column - 1;
}

/**
 * One attribute of a cell's start tag, found by `indexOf`: the cell tags are most of a sheet,
 * and a general attribute parser was the reader's largest cost. Falls back to it for the rare
 * tag that quotes with `'` or spaces around `=`.
 */
function cellAttribute(tag: string, name: 'r' | 't' | 's'): string | undefined {
  if (tag.includes("'") || tag.includes(' =') || tag.includes('= ')) return attributes(tag).get(name);
  for (let from = 0; ;) {
    const at = tag.indexOf(`${name}="`, from);
    if (at < 0) return undefined;
    const before = tag.charCodeAt(at - 1);
    if (at > 0 && (before === 32 || before === 9 || before === 10 || before === 13)) {
      const start = at + name.length + 2;
      return xmlText(tag.slice(start, tag.indexOf('"', start)));
    }
    from = at + 1;
  }
}

const ROW = /<(?:[\w.-]+:)?row(?=[\s/>])([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?row>)/g;
const CELL = /<(?:[\w.-]+:)?c(?=[\s/>])([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?c>)/g;
const VALUE = /<(?:[\w.-]+:)?v(?:\s[^>]*)?>([\s\S]*?)<\/(?:[\w.-]+:)?v>/;
const INLINE = /<(?:[\w.-]+:)?is(?:\s[^>]*)?>([\s\S]*?)<\/(?:[\w.-]+:)?is>/;

export class SheetRowParser {
  private pending = '';
  private readonly decoder = new TextDecoder('utf-8');
  private lastRow = 0;

  constructor(private readonly context: SheetContext) {}

  /** The complete rows in `chunk` and whatever came before it; `null` at the end. */
  push(chunk: Uint8Array | null): SourceRow[] {
    this.pending += chunk === null ? this.decoder.decode() : this.decoder.decode(chunk, { stream: true });
    const rows: SourceRow[] = [];
    ROW.lastIndex = 0;
    let end = 0;
    for (let match = ROW.exec(this.pending); match; match = ROW.exec(this.pending)) {
      end = ROW.lastIndex;
      const line = this.rowNumber(match[1] as string);
      if (match[2] === undefined) continue;
      const cells = this.cells(match[2], line);
      if (cells.some((c) => c.trim() !== '')) rows.push({ cells, line });
    }
    this.pending = this.pending.slice(end);
    return rows;
  }

  private rowNumber(tag: string): number {
    const r = /\br\s*=\s*"(\d+)"/.exec(tag)?.[1];
    const line = r === undefined ? this.lastRow + 1 : Number(r);
    if (line > this.context.limits.maxRows) {
      throw new AppError(
        'INVALID_FILE',
        `${this.context.file}, sheet "${this.context.sheet}": row ${line.toLocaleString('en-GB')} is past the limit of ` +
          `${this.context.limits.maxRows.toLocaleString('en-GB')} rows a sheet (Excel's own). Delete the rows below the data, or split the extract.`,
      );
    }
    this.lastRow = line;
    return line;
  }

  private cells(inner: string, line: number): string[] {
    const cells: string[] = [];
    let lastFilled = -1;
    let next = 0;
    CELL.lastIndex = 0;
    for (let match = CELL.exec(inner); match; match = CELL.exec(inner)) {
      const tag = match[1] as string;
      const explicit = columnOf(cellAttribute(tag, 'r'));
      const column = explicit >= 0 ? explicit : next;
      next = column + 1;
      if (column >= this.context.limits.maxColumns) {
        throw new AppError(
          'INVALID_FILE',
          `${this.context.file}, sheet "${this.context.sheet}", row ${line}: a cell is past the limit of ` +
            `${this.context.limits.maxColumns.toLocaleString('en-GB')} columns. Save the sheet again from Excel.`,
        );
      }
      const text = match[2] === undefined ? '' : this.cellText(tag, match[2], line, column);
      if (text === '') continue;
      while (cells.length < column) cells.push('');
      cells[column] = text;
      lastFilled = Math.max(lastFilled, column);
    }
    // Blank cells after the last value (formatted but empty) are not columns of data.
    cells.length = lastFilled + 1;
    for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = '';
    return cells;
  }

  private cellText(tag: string, inner: string, line: number, column: number): string {
    const type = cellAttribute(tag, 't') ?? 'n';
    if (type === 'inlineStr') {
      const is = INLINE.exec(inner)?.[1];
      return is === undefined ? '' : runText(is);
    }
    const raw = VALUE.exec(inner)?.[1];
    if (raw === undefined) return '';
    switch (type) {
      case 's': {
        const text = this.context.shared[Number(raw)];
        if (text === undefined) {
          throw new AppError(
            'INVALID_FILE',
            `${this.context.file}, sheet "${this.context.sheet}", row ${line}, column ${column + 1}: the cell points to a text the workbook does not hold. Save the sheet again from Excel.`,
          );
        }
        return text;
      }
      case 'str':
        return xmlText(raw);
      case 'b':
        return raw.trim() === '1' || raw.trim() === 'true' ? 'TRUE' : 'FALSE';
      case 'e':
        return '';
      case 'd': {
        const date = new Date(xmlText(raw).trim());
        return Number.isNaN(date.getTime()) ? xmlText(raw) : isoOf(date);
      }
      default: {
        const value = Number(raw);
        if (Number.isNaN(value)) return xmlText(raw);
        const style = Number(cellAttribute(tag, 's') ?? 0);
        if (this.context.dateStyles[style]) return isoOf(serialDate(value, this.context.date1904));
        return String(value);
      }
    }
  }
}
