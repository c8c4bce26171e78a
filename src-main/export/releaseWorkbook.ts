// The XLSX of a release, laid out as the Government Analysis Function's guidance on releasing
// statistics in spreadsheets asks: a Cover sheet (title, about, source, period, contact,
// release), a Contents sheet (one linked row per sheet), a Notes sheet (the shorthand [c] [z] [x]
// and every numbered note), then one table per sheet. Every table sheet looks the same: its title
// in A1, three lines of context in A2:A4, and a named Excel table with a single header row at A5,
// with no merged cells and no blank rows inside.
//
// Tables can be added one result at a time (a report pack adds one per figure), so the three
// meta sheets are laid out again after each addition and kept first by their sheet order.
import type ExcelJS from 'exceljs';
import { MARKERS, MARKER_FOOTNOTES, type Marker } from '../../shared/markers.ts';
import { APP_VERSION } from '../appVersion.ts';
import { exceljs } from './exceljsOnDemand.ts';
import type { ReleaseTable } from './releaseTables.ts';

/** The header row of every table sheet; the rows above it hold the title and its context. */
export const TABLE_HEADER_ROW = 5;
export const META_SHEETS = { cover: 'Cover', contents: 'Contents', notes: 'Notes' } as const;

/** What a release says about itself on its cover; what the caller does not know is parsed from the footnotes. */
export interface ReleaseAbout {
  source?: string;
  period?: string;
  contact?: string;
  release?: string;
  synthetic: boolean;
}

interface SheetEntry {
  sheet: string;
  title: string;
  notes: number[];
}

interface ReleaseState {
  generatedAt: Date;
  title: string | null;
  entries: SheetEntry[];
  notes: string[];
  markers: Set<Marker>;
  sources: Set<string>;
  periods: Set<string>;
  contact: string | null;
  release: string | null;
  synthetic: boolean;
  tables: number;
}

const states = new WeakMap<ExcelJS.Workbook, ReleaseState>();

function stateOf(workbook: ExcelJS.Workbook): ReleaseState {
  let state = states.get(workbook);
  if (!state) {
    state = {
      generatedAt: workbook.created ?? new Date(),
      title: null,
      entries: [],
      notes: [],
      markers: new Set(),
      sources: new Set(),
      periods: new Set(),
      contact: null,
      release: null,
      synthetic: false,
      tables: 0,
    };
    states.set(workbook, state);
  }
  return state;
}

/** A workbook for a release; `title` names it on the cover (else the one table's title, or "Tables"). */
export function newReleaseWorkbook(generatedAt: Date, title?: string): ExcelJS.Workbook {
  const { Workbook } = exceljs();
  const workbook = new Workbook();
  workbook.creator = 'VSO Workbench';
  workbook.created = generatedAt;
  workbook.modified = generatedAt;
  const state = stateOf(workbook);
  state.generatedAt = generatedAt;
  state.title = title ?? null;
  return workbook;
}

/** The period and source a footnote block names (footnoteLines in shared/figure.ts writes them). */
export function aboutFromFootnotes(footnote: readonly string[]): { period: string | null; source: string | null } {
  let period: string | null = null;
  let source: string | null = null;
  for (const line of footnote) {
    period ??= /Period: (.+?)\.?$/.exec(line)?.[1] ?? null;
    if (line.startsWith('Source: ')) source = line.slice('Source: '.length).replace(/\.$/, '');
  }
  return { period, source };
}

const NOTES_TITLE = 'Notes and shorthand used in the tables';
const METADATA_TITLE = 'Metadata: how and when the tables were made';

const TITLE_FONT: Partial<ExcelJS.Font> = { bold: true, size: 15 };
const HEADING_FONT: Partial<ExcelJS.Font> = { bold: true, size: 13 };

function noteLabel(n: number): string {
  return `[note ${n}]`;
}

function markerName(marker: Marker): string {
  return MARKER_FOOTNOTES[marker].slice(marker.length).split(':')[0]!.trim();
}

