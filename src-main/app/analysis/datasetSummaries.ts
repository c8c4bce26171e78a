// The Data screen's tiles: records, persons, period and completeness of each cohort, then of
// each context dataset, counted in the store (no engine needed), and the newest financial
// year with records, which the infographic templates start from.
import { columnsFor, COHORTS, type Cohort } from '../../../shared/codebook.ts';
import { datasetLabel } from '../../../shared/figure.ts';
import { financialYearLabel, financialYearStart } from '../../engine/dates.ts';
import { listContextDatasets } from '../../engine/loadContextSnapshot.ts';
import {
  cohortProfile,
  contextCategoryCodes,
  contextPeriod,
  contextProfile,
  financialYearCodes,
  type CountedColumn,
} from '../../store/datasetProfile.ts';
import type { Workspace } from '../../store/workspace.ts';

export interface DatasetSummary {
  name: string;
  label: string;
  records: number;
  persons: number;
  firstDate: string | null;
  lastDate: string | null;
  financialYears: string[];
  completeness: Record<string, number>;
}

/** Category labels that mean "not known": such values count as missing. */
const MISSING_LABELS = ['Unknown', 'Not stated'] as const;

/** Financial-year labels by their stored code. */
function financialYearLabels(workspace: Workspace): Map<number, string> {
  return new Map([...workspace.categoryCodes('financial_year')].map(([label, code]) => [code, label]));
}

/** The financial years a cohort has records in, oldest first. */
function financialYearsOf(workspace: Workspace, cohort: Cohort, labels = financialYearLabels(workspace)): string[] {
  return financialYearCodes(workspace.db, cohort)
    .map((code) => labels.get(code))
    .filter((y): y is string => y !== undefined)
    .sort();
}

/** The newest financial year with records of the cohort, without the full summary's scans. */
export function latestFinancialYear(workspace: Workspace, cohort: Cohort): string | null {
  return financialYearsOf(workspace, cohort).at(-1) ?? null;
}

function completenessOf(columns: readonly CountedColumn[], records: number, filled: number[]): Record<string, number> {
  const completeness: Record<string, number> = {};
  columns.forEach((c, i) => {
    completeness[c.name] = records === 0 ? 0 : (filled[i] ?? 0) / records;
  });
  return completeness;
}

/** Records, persons, period and completeness of each cohort, then of each context dataset, straight from the store. */
export function datasetSummaries(workspace: Workspace): DatasetSummary[] {
  const codebook = workspace.codebook();
  const yearLabels = financialYearLabels(workspace);
  const cohorts = COHORTS.map((cohort): DatasetSummary => {
    const columns = columnsFor(codebook, cohort)
      .filter((c) => c.kind !== 'person_key' && !c.derivedFrom)
      .map((c): CountedColumn => {
        const coded = c.kind === 'category' || c.kind === 'ordinal';
        if (!coded) return { name: c.name, coded, missing: [] };
        const codes = workspace.categoryCodes(c.name);
        const missing = MISSING_LABELS.map((label) => codes.get(label)).filter((code) => code !== undefined);
        return { name: c.name, coded, missing };
      });
    const profile = cohortProfile(workspace.db, cohort, columns);
    return {
      name: cohort,
      label: datasetLabel(cohort),
      records: profile.records,
      persons: profile.persons,
      firstDate: profile.firstDate,
      lastDate: profile.lastDate,
      financialYears: financialYearsOf(workspace, cohort, yearLabels),
      completeness: completenessOf(columns, profile.records, profile.filled),
    };
  });
  return [...cohorts, ...contextSummaries(workspace)];
}

/**
 * A context dataset's tile: records (no persons), the period of its first date column (or,
 * failing that, of its first month column, as `YYYY-MM`), and the share of non-missing
 * values per column (`Unknown` counts as missing).
 */
function contextSummaries(workspace: Workspace): DatasetSummary[] {
  const db = workspace.db;
  return listContextDatasets(db).map((dataset): DatasetSummary => {
    const columns = dataset.columns.map((c): CountedColumn =>
      c.kind === 'category'
        ? { name: c.name, coded: true, missing: contextCategoryCodes(db, dataset.id, c.name, MISSING_LABELS) }
        : { name: c.name, coded: false, missing: [] },
    );
    const profile = contextProfile(db, dataset.tableName, columns);
    const period = dataset.columns.find((c) => c.kind === 'date') ?? dataset.columns.find((c) => c.kind === 'month');
    const range = period ? contextPeriod(db, dataset.tableName, period.name) : null;
    const financialYears = [
      ...new Set(
        (range?.months ?? [])
          .map((m) => /^(\d{4})-(\d{2})$/.exec(m))
          .filter((m): m is RegExpExecArray => m !== null)
          .map((m) => financialYearLabel(financialYearStart(Number(m[1]) * 12 + Number(m[2]) - 1))),
      ),
    ].sort();
    return {
      name: dataset.dataset,
      label: dataset.label,
      records: profile.records,
      persons: 0,
      firstDate: range?.first ?? null,
      lastDate: range?.last ?? null,
      financialYears,
      completeness: completenessOf(columns, profile.records, profile.filled),
    };
  });
}
