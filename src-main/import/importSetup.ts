// What an import and its dry run (analyseImport) share before and after the rows: the mapping
// (given, from a profile, or automatic, then checked), the plan the row pipeline runs under
// (codebook, category codes, today, the HMAC secret, the hashes of the rows already there),
// and the warnings drawn from the pipeline's summary. One place, so the dry run predicts the
// import exactly.
import { findColumn, type Cohort } from '../../shared/codebook.ts';
import { AppError } from '../../shared/errors.ts';
import type { CategoryTable } from './categoryAllocator.ts';
import { cohortTableColumns } from './cohortWriter.ts';
import { dateNumber, ISO_DATE } from './encodedRows.ts';
import type { ImportTarget, SqlDatabase } from './importTarget.ts';
import { autoMap, checkMapping, unmappedHeaders, type Mapping } from './mapping.ts';
import { applyProfile, loadProfile, unseenValueWarnings, type MappingProfile } from './profile.ts';
import type { PipelinePlan, PipelineSummary } from './rowPipeline.ts';
import { PERSON_HASH_DIGITS, rowHash } from './rowHash.ts';
import type { CellValue } from './validate.ts';

export const COHORT_NAMES: Record<Cohort, true> = { victims: true, suspects: true, offenders: true };

export function assertCohort(cohort: string): asserts cohort is Cohort {
  if (!Object.prototype.hasOwnProperty.call(COHORT_NAMES, cohort))
    throw new AppError('BAD_REQUEST', `"${String(cohort)}" is not a cohort (victims, suspects or offenders).`);
}

export interface ResolvedMapping {
  mapping: Mapping;
  profile: MappingProfile | undefined;
  warnings: string[];
}

/** The mapping to use: the explicit one, else the profile's, else automatic; checked against the headers. */
export function resolveMapping(
  target: ImportTarget,
  cohort: Cohort,
  headers: readonly string[],
  options: { mapping?: Mapping | undefined; profile?: string | undefined },
): ResolvedMapping {
  const codebook = target.codebook();
  const warnings: string[] = [];
  let profile: MappingProfile | undefined;
  let mapping: Mapping;
  if (options.profile) {
    profile = loadProfile(target.db, options.profile);
    if (profile.cohort !== cohort) {
      throw new AppError('BAD_REQUEST', `Profile "${profile.name}" is for ${profile.cohort}, not ${cohort}.`);
    }
    const applied = applyProfile(profile, headers, codebook);
    mapping = options.mapping ?? applied.mapping;
    warnings.push(...applied.warnings);
  } else {
    mapping = options.mapping ?? autoMap(headers, cohort, codebook);
  }
  if (mapping.cohort !== cohort)
    throw new AppError('BAD_REQUEST', `The mapping is for ${mapping.cohort}, not ${cohort}.`);
  checkMapping(mapping, headers, codebook);
  const left = unmappedHeaders(mapping);
  if (left.length > 0) warnings.push(`Columns left out: ${left.join(', ')}.`);
  return { mapping, profile, warnings };
}

/**
 * Hashes of the rows already in a cohort, computed as the pipeline computes them: the stored
 * values, the date as its number YYYYMMDD and the person as the start of its pseudonymous key
 * (the pipeline has keys, not ids), and the same values with no person.
 */
export function existingRowHashes(
  db: SqlDatabase,
  cohort: Cohort,
  columns: readonly string[],
): { withPerson: Float64Array; withoutPerson: Float64Array } {
  const person = `substr(p.person_key, 1, ${PERSON_HASH_DIGITS})`;
  const selected = columns.map((c) => (c === 'person_id' ? person : `t."${c}"`)).join(', ');
  const select = db.prepare(`SELECT ${selected} FROM ${cohort} t LEFT JOIN persons p ON p.id = t.person_id`).raw(true);
  const personAt = columns.indexOf('person_id');
  const dateAt = columns.indexOf('date');
  const withPerson: number[] = [];
  const withoutPerson: number[] = [];
  for (const row of select.iterate()) {
    const values = row as CellValue[];
    const date = values[dateAt];
    if (typeof date === 'string' && ISO_DATE.test(date)) values[dateAt] = dateNumber(date);
    withPerson.push(rowHash(values));
    if (personAt >= 0) {
      values[personAt] = null;
      withoutPerson.push(rowHash(values));
    }
  }
  return { withPerson: Float64Array.from(withPerson), withoutPerson: Float64Array.from(withoutPerson) };
}

/** The plan of the row pipeline for this workspace, cohort and mapping. */
export function buildPlan(
  target: ImportTarget,
  cohort: Cohort,
  mapping: Mapping,
  options: { now: Date; keepDuplicates: boolean },
): PipelinePlan {
  const codebook = target.codebook();
  const tableColumns = cohortTableColumns(target.db, cohort);
  const categories: CategoryTable = {};
  for (const name of tableColumns) {
    const column = findColumn(codebook, name);
    if (column && (column.kind === 'category' || column.kind === 'ordinal'))
      categories[name] = [...target.categoryCodes(name)];
  }
  const existing = existingRowHashes(target.db, cohort, tableColumns);
  return {
    cohort,
    codebook,
    mapping,
    tableColumns,
    categories,
    today: options.now.toISOString().slice(0, 10),
    hmacSecret: new Uint8Array(target.hmacSecret()),
    existingHashes: existing.withPerson,
    existingWithoutPerson: existing.withoutPerson,
    keepDuplicates: options.keepDuplicates,
  };
}

/** Warnings about values: new to the profile, or with no recoding (their rows rejected). */
export function valueWarnings(summary: PipelineSummary, profile: MappingProfile | undefined): string[] {
  const warnings = profile ? unseenValueWarnings(profile, summary.seenValues) : [];
  for (const [column, values] of Object.entries(summary.unknownValues)) {
    const total = values.reduce((n, v) => n + v.count, 0);
    const shown = values
      .slice(0, 5)
      .map((v) => `"${v.value}" (${v.count})`)
      .join(', ');
    warnings.push(
      `${column}: ${total} row(s) rejected for values with no recoding: ${shown}${values.length > 5 ? ', ...' : ''}. Add recoding rules to import them.`,
    );
  }
  return warnings;
}
