// Infers the codebook of a context dataset from its rows: each column's kind (category
// with its categories, date, month, number, or free text left out of analysis), a safe
// column name, and whether a district can be derived from it (an LSOA name such as
// "Fenland 012A", a district name or an ONS district code; or an LSOA code such as E01018088
// when the workspace holds a geography lookup, lsoaLookup.ts). The analyst may edit the result.
import { BUILT_IN_CODEBOOK, findColumn, type CodebookColumn } from '../../shared/codebook.ts';
import { openSource, type SourceOptions } from './openSource.ts';
import { parseDate } from '../../shared/parseDate.ts';
import { makeRecoder } from './recode.ts';

export type ContextColumnKind = 'category' | 'date' | 'month' | 'number' | 'text';

export interface ContextColumn {
  source: string;
  /** Column name in the dataset's table (lower-case identifier). */
  name: string;
  label: string;
  kind: ContextColumnKind;
  /** Free text is left out by default; the analyst may include any column. */
  included: boolean;
  /** Distinct values seen (capped), for categories. */
  distinct?: number;
}

export interface ContextInference {
  headers: string[];
  columns: ContextColumn[];
  /** The source column a `district` column is derived from, if any. */
  districtFrom: string | null;
  /** The first column holding LSOA codes (E01018088), if any. */
  lsoaCodeColumn: string | null;
  /** Why no district is derived though one could be (LSOA codes and no geography lookup). */
  districtHint: string | null;
  rowsSampled: number;
  /** False when the file was read as having no header line. */
  hasHeader: boolean;
  /** Why the first line looks like data, not a header (a header lost on the way), or null. */
  firstLineIsData: string | null;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const NUMBER = /^-?\d+(\.\d+)?$/;
const GEOGRAPHY_CODE = /^[EWSN]\d{8}$/;
/** An LSOA code of England or Wales: E01 or W01 and six digits. */
export const LSOA_CODE = /^[EW]01\d{6}$/;
const MAX_DISTINCT = 2000;
/** An LSOA name as police.uk writes it: a district, three digits and a letter ("Bedford 004E"). */
const LSOA_NAME = /^.+\s\d{3}[A-Z]$/i;
const RESERVED = new Set(['id', 'source_row', 'district']);

/** "LSOA code" → lsoa_code; unique, never a reserved name. */
export function safeColumnNames(headers: readonly string[]): string[] {
  const used = new Set<string>();
  return headers.map((h, i) => {
    let base = h
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 50);
    if (!/^[a-z]/.test(base)) base = `c_${base || i + 1}`;
    if (RESERVED.has(base)) base = `${base}_src`;
    let name = base;
    for (let k = 2; used.has(name); k++) name = `${base}_${k}`;
    used.add(name);
    return name;
  });
}

/** Blank, "Unknown", "Not known", "N/K", "NK": one Unknown in every dataset. */
export function isUnknownValue(raw: string): boolean {
  return /^(unknown|not known|n\/?k|n\.k\.?|not recorded)$/i.test(raw.trim());
}

export const districtRecoder = makeRecoder(findColumn(BUILT_IN_CODEBOOK, 'district') as CodebookColumn);

export async function inferContextColumns(
  path: string,
  options: SourceOptions & { sampleRows?: number; hasLsoaLookup?: boolean } = {},
): Promise<ContextInference> {
  const limit = options.sampleRows ?? 50_000;
  const source = await openSource(path, options);
  const headers = [...source.headers];
  const stats = headers.map(() => ({
    filled: 0,
    month: 0,
    number: 0,
    date: 0,
    geo: 0,
    lsoa: 0,
    district: 0,
    lsoaName: 0,
    distinct: new Set<string>(),
  }));
  let rows = 0;
  try {
    outer: for await (const batch of source.batches()) {
      for (const row of batch) {
        if (rows >= limit) break outer;
        rows++;
        headers.forEach((_, i) => {
          const value = (row.cells[i] ?? '').trim();
          if (value === '') return;
          const s = stats[i] as (typeof stats)[number];
          s.filled++;
          if (MONTH.test(value)) s.month++;
          if (NUMBER.test(value)) s.number++;
          else if (parseDate(value) !== null) s.date++;
          if (GEOGRAPHY_CODE.test(value)) s.geo++;
          if (LSOA_CODE.test(value.toUpperCase())) s.lsoa++;
          const d = districtRecoder(value);
          if (d && d !== 'Unknown') s.district++;
          else if (LSOA_NAME.test(value)) s.lsoaName++; // another district's LSOA: Outside area
          if (s.distinct.size <= MAX_DISTINCT) s.distinct.add(value);
        });
      }
    }
  } finally {
    await source.close();
  }
  const names = safeColumnNames(headers);
  let districtFrom: string | null = null;
  let lsoaCodeColumn: string | null = null;
  const columns = headers.map((header, i): ContextColumn => {
    const s = stats[i] as (typeof stats)[number];
    const all = (n: number): boolean => s.filled > 0 && n === s.filled;
    let kind: ContextColumnKind;
    if (s.filled === 0) kind = 'text';
    else if (all(s.month)) kind = 'month';
    else if (all(s.number)) kind = 'number';
    else if (all(s.date)) kind = 'date';
    else if (
      all(s.geo) ||
      (s.distinct.size <= MAX_DISTINCT && (s.distinct.size <= 20 || s.distinct.size <= s.filled * 0.5))
    )
      kind = 'category';
    else kind = 'text';
    if (districtFrom === null && s.filled > 0 && s.district > 0 && s.district + s.lsoaName >= s.filled * 0.8)
      districtFrom = header;
    if (lsoaCodeColumn === null && s.filled > 0 && s.lsoa >= s.filled * 0.8) lsoaCodeColumn = header;
    const column: ContextColumn = {
      source: header,
      name: names[i] as string,
      label: header,
      kind,
      included: kind !== 'text',
    };
    if (kind === 'category') column.distinct = s.distinct.size;
    return column;
  });
  // An LSOA name (or district) column is preferred: it needs no lookup. Codes alone need one.
  let districtHint: string | null = null;
  if (districtFrom === null && lsoaCodeColumn !== null) {
    if (options.hasLsoaLookup) districtFrom = lsoaCodeColumn;
    else
      districtHint = `“${lsoaCodeColumn}” holds LSOA codes: once the ONS LSOA to district lookup is imported (Geography lookup on the Data screen, or vso geography import), the district can be derived from it.`;
  }
  return {
    headers,
    columns,
    districtFrom,
    lsoaCodeColumn,
    districtHint,
    rowsSampled: rows,
    hasHeader: source.hasHeader !== false,
    firstLineIsData: source.firstLineIsData ?? null,
  };
}
