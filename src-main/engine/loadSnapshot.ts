// Reads one cohort table of the workspace into a columnar snapshot. The store hands over each
// column as its stored codes in typed arrays with the `categories` dictionary (one pass over
// the rows, readCohortColumns); here the display order is worked out on the dictionary, a
// permutation of codes that packSnapshot applies as it puts the rows in person order, so the
// rows are copied once and no row is decoded to a label. Flags become Yes/No(/Unknown), and
// `month` and `financial_year` are derived from `date` when the store has not filled them.
import { UNKNOWN, columnsFor, type Codebook, type CodebookColumn, type Cohort } from '../../shared/codebook.ts';
import { AppError } from '../../shared/errors.ts';
import { deriveFinancialYear, deriveMonth } from './deriveDates.ts';
import { withDerivedFields } from './derived/registry.ts';
import { packSnapshot, type RawCohort, type RawDimension } from './packSnapshot.ts';
import type { CohortSnapshot } from './snapshot.ts';
import {
  readCategoryCodes,
  readCohortColumns,
  tableColumnNames,
  type ColumnRequest,
  type StoredCodeColumn,
  type StoredColumn,
  type StoredDateColumn,
  type StoreDatabase,
} from '../store/snapshotReader.ts';
import { NULL_DAY } from './dates.ts';

interface CategoryRow {
  code: number;
  label: string;
  position: number;
}

const DERIVED_PERIODS = ['month', 'financial_year'];

function categoriesByColumn(db: StoreDatabase): Map<string, CategoryRow[]> {
  const byColumn = new Map<string, CategoryRow[]>();
  for (const row of readCategoryCodes(db)) {
    const list = byColumn.get(row.column_name) ?? [];
    list.push({ code: row.code, label: row.label, position: row.position });
    byColumn.set(row.column_name, list);
  }
  return byColumn;
}

/** A column's dictionary: the workspace's categories, else its codebook categories by position. */
function dictionaryOf(column: CodebookColumn, stored: CategoryRow[] | undefined, warnings: string[]): CategoryRow[] {
  if (stored && stored.length > 0) return stored;
  const rows = column.categories.map((label, position) => ({ code: position, label, position }));
  if (rows.length > 0)
    warnings.push(`${column.name}: no categories in the workspace; codes read as codebook positions`);
  return rows;
}

/**
 * The display order of a category/ordinal column, as a map from stored code to label index:
 * closed columns keep every category (so a table's shape is stable), open ones only those
 * observed here. NULL joins the column's own `Unknown`/`Not stated` (the last category) or a
 * new `Unknown`. Works on the dictionary and the codes seen, never on the rows.
 */
function displayOrder(
  cohort: Cohort,
  column: CodebookColumn,
  stored: StoredCodeColumn,
  dictionary: readonly CategoryRow[],
): RawDimension {
  const { seen, nullCode } = stored;
  const known = new Uint8Array(nullCode);
  for (const row of dictionary) if (row.code >= 0 && row.code < nullCode) known[row.code] = 1;
  for (let code = 0; code < nullCode; code++)
    if (seen[code] && !known[code])
      throw new AppError(
        'DAMAGED_WORKSPACE',
        `The ${cohort} table holds code ${code} in column ${column.name}, which has no category. Re-import the batch or repair the workspace.`,
      );
  const byDate = column.derivedFrom === 'date';
  const ordered = dictionary
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
    codes: stored.codes,
    remap,
  };
}

/** Stored 1 yes, 0 no, 2 (NULL) unknown; display order Yes, No, Unknown. */
function flagDimension(name: string, values: Uint8Array, hasNull: boolean): RawDimension {
  const labels = hasNull ? ['Yes', 'No', UNKNOWN] : ['Yes', 'No'];
  return { name, kind: 'flag', open: false, labels, codes: values, remap: Int32Array.of(1, 0, 2) };
}

/**
 * Whether `month` and `financial_year` must be derived from the date: the table lacks one, or
 * some dated row has none (rows are looked at only when the column holds a NULL at all).
 */
function periodsMissing(columns: readonly StoredColumn[], date: StoredDateColumn | undefined): boolean {
  return DERIVED_PERIODS.some((period) => {
    const stored = columns.find((c): c is StoredCodeColumn => c.kind === 'code' && c.name === period);
    if (!stored || !date) return true;
    if (!stored.seen[stored.nullCode]) return false;
    for (let r = 0; r < stored.codes.length; r++)
      if (stored.codes[r] === stored.nullCode && date.days[r] !== NULL_DAY) return true;
    return false;
  });
}

function requestOf(column: CodebookColumn, dictionary: readonly CategoryRow[]): ColumnRequest {
  switch (column.kind) {
    case 'category':
    case 'ordinal':
      return { kind: 'code', name: column.name, maxCode: dictionary.reduce((max, r) => Math.max(max, r.code), -1) };
    case 'flag':
    case 'date':
    case 'number':
      return { kind: column.kind, name: column.name };
    case 'person_key':
      throw new Error('person_key is read as person_id');
  }
}

export function loadSnapshot(
  db: StoreDatabase,
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
  const categories = categoriesByColumn(db);
  const dictionaries = columns.map((c) =>
    c.kind === 'category' || c.kind === 'ordinal' ? dictionaryOf(c, categories.get(c.name), warnings) : [],
  );
  const stored = readCohortColumns(
    db,
    cohort,
    columns.map((c, k) => requestOf(c, dictionaries[k] as CategoryRow[])),
    options,
  );

  const date = stored.columns.find((c): c is StoredDateColumn => c.kind === 'date' && c.name === 'date');
  const hasDate = columns.some((c) => c.name === 'date');
  const derivePeriods = hasDate && periodsMissing(stored.columns, date);
  const raw: RawCohort = {
    cohort,
    rowCount: stored.rowCount,
    personIds: stored.personIds,
    dimensions: [],
    dates: [],
    numbers: [],
    warnings,
  };
  stored.columns.forEach((column, k) => {
    switch (column.kind) {
      case 'code':
        if (derivePeriods && DERIVED_PERIODS.includes(column.name)) return;
        raw.dimensions.push(
          displayOrder(cohort, columns[k] as CodebookColumn, column, dictionaries[k] as CategoryRow[]),
        );
        return;
      case 'flag':
        raw.dimensions.push(flagDimension(column.name, column.values, column.hasNull));
        return;
      case 'date':
        raw.dates.push({ name: column.name, days: column.days });
        return;
      case 'number':
        raw.numbers.push({ name: column.name, values: column.values });
        return;
    }
  });
  if (derivePeriods && date) raw.dimensions.push(deriveMonth(date.days), deriveFinancialYear(date.days));
  return withDerivedFields(packSnapshot(raw));
}
