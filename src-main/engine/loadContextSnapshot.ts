// Reads a context dataset (`ctx_<name>`, migration 003) into a snapshot like a cohort's, so
// that it is explored and exported like one: its included category columns (and the
// derived `district`) become dictionary dimensions with labels from `context_categories`,
// month columns ordinal dimensions in time order, dates day numbers, numbers Float64. Free
// text is left out of analysis. A context dataset has no persons: every person id is -1.
// `month` and `financial_year` are derived (from the first date column, or from a month
// column) when the dataset has no column of that name, so trends work as for the cohorts.
import { CONTEXT_PREFIX, UNKNOWN, type ContextDatasetName } from '../../shared/codebook.ts';
import { AppError } from '../../shared/errors.ts';
import { financialYearLabel, financialYearStart } from './dates.ts';
import { deriveFinancialYear, deriveMonth } from './deriveDates.ts';
import { packSnapshot, type RawCohort, type RawDimension } from './packSnapshot.ts';
import type { CohortSnapshot } from './snapshot.ts';
import {
  readCohortColumns,
  readContextCategories,
  readContextDatasets,
  tableColumnNames,
  type ColumnRequest,
  type StoredCodeColumn,
  type StoreDatabase,
} from '../store/snapshotReader.ts';

type Database = StoreDatabase;

export interface StoredContextColumn {
  name: string;
  label: string;
  kind: 'category' | 'date' | 'month' | 'number' | 'text';
  included: boolean;
}

export interface StoredContextDataset {
  id: number;
  /** The dataset's name as the engine knows it: `context:NAME`. */
  dataset: ContextDatasetName;
  name: string;
  tableName: string;
  label: string;
  rows: number;
  /** Included, analysable columns that exist in the table (free text left out), then `district` if derived. */
  columns: StoredContextColumn[];
}

const COLUMN_NAME = /^[a-z][a-z0-9_]{0,62}$/;
const TABLE_NAME = /^ctx_[a-z][a-z0-9_]{0,40}$/;

/** The context datasets of a workspace (none before schema version 3). */
export function listContextDatasets(db: Database): StoredContextDataset[] {
  return readContextDatasets(db).map((row) => {
    if (!TABLE_NAME.test(row.table_name))
      throw new AppError('DAMAGED_WORKSPACE', `The context dataset "${row.name}" has an invalid table name.`);
    const tableColumns = tableColumnNames(db, row.table_name);
    if (tableColumns.size === 0)
      throw new AppError('DAMAGED_WORKSPACE', `The context dataset "${row.name}" has no table ${row.table_name}.`);
    let stored: StoredContextColumn[];
    try {
      stored = JSON.parse(row.columns) as StoredContextColumn[];
    } catch {
      throw new AppError('DAMAGED_WORKSPACE', `The codebook of the context dataset "${row.name}" cannot be read.`);
    }
    const columns = stored.filter(
      (c) => c.included && c.kind !== 'text' && COLUMN_NAME.test(c.name) && tableColumns.has(c.name),
    );
    if (tableColumns.has('district') && !columns.some((c) => c.name === 'district'))
      columns.push({ name: 'district', label: 'District', kind: 'category', included: true });
    return {
      id: row.id,
      dataset: `${CONTEXT_PREFIX}${row.name}` as ContextDatasetName,
      name: row.name,
      tableName: row.table_name,
      label: row.label,
      rows: row.rows,
      columns,
    };
  });
}

function categoryDimension(
  dataset: StoredContextDataset,
  categories: Categories,
  stored: StoredCodeColumn,
): RawDimension {
  const { seen, nullCode } = stored;
  const remap = new Int32Array(nullCode + 1).fill(-1);
  const labels = categories.map((c, index) => {
    remap[c.code] = index;
    return c.label;
  });
  for (let code = 0; code < nullCode; code++)
    if (seen[code] && remap[code] === -1)
      throw new AppError(
        'DAMAGED_WORKSPACE',
        `The context dataset "${dataset.name}" holds code ${code} in column ${stored.name}, which has no category.`,
      );
  if (seen[nullCode]) {
    // An empty cell is Unknown: the one Unknown, wherever a stored "Unknown" label sits.
    const unknown = labels.indexOf(UNKNOWN);
    if (unknown >= 0) remap[nullCode] = unknown;
    else {
      remap[nullCode] = labels.length;
      labels.push(UNKNOWN);
    }
  }
  return { name: stored.name, kind: 'category', open: false, labels, codes: stored.codes, remap };
}

const monthLabelOf = (month: number): string =>
  `${String(Math.floor(month / 100)).padStart(4, '0')}-${String(month % 100).padStart(2, '0')}`;

