// What an import and its dry run (analyseImport) share before and after the rows: the mapping
// (given, from a profile, or automatic, a profile file laid over it, then checked), the plan the
// row pipeline runs under (codebook, category codes, today, the HMAC secret, the analyst's
// choices for repeated lines, unmapped values and date order), what must stop the import before
// it commits, and the warnings drawn from the pipeline's summary. One place, so the dry run
// predicts the import exactly.
import { findColumn, type Cohort } from '../../shared/codebook.ts';
import { AppError } from '../../shared/errors.ts';
import type { CategoryTable } from './categoryAllocator.ts';
import { cohortTableColumns } from '../store/bulkInserts.ts';
import type { ImportTarget } from './importTarget.ts';
import { autoMap, checkMapping, unmappedHeaders, type Mapping } from './mapping.ts';
import {
  applyProfile,
  applyProfileFile,
  loadProfile,
  unseenValueWarnings,
  type MappingProfile,
  type ProfileFile,
} from './profile.ts';
import { storedLineHashes } from '../store/lineHashes.ts';
import { SOURCE_BAND_COLUMN, withSourceBands } from './sourceBands.ts';
import { lineHashKey } from './lineHash.ts';
import { normaliseKey } from './normalise.ts';
import type { DateOrder } from '../../shared/parseDate.ts';
import type { PipelinePlan, PipelineSummary } from './rowPipeline.ts';

/** How an import treats what it cannot be sure of: repeated lines, unmapped values, date order. */
export interface MappingChoices {
  /** Lines repeated exactly: by default rejected with a record reference mapped, else kept. */
  duplicateRows?: 'reject' | 'keep' | undefined;
  /**
   * Values with no recoding: `fail` commits nothing and lists them (what the command line does by
   * default), `reject` their rows, `unknown` keeps them as the column's Unknown.
   */
  unmapped?: 'fail' | 'reject' | 'unknown' | undefined;
  /** Day and month order of `12/03/2021` dates; `auto` is day-first, and asks when a date fits only month-first. */
  dateOrder?: DateOrder | 'auto' | undefined;
  /** A profile file's columns and recodes, laid over the mapping (the command line's `--profile-file`). */
  profileFile?: ProfileFile | undefined;
  /**
   * Age bands coarser than the codebook's (`over 34`): `unknown` is the analyst's choice through
   * `unmapped`; `column` makes them Unknown in the age band and keeps every source band as written
   * in a column of its own, `age_band_as_recorded` (sourceBands.ts).
   */
  sourceBands?: 'unknown' | 'column' | undefined;
}

/** Recoding keys as the analyst writes them (raw values) to the normalised keys the importer compares (idempotent). */
export function normaliseRecodes(mapping: Mapping): Mapping {
  const recodes = Object.fromEntries(
    Object.entries(mapping.recodes).map(([column, rules]) => [
      column,
      Object.fromEntries(Object.entries(rules).map(([raw, label]) => [normaliseKey(raw), label])),
    ]),
  );
  return { ...mapping, recodes };
}

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
  options: {
    mapping?: Mapping | undefined;
    profile?: string | undefined;
    profileFile?: ProfileFile | undefined;
    sourceBands?: 'unknown' | 'column' | undefined;
  },
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
    mapping = options.mapping ? normaliseRecodes(options.mapping) : applied.mapping;
    warnings.push(...applied.warnings);
  } else {
    mapping = options.mapping ? normaliseRecodes(options.mapping) : autoMap(headers, cohort, codebook);
  }
  if (options.profileFile)
    mapping = normaliseRecodes(applyProfileFile(options.profileFile, mapping, headers, codebook));
  if (mapping.cohort !== cohort)
    throw new AppError('BAD_REQUEST', `The mapping is for ${mapping.cohort}, not ${cohort}.`);
  if (options.sourceBands === 'column') {
    const has = codebook.columns.some((c) => c.name === SOURCE_BAND_COLUMN && c.cohorts.includes(cohort));
    mapping = withSourceBands(mapping, has);
  }
  checkMapping(mapping, headers, codebook);
  const left = unmappedHeaders(mapping);
  if (left.length > 0) warnings.push(`Columns left out: ${left.join(', ')}.`);
  return { mapping, profile, warnings };
}

