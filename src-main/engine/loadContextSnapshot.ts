// Reads a context dataset (`ctx_<name>`, migration 003) into a snapshot like a cohort's, so
// that it is explored and exported like one: its included category columns (and the
// derived `district`) become dictionary dimensions with labels from `context_categories`,
// month columns ordinal dimensions in time order, dates day numbers, numbers Float64. Free
// text is left out of analysis. A context dataset has no persons: every person id is -1.
// `month` and `financial_year` are derived (from the first date column, or from a month
// column) when the dataset has no column of that name, so trends work as for the cohorts.
import { CONTEXT_PREFIX, UNKNOWN, type ContextDatasetName } from '../../shared/codebook.ts';
import { AppError } from '../../shared/errors.ts';
import { financialYearLabel, financialYearStart, isoToDays } from './dates.ts';
import { deriveFinancialYear, deriveMonth } from './deriveDates.ts';
import { packSnapshot, type RawCohort, type RawDimension } from './packSnapshot.ts';
import type { CohortSnapshot } from './snapshot.ts';
import {
  countRows,
  iterateRows,
  readContextCategories,
  readContextDatasets,
  tableColumnNames,
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
  db: Database,
  dataset: StoredContextDataset,
  column: StoredContextColumn,
  codes: Int32Array,
): RawDimension {
  const categories = readContextCategories(db, dataset.id, column.name);
  let maxCode = -1;
  for (const c of categories) if (c.code > maxCode) maxCode = c.code;
  const nullCode = maxCode + 1;
  const remap = new Int32Array(nullCode + 1).fill(-1);
  const labels = categories.map((c, index) => {
    remap[c.code] = index;
    return c.label;
  });
  let hasNull = false;
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i] as number;
    if (code === -1) {
      hasNull = true;
      codes[i] = nullCode;
    } else if (code < 0 || code >= nullCode || remap[code] === -1) {
      throw new AppError(
        'DAMAGED_WORKSPACE',
        `The context dataset "${dataset.name}" holds code ${code} in column ${column.name}, which has no category.`,
      );
    }
  }
  if (hasNull) {
    // An empty cell is Unknown: the one Unknown, wherever a stored "Unknown" label sits.
    const unknown = labels.indexOf(UNKNOWN);
    if (unknown >= 0) remap[nullCode] = unknown;
    else {
      remap[nullCode] = labels.length;
      labels.push(UNKNOWN);
    }
  }
  return { name: column.name, kind: 'category', open: false, labels, codes, remap };
}

/** A dimension of `YYYY-MM` strings in time order (NULL as `Unknown`, last). */
function monthDimension(name: string, values: (string | null)[]): RawDimension {
  const distinct = [...new Set(values.filter((v): v is string => v !== null))].sort();
  const index = new Map(distinct.map((label, i) => [label, i]));
  const labels = [...distinct];
  let unknown = -1;
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || value === undefined) {
      if (unknown < 0) {
        unknown = labels.length;
        labels.push(UNKNOWN);
      }
      codes[i] = unknown;
    } else codes[i] = index.get(value) as number;
  }
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

export function loadContextSnapshot(db: Database, dataset: StoredContextDataset): CohortSnapshot {
  const { columns } = dataset;
  const warnings: string[] = [];
  const values: unknown[][] = columns.map(() => []);
  if (columns.length > 0) {
    for (const row of iterateRows(
      db,
      dataset.tableName,
      columns.map((c) => c.name),
    )) {
      for (let k = 0; k < columns.length; k++) (values[k] as unknown[]).push(row[k]);
    }
  }
  const rowCount = columns.length > 0 ? (values[0] as unknown[]).length : countRows(db, dataset.tableName);
  const columnLabels: Record<string, string> = {};
  const raw: RawCohort = {
    cohort: dataset.dataset,
    label: dataset.label,
    columnLabels,
    rowCount,
    personIds: new Int32Array(rowCount).fill(-1),
    dimensions: [],
    dates: [],
    numbers: [],
    warnings,
  };
  const monthColumns: RawDimension[] = [];
  columns.forEach((column, k) => {
    const cells = values[k] as unknown[];
    columnLabels[column.name] = column.label;
    switch (column.kind) {
      case 'category': {
        const codes = Int32Array.from(cells, (v) => (typeof v === 'number' ? v : -1));
        raw.dimensions.push(categoryDimension(db, dataset, column, codes));
        break;
      }
      case 'month': {
        const dimension = monthDimension(
          column.name,
          cells.map((v) => (typeof v === 'string' && /^\d{4}-\d{2}$/.test(v) ? v : null)),
        );
        raw.dimensions.push(dimension);
        monthColumns.push(dimension);
        break;
      }
      case 'date':
        raw.dates.push({
          name: column.name,
          days: Int32Array.from(cells, (v) => isoToDays(typeof v === 'string' ? v : null)),
        });
        break;
      case 'number':
        raw.numbers.push({
          name: column.name,
          values: Float64Array.from(cells, (v) => (typeof v === 'number' ? v : NaN)),
        });
        break;
      case 'text':
        break;
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
