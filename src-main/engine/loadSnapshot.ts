// Reads one cohort table of the workspace into a columnar snapshot in a single pass
// (`.raw().iterate()`): store codes become display-order dictionary indices (labels from
// `categories`), flags become Yes/No(/Unknown), dates day numbers, and `month` and
// `financial_year` are derived from `date` when the store has not filled them.
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { UNKNOWN, columnsFor, type Codebook, type CodebookColumn, type Cohort } from '../../shared/codebook.ts';
import { AppError } from '../../shared/errors.ts';
import { isoToDays } from './dates.ts';
import { deriveFinancialYear, deriveMonth } from './deriveDates.ts';
import { packSnapshot, type RawCohort, type RawDimension } from './packSnapshot.ts';
import type { CohortSnapshot } from './snapshot.ts';

type Database = BetterSqlite3.Database;

interface CategoryRow {
  code: number;
  label: string;
  position: number;
}

const DERIVED_PERIODS = ['month', 'financial_year'];

function categoriesByColumn(db: Database): Map<string, CategoryRow[]> {
  const rows = db.prepare('SELECT column_name, code, label, position FROM categories').all() as (CategoryRow & {
    column_name: string;
  })[];
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
    if (rows.length > 0) warnings.push(`${column.name}: no categories in the workspace; codes read as codebook positions`);
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
  return { name: column.name, kind: column.kind === 'ordinal' ? 'ordinal' : 'category', open: column.open, labels, codes: values, remap };
}

function flagDimension(column: CodebookColumn, values: Uint8Array): RawDimension {
  // Stored 1 yes, 0 no, NULL (read as 2) unknown; display order Yes, No, Unknown.
  let hasNull = false;
  for (let i = 0; i < values.length; i++) if (values[i] === 2) hasNull = true;
  const labels = hasNull ? ['Yes', 'No', UNKNOWN] : ['Yes', 'No'];
  return { name: column.name, kind: 'flag', open: false, labels, codes: values, remap: Int32Array.of(1, 0, 2) };
}

export function loadSnapshot(db: Database, codebook: Codebook, cohort: Cohort): CohortSnapshot {
  const tableColumns = new Set(
    (db.prepare(`SELECT name FROM pragma_table_info('${cohort}')`).all() as { name: string }[]).map((r) => r.name),
  );
  if (tableColumns.size === 0) throw new AppError('DAMAGED_WORKSPACE', `The workspace has no ${cohort} table.`);
  const warnings: string[] = [];
  const wanted = columnsFor(codebook, cohort).filter((c) => {
    if (c.kind === 'person_key') return false;
    if (!tableColumns.has(c.name)) {
      if (!DERIVED_PERIODS.includes(c.name)) warnings.push(`${c.name}: not in the ${cohort} table`);
      return false;
    }
    return true;
  });
  const hasDate = wanted.some((c) => c.name === 'date');
  const periodIncomplete = (p: string): boolean =>
    !tableColumns.has(p) ||
    (db.prepare(`SELECT EXISTS(SELECT 1 FROM ${cohort} WHERE "${p}" IS NULL AND date IS NOT NULL) AS x`).get() as { x: number })
      .x === 1;
  const periodsMissing = hasDate && DERIVED_PERIODS.some(periodIncomplete);
  const columns = wanted.filter((c) => !(periodsMissing && DERIVED_PERIODS.includes(c.name)));
  const rowCount = (db.prepare(`SELECT count(*) AS n FROM ${cohort}`).get() as { n: number }).n;
  const maxima =
    columns.length === 0
      ? {}
      : (db.prepare(`SELECT ${columns.map((c) => `max("${c.name}") AS "${c.name}"`).join(', ')} FROM ${cohort}`).get() as Record<
          string,
          number | string | null
        >);

  const personIds = new Int32Array(rowCount);
  const readers: (CodeReader | { flag: CodebookColumn; values: Uint8Array } | { date: CodebookColumn; days: Int32Array } | { number: CodebookColumn; values: Float64Array })[] =
    columns.map((column) => {
      switch (column.kind) {
        case 'category':
        case 'ordinal': {
          const max = Number(maxima[column.name] ?? -1);
          return { column, values: new Int32Array(rowCount), nullCode: Math.max(0, max + 1) };
        }
        case 'flag':
          return { flag: column, values: new Uint8Array(rowCount) };
        case 'date':
          return { date: column, days: new Int32Array(rowCount) };
        case 'number':
          return { number: column, values: new Float64Array(rowCount) };
        case 'person_key':
          throw new Error('person_key is read as person_id');
      }
    });

  const select = db.prepare(`SELECT person_id, ${columns.map((c) => `"${c.name}"`).join(', ')} FROM ${cohort} ORDER BY id`).raw(true);
  let i = 0;
  for (const row of select.iterate() as IterableIterator<unknown[]>) {
    const person = row[0];
    personIds[i] = typeof person === 'number' ? person : -1;
    for (let k = 0; k < readers.length; k++) {
      const value = row[k + 1];
      const reader = readers[k]!;
      if ('nullCode' in reader) reader.values[i] = typeof value === 'number' ? value : reader.nullCode;
      else if ('flag' in reader) reader.values[i] = value === null || value === undefined ? 2 : value ? 1 : 0;
      else if ('days' in reader) reader.days[i] = isoToDays(value as string | null);
      else reader.values[i] = typeof value === 'number' ? value : NaN;
    }
    i++;
  }

  const categories = categoriesByColumn(db);
  const raw: RawCohort = { cohort, rowCount, personIds, dimensions: [], dates: [], numbers: [], warnings };
  for (const reader of readers) {
    if ('nullCode' in reader) raw.dimensions.push(dictionaryFor(reader, categories.get(reader.column.name), warnings));
    else if ('flag' in reader) raw.dimensions.push(flagDimension(reader.flag, reader.values));
    else if ('days' in reader) raw.dates.push({ name: reader.date.name, days: reader.days });
    else raw.numbers.push({ name: reader.number.name, values: reader.values });
  }
  const date = raw.dates.find((d) => d.name === 'date');
  if (periodsMissing && date) raw.dimensions.push(deriveMonth(date.days), deriveFinancialYear(date.days));
  return packSnapshot(raw);
}
