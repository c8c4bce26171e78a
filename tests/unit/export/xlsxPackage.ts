// Reads an XLSX file the way Excel does, below exceljs: the zip's parts, the workbook's sheets in
// order, each sheet's XML and the XML of the tables it declares (tableParts), parsed strictly.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { XmlElement } from './exportTestKit.ts';

type Handler = (message: string) => void;
interface XmlDocument {
  documentElement: XmlElement | null;
  getElementsByTagName(name: string): { length: number; item(i: number): XmlElement | null };
}
const { DOMParser } = createRequire(import.meta.url)('@xmldom/xmldom') as {
  DOMParser: new (options: { errorHandler: { warning: Handler; error: Handler; fatalError: Handler } }) => {
    parseFromString(source: string, mime: string): XmlDocument;
  };
};

export function parseXml(xml: string): XmlDocument {
  const problems: string[] = [];
  const doc = new DOMParser({
    errorHandler: {
      warning: (m) => problems.push(m),
      error: (m) => problems.push(m),
      fatalError: (m) => problems.push(m),
    },
  }).parseFromString(xml, 'application/xml');
  if (problems.length > 0) throw new Error(`XML does not parse: ${problems.join('; ')}`);
  return doc;
}

export function elements(doc: XmlDocument | XmlElement, tag: string): XmlElement[] {
  const list = doc.getElementsByTagName(tag);
  return Array.from({ length: list.length }, (_, i) => list.item(i)!);
}

export interface XlsxSheet {
  name: string;
  xml: string;
  tables: Array<{ xml: string; name: string; ref: string; headerRowCount: number; columns: string[] }>;
}

/** The sheets of an XLSX in workbook order, with the tables each one declares. */
export function xlsxSheets(path: string): XlsxSheet[] {
  const files = unzipSync(readFileSync(path));
  const text = (name: string): string => {
    const bytes = files[name];
    if (!bytes) throw new Error(`${path} has no part ${name}`);
    return strFromU8(bytes);
  };
  const relsOf = (part: string): Map<string, string> => {
    const relsPath = posix.join(posix.dirname(part), '_rels', `${posix.basename(part)}.rels`);
    if (!files[relsPath]) return new Map();
    return new Map(
      elements(parseXml(text(relsPath)), 'Relationship').map((rel) => [
        rel.getAttribute('Id')!,
        posix.normalize(posix.join(posix.dirname(part), rel.getAttribute('Target')!)),
      ]),
    );
  };
  const workbookRels = relsOf('xl/workbook.xml');
  return elements(parseXml(text('xl/workbook.xml')), 'sheet').map((sheet) => {
    const part = workbookRels.get(sheet.getAttribute('r:id')!)!;
    const xml = text(part);
    const sheetRels = relsOf(part);
    const tables = elements(parseXml(xml), 'tablePart').map((tablePart) => {
      const tableXml = text(sheetRels.get(tablePart.getAttribute('r:id')!)!);
      const table = parseXml(tableXml).documentElement!;
      return {
        xml: tableXml,
        name: table.getAttribute('name')!,
        ref: table.getAttribute('ref')!,
        headerRowCount: Number(table.getAttribute('headerRowCount') ?? '1'),
        columns: elements(table, 'tableColumn').map((c) => c.getAttribute('name')!),
      };
    });
    return { name: sheet.getAttribute('name')!, xml, tables };
  });
}
