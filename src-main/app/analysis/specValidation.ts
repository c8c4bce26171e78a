// Does a saved spec still fit the data? Fields that no longer exist for the cohort and
// filter categories that are not in the codebook any more are reported in plain words,
// so a report build says what is wrong instead of drawing something wrong.
import { isCooccurrence } from './needsCooccurrence.ts';
import { findAnalysisColumn, type Codebook } from '../../../shared/codebook.ts';
import { datasetLabel } from '../../../shared/figure.ts';
import { assertNever, type Filter, type QuerySpec } from '../../../shared/query.ts';

/** The categories a filter names (ranges and flags' booleans name none). */
function filterCategories(filter: Filter): readonly string[] {
  switch (filter.kind) {
    case 'in':
      return filter.in;
    case 'notIn':
      return filter.notIn;
    case 'equals':
    case 'dateRange':
    case 'numberRange':
      return [];
    default:
      return assertNever(filter);
  }
}

export function specProblems(spec: QuerySpec, codebook: Codebook): string[] {
  const problems: string[] = [];
  // Needs together are read off offenders tables: their filters are offenders' columns, their axes fixed.
  const together = isCooccurrence(spec);
  const cohort = together ? 'offenders' : spec.cohort;
  // A context dataset's columns are its own, not the codebook's: the engine checks them.
  if (cohort.startsWith('context:')) return problems;
  const fields = [...(together ? [] : [...spec.rows, ...spec.cols]), ...spec.filters.map((f) => f.field)];
  for (const field of new Set(fields)) {
    const column = findAnalysisColumn(codebook, field);
    if (!column) {
      problems.push(`the column “${field}” is not in the workspace’s codebook`);
      continue;
    }
    if (
      cohort !== 'overlap' &&
      cohort !== 'journeys' &&
      !cohort.startsWith('context:') &&
      !(column.cohorts as readonly string[]).includes(cohort)
    ) {
      problems.push(`the column “${column.label}” does not exist for ${datasetLabel(cohort).toLowerCase()}`);
    }
  }
  for (const filter of spec.filters) {
    const column = findAnalysisColumn(codebook, filter.field);
    if (!column || column.open) continue;
    const values = filterCategories(filter);
    const known = column.kind === 'flag' ? ['Yes', 'No', 'Unknown'] : column.categories;
    for (const value of values) {
      if (!known.includes(value)) problems.push(`the category “${value}” of ${column.label} no longer exists`);
    }
  }
  for (const [field, groups] of Object.entries(spec.groups ?? {})) {
    const column = findAnalysisColumn(codebook, field);
    if (!column || column.open) continue;
    const known = column.kind === 'flag' ? ['Yes', 'No', 'Unknown'] : column.categories;
    for (const member of groups.flatMap((g) => g.members)) {
      if (!known.includes(member)) problems.push(`the merged category “${member}” of ${column.label} no longer exists`);
    }
  }
  return problems;
}
