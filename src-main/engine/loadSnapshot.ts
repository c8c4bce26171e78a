// Reads one cohort table of the workspace into a columnar snapshot in a single pass (packed
// into strings by SQLite, packedRead.ts, or row by row where a value needs it): store codes
// become display-order dictionary indices (labels from `categories`), flags become
// Yes/No(/Unknown), dates day numbers, and `month` and `financial_year` are derived from
// `date` when the store has not filled them.
import { UNKNOWN, columnsFor, type Codebook, type CodebookColumn, type Cohort } from '../../shared/codebook.ts';
import { AppError } from '../../shared/errors.ts';
import { isoToDays, NULL_DAY } from './dates.ts';
import { deriveFinancialYear, deriveMonth } from './deriveDates.ts';
import { packSnapshot, type RawCohort, type RawDimension } from './packSnapshot.ts';
import type { CohortSnapshot } from './snapshot.ts';
import {
  countRows,
  iterateRows,
  readCategoryCodes,
  readPacked,
  rowidSpan,
  tableColumnNames,
  type PackedTarget,
  type StoreDatabase,
} from '../store/snapshotReader.ts';

type Database = StoreDatabase;

interface CategoryRow {
  code: number;
  label: string;
  position: number;
}

const DERIVED_PERIODS = ['month', 'financial_year'];
/** Marks NULL in a category column while reading (stored codes are never this low). */
const NULL_CODE = -2147483648;
/** A rowid span above this (many deleted rows) falls back to count(*) to size the arrays. */
const MAX_ROWID_SPAN = 1 << 26;

function categoriesByColumn(db: Database): Map<string, CategoryRow[]> {
  const rows = readCategoryCodes(db);
  const byColumn = new Map<string, CategoryRow[]>();
  for (const row of rows) {
    const list = byColumn.get(row.column_name) ?? [];
    list.push({ code: row.code, label: row.label, position: row.position });
    byColumn.set(row.column_name, list);
  }
  return byColumn;
}

/** Store codes of a category column, with NULL as code `nullCode` (one past the largest). */
interface CodeReader {
  column: CodebookColumn;
  values: Int32Array;
  nullCode: number;
}

/**
 * Builds the dictionary of a category/ordinal column: closed columns keep every category
 * (so a table's shape is stable), open ones only those observed here. NULL joins the
 * column's own `Unknown`/`Not stated` (the last category) or a new `Unknown`.
 */
function dictionaryFor(reader: CodeReader, categories: CategoryRow[] | undefined, warnings: string[]): RawDimension {
  const { column, values, nullCode } = reader;
  const seen = new Uint8Array(nullCode + 1);
  for (let i = 0; i < values.length; i++) seen[values[i] as number] = 1;
  let rows = categories;
  if (!rows || rows.length === 0) {
    rows = column.categories.map((label, position) => ({ code: position, label, position }));
    if (rows.length > 0)
      warnings.push(`${column.name}: no categories in the workspace; codes read as codebook positions`);
  }
  const known = new Set(rows.map((r) => r.code));
  for (let code = 0; code < nullCode; code++) {
    if (seen[code] && !known.has(code)) {
      throw new AppError(
        'DAMAGED_WORKSPACE',
        `The ${column.cohorts.join('/')} table holds code ${code} in column ${column.name}, which has no category. Re-import the batch or repair the workspace.`,
      );
    }
  }
  const byDate = column.derivedFrom === 'date';
  const ordered = [...rows]
    .filter((r) => !column.open || seen[r.code])
    .sort((a, b) => (byDate ? a.label.localeCompare(b.label) : a.position - b.position));
  const labels = ordered.map((r) => r.label);
  const remap = new Int32Array(nullCode + 1).fill(-1);
  ordered.forEach((r, index) => (remap[r.code] = index));
  if (seen[nullCode]) {
    const last = labels.length - 1;
    const lastIsUnknown = last >= 0 && (labels[last] === UNKNOWN || labels[last] === 'Not stated') && !column.open;
    if (lastIsUnknown) remap[nullCode] = last;
    else {
      remap[nullCode] = labels.length;
      labels.push(UNKNOWN);
    }
  }
  return {
    name: column.name,
    kind: column.kind === 'ordinal' ? 'ordinal' : 'category',
    open: column.open,
    labels,
    codes: values,
    remap,
  };
}

