// The few parts of an .xlsx the reader needs, parsed only as far as it needs them: the
// sheets' names and where they are, the shared strings, which styles show a number as a date,
// and the 1904 date system. Elements may carry a namespace prefix (`x:row`), as some
// exporters write them.
import { AppError } from '../../shared/errors.ts';

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML text to a string: entities, character references and OOXML's `_xHHHH_` escapes. */
export function xmlText(raw: string): string {
  let text = raw.includes('&')
    ? raw.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, name: string) => {
        if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
        if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
        return ENTITIES[name] ?? whole;
      })
    : raw;
  if (text.includes('_x')) {
    text = text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
  return text;
}

/** The attributes of one start tag's text, by local name (any prefix dropped). */
export function attributes(tag: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of tag.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    const name = (match[1] as string).replace(/^[\w.-]+:/, '');
    if (!found.has(name)) found.set(name, xmlText(match[2] ?? match[3] ?? ''));
  }
  return found;
}

/** The start tags named `local` (any prefix), as attribute maps. */
export function startTags(xml: string, local: string): Map<string, string>[] {
  const pattern = new RegExp(`<(?:[\\w.-]+:)?${local}(?=[\\s/>])([^>]*)>`, 'g');
  return [...xml.matchAll(pattern)].map((m) => attributes(m[1] as string));
}

/** The text of a run of `<t>` elements, skipping phonetic runs (`<rPh>`). */
export function runText(inner: string): string {
  const withoutPhonetic = inner.includes('rPh')
    ? inner.replace(/<(?:[\w.-]+:)?rPh\b[\s\S]*?<\/(?:[\w.-]+:)?rPh>/g, '')
    : inner;
  let text = '';
  for (const match of withoutPhonetic.matchAll(/<(?:[\w.-]+:)?t(?:\s[^>]*)?>([\s\S]*?)<\/(?:[\w.-]+:)?t>/g)) {
    text += xmlText(match[1] as string);
  }
  return text;
}

export interface SheetRef {
  name: string;
  /** The sheet's part in the zip, e.g. `xl/worksheets/sheet1.xml`. */
  part: string;
}

/** Resolves a relationship target against the folder of the part that names it. */
function resolvePart(from: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = from.split('/').slice(0, -1);
  for (const piece of target.split('/')) {
    if (piece === '..') parts.pop();
    else if (piece !== '.' && piece !== '') parts.push(piece);
  }
  return parts.join('/');
}

function relsPartOf(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

/** Relationship id to the part it targets, from a part's `.rels`. */
export function relationships(relsXml: string, from: string): Map<string, { type: string; part: string }> {
  const found = new Map<string, { type: string; part: string }>();
  for (const rel of startTags(relsXml, 'Relationship')) {
    const id = rel.get('Id');
    const target = rel.get('Target');
    if (id && target && rel.get('TargetMode') !== 'External') {
      found.set(id, { type: rel.get('Type') ?? '', part: resolvePart(from, target) });
    }
  }
  return found;
}

export interface WorkbookModel {
  sheets: SheetRef[];
  date1904: boolean;
  sharedStringsPart?: string;
  stylesPart?: string;
}

export function workbookModel(
  workbookXml: string,
  workbookPart: string,
  relsXml: string | undefined,
  file: string,
): WorkbookModel {
  const rels = relationships(relsXml ?? '', workbookPart);
  const folder = workbookPart.slice(0, workbookPart.lastIndexOf('/') + 1);
  const sheets: SheetRef[] = [];
  startTags(workbookXml, 'sheet').forEach((sheet, i) => {
    const rel = rels.get(sheet.get('id') ?? '');
    sheets.push({
      name: sheet.get('name') ?? `Sheet${i + 1}`,
      part: rel?.part ?? `${folder}worksheets/sheet${i + 1}.xml`,
    });
  });
  if (sheets.length === 0) throw new AppError('INVALID_FILE', `${file} has no worksheet.`);
  const pr = startTags(workbookXml, 'workbookPr')[0];
  const byType = (suffix: string): string | undefined => [...rels.values()].find((r) => r.type.endsWith(suffix))?.part;
  const model: WorkbookModel = { sheets, date1904: pr?.get('date1904') === '1' || pr?.get('date1904') === 'true' };
  const shared = byType('/sharedStrings');
  const styles = byType('/styles');
  if (shared) model.sharedStringsPart = shared;
  if (styles) model.stylesPart = styles;
  return model;
}

/** The workbook part named by the package's root relationships (nearly always `xl/workbook.xml`). */
export function workbookPartOf(rootRelsXml: string | undefined): string {
  const office = [...relationships(rootRelsXml ?? '', '').values()].find((r) => r.type.endsWith('/officeDocument'));
  return office?.part ?? 'xl/workbook.xml';
}

export { relsPartOf };

// Excel's built-in number formats that show a date or a time.
const BUILT_IN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56,
  57, 58,
]);

/** A format code that shows a date or time: d, m, y, h or s outside quotes, brackets and escapes. */
export function isDateFormat(code: string): boolean {
  const bare = code
    .replace(/\[[^\]]*\]/g, '')
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/_.|\*./g, '');
  return /[dmyhs]/i.test(bare) && !/^General$/i.test(bare);
}

/** For each cell style (the `s` of a cell), whether it shows its number as a date. */
export function dateStyles(stylesXml: string | undefined): boolean[] {
  if (!stylesXml) return [];
  const custom = new Map<number, string>();
  for (const fmt of startTags(stylesXml, 'numFmt'))
    custom.set(Number(fmt.get('numFmtId')), fmt.get('formatCode') ?? '');
  const cellXfs = /<(?:[\w.-]+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:[\w.-]+:)?cellXfs>/.exec(stylesXml)?.[1] ?? '';
  return startTags(cellXfs, 'xf').map((xf) => {
    const id = Number(xf.get('numFmtId') ?? 0);
    const code = custom.get(id);
    return code !== undefined ? isDateFormat(code) : BUILT_IN_DATE_FORMATS.has(id);
  });
}

export interface SharedStringBound {
  maxStrings: number;
}

/**
 * Shared strings from the chunks of their part, one `<si>` at a time, so the part's text is
 * never held whole; stops with a clear error past `maxStrings`.
 */
export function sharedStrings(chunks: Iterable<Uint8Array>, bound: SharedStringBound, file: string): string[] {
  const strings: string[] = [];
  const decoder = new TextDecoder('utf-8');
  const item = /<(?:[\w.-]+:)?si(?:\s[^>]*)?(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?si>)/g;
  let pending = '';
  const take = (): void => {
    item.lastIndex = 0;
    let end = 0;
    for (let match = item.exec(pending); match; match = item.exec(pending)) {
      strings.push(match[1] === undefined ? '' : runText(match[1]));
      end = item.lastIndex;
    }
    if (strings.length > bound.maxStrings) {
      throw new AppError(
        'INVALID_FILE',
        `${file} has more than ${bound.maxStrings.toLocaleString('en-GB')} different texts (shared strings), over this app's limit. ` +
          'Split the extract into smaller files, or save it as CSV.',
      );
    }
    pending = pending.slice(end);
  };
  for (const chunk of chunks) {
    pending += decoder.decode(chunk, { stream: true });
    take();
  }
  pending += decoder.decode();
  take();
  return strings;
}