/** Writes a title, three context lines and one named table with a single header row at A5. */
function writeTableSheet(
  sheet: ExcelJS.Worksheet,
  tableName: string,
  title: string,
  context: [string, string, string],
  header: string[],
  rows: Array<{ cells: ExcelJS.CellValue[]; formats?: Array<string | null>; isTotal?: boolean }>,
  labelColumns: number,
): void {
  sheet.getCell('A1').value = title;
  sheet.getCell('A1').font = TITLE_FONT;
  context.forEach((line, i) => {
    sheet.getCell(2 + i, 1).value = line;
  });
  sheet.addTable({
    name: tableName,
    ref: `A${TABLE_HEADER_ROW}`,
    headerRow: true,
    totalsRow: false,
    style: { theme: 'TableStyleLight1', showRowStripes: false },
    columns: header.map((name) => ({ name, filterButton: false })),
    rows: rows.map((row) => row.cells),
  });
  header.forEach((_name, c) => {
    const cell = sheet.getCell(TABLE_HEADER_ROW, c + 1);
    cell.font = { bold: true };
    cell.alignment = { horizontal: c < labelColumns ? 'left' : 'right', vertical: 'bottom', wrapText: true };
  });
  rows.forEach((row, r) => {
    row.cells.forEach((value, c) => {
      const cell = sheet.getCell(TABLE_HEADER_ROW + 1 + r, c + 1);
      const format = row.formats?.[c];
      if (format) cell.numFmt = format;
      else if (c >= labelColumns) cell.alignment = { horizontal: 'right' };
      if (row.isTotal) cell.font = { bold: true };
    });
  });
  header.forEach((name, c) => {
    const longest = Math.max(
      name.length,
      ...rows.map((row) => {
        const v = row.cells[c];
        return typeof v === 'string' ? v.length : typeof v === 'number' ? String(v).length + 2 : 10;
      }),
    );
    sheet.getColumn(c + 1).width = Math.min(
      c < labelColumns ? 60 : 24,
      Math.max(c < labelColumns ? 14 : 10, longest + 2),
    );
  });
}

/** Adds a result's tables, one per sheet (Table_1, Table_1_percent, ...), and lays out the meta sheets again. */
export function addReleaseTables(
  workbook: ExcelJS.Workbook,
  tables: readonly ReleaseTable[],
  footnote: readonly string[],
  about: ReleaseAbout,
): ExcelJS.Worksheet[] {
  const state = stateOf(workbook);
  state.tables += 1;
  const parsed = aboutFromFootnotes(footnote);
  const source = about.source ?? parsed.source;
  const period = about.period ?? parsed.period;
  if (source) state.sources.add(source);
  if (period) state.periods.add(period);
  if (about.contact) state.contact = about.contact;
  if (about.release) state.release = about.release;
  state.synthetic ||= about.synthetic;
  const sheets = tables.map((table) => {
    const name = table.kind === 'counts' ? `Table_${state.tables}` : `Table_${state.tables}_${table.kind}`;
    const numbers = table.notes.map((text) => {
      const at = state.notes.indexOf(text);
      if (at >= 0) return at + 1;
      state.notes.push(text);
      return state.notes.length;
    });
    const unique = [...new Set(numbers)];
    const used = Object.values(MARKERS).filter((m) => table.markers.includes(m));
    used.forEach((m) => state.markers.add(m));
    const sheet = workbook.addWorksheet(name);
    writeTableSheet(
      sheet,
      name.toLowerCase(),
      table.title,
      [
        'This worksheet contains one table.',
        unique.length > 0
          ? `Notes for this table: ${unique.map(noteLabel).join(', ')} (see the Notes worksheet).`
          : 'This table has no notes.',
        used.length > 0
          ? `Shorthand: ${used.map((m) => `${m} ${markerName(m)}`).join(', ')} (see the Notes worksheet).`
          : 'This table uses no shorthand.',
      ],
      table.header,
      table.rows,
      table.labelColumns,
    );
    state.entries.push({ sheet: name, title: table.title, notes: unique });
    return sheet;
  });
  layOutMetaSheets(workbook, state);
  return sheets;
}

/** A last sheet of item and value pairs (provenance for re-making the table), listed in Contents. */
export function addMetadataSheet(workbook: ExcelJS.Workbook, pairs: ReadonlyArray<[string, string | number]>): void {
  const state = stateOf(workbook);
  const sheet = workbook.addWorksheet('Metadata');
  writeTableSheet(
    sheet,
    'metadata',
    METADATA_TITLE,
    [
      'This worksheet contains one table.',
      'How and when the tables were made, so they can be made again.',
      'This table uses no shorthand.',
    ],
    ['Item', 'Value'],
    pairs.map(([key, value]) => ({ cells: [key, value] })),
    2,
  );
  sheet.getColumn(2).width = 100;
  state.entries.push({ sheet: 'Metadata', title: METADATA_TITLE, notes: [] });
  layOutMetaSheets(workbook, state);
}