type ColumnReader =
  | CodeReader
  | { flag: CodebookColumn; values: Uint8Array }
  | { date: CodebookColumn; days: Int32Array }
  | { number: CodebookColumn; values: Float64Array };

/** How the packed reader fills a column, or null for numbers (read row by row only). */
function packedTargetOf(reader: ColumnReader): PackedTarget | null {
  if ('nullCode' in reader)
    return { kind: 'code', name: reader.column.name, values: reader.values, nullValue: NULL_CODE };
  if ('flag' in reader) return { kind: 'flag', name: reader.flag.name, values: reader.values };
  if ('days' in reader) return { kind: 'date', name: reader.date.name, days: reader.days, parse: isoToDays };
  return null;
}

function everyPackable(targets: readonly (PackedTarget | null)[]): targets is PackedTarget[] {
  return targets.every((t) => t !== null);
}

/**
 * The general reader: every row through better-sqlite3 (`.raw().iterate()`), one monomorphic
 * loop per column kind inside the row loop (no per-value type tests). Returns the rows read.
 */
function readRowByRow(db: Database, cohort: Cohort, readers: readonly ColumnReader[], personIds: Int32Array): number {
  const catSlots: number[] = [];
  const catArrays: Int32Array[] = [];
  const flagSlots: number[] = [];
  const flagArrays: Uint8Array[] = [];
  const dateSlots: number[] = [];
  const dateArrays: Int32Array[] = [];
  const numberSlots: number[] = [];
  const numberArrays: Float64Array[] = [];
  const names: string[] = [];
  readers.forEach((reader, k) => {
    if ('nullCode' in reader) {
      names.push(reader.column.name);
      catSlots.push(k + 1);
      catArrays.push(reader.values);
    } else if ('flag' in reader) {
      names.push(reader.flag.name);
      flagSlots.push(k + 1);
      flagArrays.push(reader.values);
    } else if ('days' in reader) {
      names.push(reader.date.name);
      dateSlots.push(k + 1);
      dateArrays.push(reader.days);
    } else {
      names.push(reader.number.name);
      numberSlots.push(k + 1);
      numberArrays.push(reader.values);
    }
  });
  const capacity = personIds.length;
  let i = 0;
  for (const row of iterateRows(db, cohort, ['person_id', ...names])) {
    if (i >= capacity)
      throw new AppError(
        'DAMAGED_WORKSPACE',
        `The ${cohort} table changed while it was being read; reopen the workspace.`,
      );
    const person = row[0];
    personIds[i] = typeof person === 'number' ? person : -1;
    for (let k = 0; k < catSlots.length; k++) {
      const value = row[catSlots[k] as number];
      (catArrays[k] as Int32Array)[i] = typeof value === 'number' ? value : NULL_CODE;
    }
    for (let k = 0; k < flagSlots.length; k++) {
      const value = row[flagSlots[k] as number];
      (flagArrays[k] as Uint8Array)[i] = value === null || value === undefined ? 2 : value ? 1 : 0;
    }
    for (let k = 0; k < dateSlots.length; k++)
      (dateArrays[k] as Int32Array)[i] = isoToDays(row[dateSlots[k] as number] as string | null);
    for (let k = 0; k < numberSlots.length; k++) {
      const value = row[numberSlots[k] as number];
      (numberArrays[k] as Float64Array)[i] = typeof value === 'number' ? value : NaN;
    }
    i++;
  }
  return i;
}

function flagDimension(column: CodebookColumn, values: Uint8Array): RawDimension {
  // Stored 1 yes, 0 no, NULL (read as 2) unknown; display order Yes, No, Unknown.
  let hasNull = false;
  for (let i = 0; i < values.length; i++) if (values[i] === 2) hasNull = true;
  const labels = hasNull ? ['Yes', 'No', UNKNOWN] : ['Yes', 'No'];
  return { name: column.name, kind: 'flag', open: false, labels, codes: values, remap: Int32Array.of(1, 0, 2) };
}