/** A dimension of the `YYYY-MM` months held, in time order (anything else as `Unknown`, last). */
function monthDimension(name: string, months: Int32Array): RawDimension {
  const distinct = new Set<number>();
  for (let i = 0; i < months.length; i++) distinct.add(months[i] as number);
  const held = [...distinct].filter((m) => m >= 0).sort((a, b) => a - b);
  const index = new Map(held.map((month, i) => [month, i]));
  const labels = held.map(monthLabelOf);
  if (distinct.has(-1)) {
    index.set(-1, labels.length);
    labels.push(UNKNOWN);
  }
  const codes = new Int32Array(months.length);
  for (let i = 0; i < months.length; i++) codes[i] = index.get(months[i] as number) as number;
  return { name, kind: 'ordinal', open: true, labels, codes };
}

/** `financial_year` from a month dimension: each month label maps to its April-to-March year. */
function financialYearFromMonths(month: RawDimension): RawDimension {
  const yearOf = month.labels.map((label) => {
    const m = /^(\d{4})-(\d{2})$/.exec(label);
    return m ? financialYearLabel(financialYearStart(Number(m[1]) * 12 + Number(m[2]) - 1)) : UNKNOWN;
  });
  const years = [...new Set(yearOf.filter((y) => y !== UNKNOWN))].sort();
  if (yearOf.includes(UNKNOWN)) years.push(UNKNOWN);
  const remap = Int32Array.from(yearOf, (y) => years.indexOf(y));
  return { name: 'financial_year', kind: 'ordinal', open: true, labels: years, codes: month.codes, remap };
}

type Categories = ReadonlyArray<{ code: number; label: string }>;

function requestOf(column: AnalysedColumn, categories: Categories): ColumnRequest {
  switch (column.kind) {
    case 'category':
      return { kind: 'code', name: column.name, maxCode: categories.reduce((max, c) => Math.max(max, c.code), -1) };
    case 'month':
    case 'date':
    case 'number':
      return { kind: column.kind, name: column.name };
  }
}

type AnalysedColumn = StoredContextColumn & { kind: Exclude<StoredContextColumn['kind'], 'text'> };

export function loadContextSnapshot(db: Database, dataset: StoredContextDataset): CohortSnapshot {
  const columns = dataset.columns.filter((c): c is AnalysedColumn => c.kind !== 'text');
  const warnings: string[] = [];
  const categories = columns.map((c) => (c.kind === 'category' ? readContextCategories(db, dataset.id, c.name) : []));
  const stored = readCohortColumns(
    db,
    dataset.tableName,
    columns.map((c, k) => requestOf(c, categories[k] as Categories)),
    { persons: false, describe: `the context dataset "${dataset.name}"` },
  );
  const columnLabels: Record<string, string> = {};
  const raw: RawCohort = {
    cohort: dataset.dataset,
    label: dataset.label,
    columnLabels,
    rowCount: stored.rowCount,
    personIds: stored.personIds,
    dimensions: [],
    dates: [],
    numbers: [],
    warnings,
  };
  const monthColumns: RawDimension[] = [];
  stored.columns.forEach((column, k) => {
    columnLabels[column.name] = (columns[k] as AnalysedColumn).label;
    switch (column.kind) {
      case 'code':
        raw.dimensions.push(categoryDimension(dataset, categories[k] as Categories, column));
        break;
      case 'month': {
        const dimension = monthDimension(column.name, column.months);
        raw.dimensions.push(dimension);
        monthColumns.push(dimension);
        break;
      }
      case 'date':
        raw.dates.push({ name: column.name, days: column.days });
        break;
      case 'number':
        raw.numbers.push({ name: column.name, values: column.values });
        break;
      case 'flag':
        throw new Error('a context dataset has no flag columns');
    }
  });
  const taken = (name: string): boolean =>
    raw.dimensions.some((d) => d.name === name) ||
    raw.dates.some((d) => d.name === name) ||
    raw.numbers.some((n) => n.name === name);
  const firstDate = raw.dates[0];
  // The period picker and date filters use `date`: the first date column answers to it too.
  if (firstDate && !taken('date')) {
    raw.dates.push({ name: 'date', days: firstDate.days });
    columnLabels.date = columnLabels[firstDate.name] ?? 'Date';
  }
  if (!taken('month')) {
    const month = firstDate
      ? deriveMonth(firstDate.days)
      : monthColumns[0]
        ? { ...monthColumns[0], name: 'month' }
        : null;
    if (month) {
      raw.dimensions.push(month);
      monthColumns.unshift(month);
      columnLabels.month = 'Month';
    }
  }
  if (!taken('financial_year')) {
    const year = firstDate
      ? deriveFinancialYear(firstDate.days)
      : monthColumns[0]
        ? financialYearFromMonths(monthColumns[0])
        : null;
    if (year) {
      raw.dimensions.push(year);
      columnLabels.financial_year = 'Financial year';
    }
  }
  return packSnapshot(raw);
}