function layOutMetaSheets(workbook: ExcelJS.Workbook, state: ReleaseState): void {
  for (const name of Object.values(META_SHEETS)) {
    const old = workbook.getWorksheet(name);
    if (old) workbook.removeWorksheet(old.id);
  }
  const cover = workbook.addWorksheet(META_SHEETS.cover);
  const contents = workbook.addWorksheet(META_SHEETS.contents);
  const notes = workbook.addWorksheet(META_SHEETS.notes);
  // exceljs orders sheets by orderNo (not in its typings): the meta sheets go before every table sheet.
  [cover, contents, notes].forEach((sheet, i) => {
    (sheet as ExcelJS.Worksheet & { orderNo: number }).orderNo = i - 3;
  });
  writeCover(cover, state);
  writeTableSheet(
    contents,
    'contents',
    'Contents',
    ['This worksheet contains one table.', 'Select a sheet name to go to that sheet.', 'This table uses no shorthand.'],
    ['Sheet name', 'Title'],
    [{ sheet: META_SHEETS.notes, title: NOTES_TITLE }, ...state.entries].map((e) => ({
      cells: [{ text: e.sheet, hyperlink: `#'${e.sheet}'!A1` }, e.title],
    })),
    2,
  );
  const markers = Object.values(MARKERS).filter((m) => state.markers.has(m));
  const noteRows = [
    ...markers.map((m) => ({ cells: [m, MARKER_FOOTNOTES[m], 'Cells that show it'] })),
    ...state.notes.map((text, i) => ({
      cells: [
        noteLabel(i + 1),
        text,
        state.entries
          .filter((e) => e.notes.includes(i + 1))
          .map((e) => e.sheet)
          .join(', '),
      ],
    })),
  ];
  // An Excel table needs a data row: say there is nothing rather than leave the table empty.
  if (noteRows.length === 0)
    noteRows.push({ cells: ['None', 'The tables have no notes and use no shorthand.', 'None'] });
  writeTableSheet(
    notes,
    'notes',
    NOTES_TITLE,
    [
      'This worksheet contains one table.',
      'Tables refer to notes by number, and show shorthand in place of numbers that are not published.',
      'The first rows explain the shorthand.',
    ],
    ['Note or shorthand', 'Text', 'Applies to'],
    noteRows,
    3,
  );
  notes.getColumn(2).width = 100;
  notes.getColumn(2).alignment = { wrapText: true, vertical: 'top' };
  workbook.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 0, visibility: 'visible' }];
}

function writeCover(sheet: ExcelJS.Worksheet, state: ReleaseState): void {
  const counted = state.entries.filter((e) => /^Table_\d+$/.test(e.sheet));
  const title = state.title ?? (counted.length === 1 ? counted[0]!.title : 'Tables');
  const lines: Array<[heading: string, text: string]> = [
    [
      'About these statistics',
      `${counted.length === 1 ? 'A table' : `${counted.length} tables`} made with VSO Workbench, with small numbers suppressed by disclosure control. Each table is on its own worksheet: the Contents worksheet lists them, the Notes worksheet explains their notes and shorthand.`,
    ],
    ...(state.synthetic
      ? [['Synthetic data', 'These are generated records, not real people: not for publication.'] as [string, string]]
      : []),
    ['Source', state.sources.size > 0 ? [...state.sources].join('; ') : 'Not given.'],
    ['Period covered', state.periods.size > 0 ? [...state.periods].join('; ') : 'Not given.'],
    [
      'Contact',
      state.contact ??
        'Contact: not set. Before release, add the name and email address of the team that produces these statistics: on the Start screen of VSO Workbench (Contact for published statistics), or with "vso workspace contact <file> --set <text>".',
    ],
    [
      'Release',
      `${state.release ? `${state.release}. ` : ''}Produced on ${state.generatedAt.toISOString().slice(0, 10)} with VSO Workbench ${APP_VERSION}.`,
    ],
  ];
  sheet.getCell('A1').value = title;
  sheet.getCell('A1').font = TITLE_FONT;
  let r = 2;
  for (const [heading, text] of lines) {
    sheet.getCell(r, 1).value = heading;
    sheet.getCell(r, 1).font = HEADING_FONT;
    sheet.getCell(r + 1, 1).value = text;
    sheet.getCell(r + 1, 1).alignment = { wrapText: true, vertical: 'top' };
    r += 2;
  }
  sheet.getColumn(1).width = 110;
}