export function loadSnapshot(
  db: Database,
  codebook: Codebook,
  cohort: Cohort,
  options: { packed?: boolean } = {},
): CohortSnapshot {
  const tableColumns = tableColumnNames(db, cohort);
  if (tableColumns.size === 0) throw new AppError('DAMAGED_WORKSPACE', `The workspace has no ${cohort} table.`);
  const warnings: string[] = [];
  const columns = columnsFor(codebook, cohort).filter((c) => {
    if (c.kind === 'person_key') return false;
    if (!tableColumns.has(c.name)) {
      if (!DERIVED_PERIODS.includes(c.name)) warnings.push(`${c.name}: not in the ${cohort} table`);
      return false;
    }
    return true;
  });
  const hasDate = columns.some((c) => c.name === 'date');
  // Rows are at most the span of the rowid (O(log n) to find); a full count(*) and per-column
  // max() would each decrypt the whole table once more. Maxima are found while decoding.
  const span = rowidSpan(db, cohort);
  let capacity = span.lo === null || span.hi === null ? 0 : span.hi - span.lo + 1;
  if (capacity > MAX_ROWID_SPAN) capacity = countRows(db, cohort);

  let personIds = new Int32Array(capacity);
  const readers: ColumnReader[] = columns.map((column) => {
    switch (column.kind) {
      case 'category':
      case 'ordinal':
        return { column, values: new Int32Array(capacity), nullCode: 0 };
      case 'flag':
        return { flag: column, values: new Uint8Array(capacity) };
      case 'date':
        return { date: column, days: new Int32Array(capacity) };
      case 'number':
        return { number: column, values: new Float64Array(capacity) };
      case 'person_key':
        throw new Error('person_key is read as person_id');
    }
  });

  const targets = readers.map(packedTargetOf);
  const packedRows =
    options.packed !== false && span.lo !== null && span.hi !== null && everyPackable(targets)
      ? readPacked(db, cohort, { lo: span.lo, hi: span.hi }, personIds, targets)
      : null;
  const rowCount = packedRows ?? readRowByRow(db, cohort, readers, personIds);
  if (rowCount < capacity) {
    personIds = personIds.subarray(0, rowCount);
    for (const reader of readers) {
      if ('days' in reader) reader.days = reader.days.subarray(0, rowCount);
      else reader.values = reader.values.subarray(0, rowCount) as never;
    }
  }
  // NULL becomes one past the largest stored code, as dictionaryFor expects.
  for (const reader of readers) {
    if (!('nullCode' in reader)) continue;
    const values = reader.values;
    let max = -1;
    for (let r = 0; r < rowCount; r++) if ((values[r] as number) > max) max = values[r] as number;
    reader.nullCode = max + 1;
    for (let r = 0; r < rowCount; r++) if (values[r] === NULL_CODE) values[r] = max + 1;
  }

  // `month` and `financial_year` are derived from the date when the table lacks them or has
  // a dated row without them (found here, from the values read, rather than by another scan).
  const dateDays = readers.find(
    (r): r is { date: CodebookColumn; days: Int32Array } => 'days' in r && r.date.name === 'date',
  )?.days;
  const periodsMissing =
    hasDate &&
    DERIVED_PERIODS.some((period) => {
      const reader = readers.find((r): r is CodeReader => 'nullCode' in r && r.column.name === period);
      if (!reader || !dateDays) return true;
      for (let r = 0; r < rowCount; r++)
        if (reader.values[r] === reader.nullCode && dateDays[r] !== NULL_DAY) return true;
      return false;
    });

  const categories = categoriesByColumn(db);
  const raw: RawCohort = { cohort, rowCount, personIds, dimensions: [], dates: [], numbers: [], warnings };
  for (const reader of readers) {
    if ('nullCode' in reader) {
      if (periodsMissing && DERIVED_PERIODS.includes(reader.column.name)) continue;
      raw.dimensions.push(dictionaryFor(reader, categories.get(reader.column.name), warnings));
    } else if ('flag' in reader) raw.dimensions.push(flagDimension(reader.flag, reader.values));
    else if ('days' in reader) raw.dates.push({ name: reader.date.name, days: reader.days });
    else raw.numbers.push({ name: reader.number.name, values: reader.values });
  }
  const date = raw.dates.find((d) => d.name === 'date');
  if (periodsMissing && date) raw.dimensions.push(deriveMonth(date.days), deriveFinancialYear(date.days));
  return packSnapshot(raw);
}