/** The plan of the row pipeline for this workspace, cohort and mapping. */
export function buildPlan(
  target: ImportTarget,
  cohort: Cohort,
  mapping: Mapping,
  options: MappingChoices & { now: Date; tallyValues?: boolean },
): PipelinePlan {
  const codebook = target.codebook();
  const tableColumns = cohortTableColumns(target.db, cohort);
  const categories: CategoryTable = {};
  for (const name of tableColumns) {
    const column = findColumn(codebook, name);
    if (column && (column.kind === 'category' || column.kind === 'ordinal'))
      categories[name] = [...target.categoryCodes(name)];
  }
  const hmacSecret = new Uint8Array(target.hmacSecret());
  return {
    cohort,
    codebook,
    mapping,
    tableColumns,
    categories,
    today: options.now.toISOString().slice(0, 10),
    hmacSecret,
    lineKey: lineHashKey(hmacSecret, cohort),
    storedLines: storedLineHashes(target.db, cohort),
    duplicateRows: options.duplicateRows,
    unmapped: options.unmapped === 'unknown' ? 'unknown' : 'reject',
    dateOrder: options.dateOrder ?? 'auto',
    unknownColumns: options.sourceBands === 'column' ? ['age_band'] : [],
    tallyValues: options.tallyValues ?? false,
  };
}

/** Values with no recoding, listed with their counts, per column: `"over 34" (33)`. */
export function unmappedList(summary: PipelineSummary): string {
  return Object.entries(summary.unknownValues)
    .map(([column, values]) => {
      const shown = values
        .slice(0, 10)
        .map((v) => `"${v.value}" (${v.count})`)
        .join(', ');
      return `${column}: ${shown}${values.length > 10 ? `, and ${values.length - 10} more` : ''}`;
    })
    .join('; ');
}

/** Why the import must stop before committing, if it must: unmapped values (under `fail`), or an open question of date order. */
export function choicesStillOpen(summary: PipelineSummary, choices: MappingChoices, file: string): AppError | null {
  if ((choices.dateOrder ?? 'auto') === 'auto' && summary.dateOrder.monthFirstOnly > 0) {
    const { dayFirstOnly, monthFirstOnly } = summary.dateOrder;
    return new AppError(
      'IMPORT_FAILED',
      `${file}: its dates could be day/month or month/day: ${monthFirstOnly} distinct date(s) fit only month/day order and ${dayFirstOnly} only day/month. Choose the order (--date-order dmy or mdy); nothing was imported.`,
    );
  }
  if (choices.unmapped === 'fail' && Object.keys(summary.unknownValues).length > 0) {
    return new AppError(
      'IMPORT_FAILED',
      `${file} has values with no sure category: ${unmappedList(summary)}. Recode them (a profile file's "recodes"), or choose --unmapped unknown (kept as Unknown) or --unmapped reject (their rows rejected); nothing was imported.`,
    );
  }
  return null;
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
      summary.unmappedKept > 0
        ? `${column}: ${total} value(s) with no recoding kept as Unknown: ${shown}${values.length > 5 ? ', ...' : ''}.`
        : `${column}: ${total} row(s) rejected for values with no recoding: ${shown}${values.length > 5 ? ', ...' : ''}. Add recoding rules to import them.`,
    );
  }
  if (summary.alreadyInWorkspace > 0)
    warnings.push(
      `${summary.alreadyInWorkspace} line(s) repeat, in every column, a line the workspace already holds (an earlier file overlapping this one): ${summary.duplicatesKept > 0 ? 'those without a record reference are kept unless you choose duplicates "reject"' : 'they are rejected as duplicates'}.`,
    );
  const repeatsOfThisFileKept = summary.duplicatesKept - summary.keptAlreadyStored;
  if (repeatsOfThisFileKept > 0)
    warnings.push(
      `${repeatsOfThisFileKept} line(s) repeat an earlier line of this file in every column and were kept as distinct records (with no record reference mapped, lines alike can be distinct incidents); drop them with duplicates "reject".`,
    );
  return warnings;
}
