// The built-in codebook: the one source of truth for
// column names, labels, kinds, ordered categories and disclosure roles, used by the
// store, the importer, the engine and the renderer alike.

export const COHORTS = ['victims', 'suspects', 'offenders'] as const;
export type Cohort = (typeof COHORTS)[number];

/** An imported context dataset as the engine and the query spec name it (`context:street_crime`). */
export type ContextDatasetName = `context:${string}`;
/** A dataset the engine holds as a snapshot: one of the three cohorts or a context dataset. */
export type DatasetName = Cohort | ContextDatasetName;

export const CONTEXT_PREFIX = 'context:';

export function isContextDataset(name: string): name is ContextDatasetName {
  return name.startsWith(CONTEXT_PREFIX);
}

/**
 * `category`: unordered labels; `ordinal`: ordered labels; `flag`: boolean shown as Yes/No;
 * `date`: ISO date; `number`: numeric, not a dimension; `person_key`: pseudonymous key.
 */
export type ColumnKind = 'category' | 'ordinal' | 'flag' | 'date' | 'number' | 'person_key';

/** A quasi-identifier can help single a person out in combination (small cells matter most there). */
export type DisclosureRole = 'quasi_identifier' | 'sensitive' | 'none';

export interface CodebookColumn {
  name: string;
  label: string;
  kind: ColumnKind;
  /** Cohorts holding this column. */
  cohorts: readonly Cohort[];
  /** Ordered category labels; `open` columns gain categories as data arrives (months, LSOAs). */
  categories: readonly string[];
  open: boolean;
  role: DisclosureRole;
  /** Derived by the importer from another column, never mapped directly. */
  derivedFrom?: string;
  /** Computed by the engine from the person-level records: never imported, mapped or stored. */
  computedFromRecords?: true;
  description?: string;
}

export const FLAG_CATEGORIES = ['Yes', 'No'] as const;
export const UNKNOWN = 'Unknown';

export const DISTRICTS = [
  'Cambridge',
  'East Cambridgeshire',
  'Fenland',
  'Huntingdonshire',
  'South Cambridgeshire',
  'Peterborough',
  'Outside area',
  'Unknown',
] as const;

/** ONS local authority district codes of the six districts. */
export const DISTRICT_CODES: Readonly<Record<string, (typeof DISTRICTS)[number]>> = {
  E07000008: 'Cambridge',
  E07000009: 'East Cambridgeshire',
  E07000010: 'Fenland',
  E07000011: 'Huntingdonshire',
  E07000012: 'South Cambridgeshire',
  E06000031: 'Peterborough',
};

export const AGE_BANDS = ['0-9', '10-17', '18-24', '25-34', '35-44', '45-54', '55-64', '65+', 'Unknown'] as const;
export const SEXES = ['Female', 'Male', 'Unknown'] as const;
export const ETHNICITIES = ['Asian', 'Black', 'Mixed', 'White', 'Other', 'Not stated'] as const;

/** Police officer-defined ethnicity (IC) codes to the codebook's groups. */
export const IC_CODES: Readonly<Record<string, (typeof ETHNICITIES)[number]>> = {
  IC1: 'White',
  IC2: 'White',
  IC3: 'Black',
  IC4: 'Asian',
  IC5: 'Asian',
  IC6: 'Other',
  IC9: 'Not stated',
  IC0: 'Not stated',
};

export const OFFENCE_GROUPS = [
  'Violence against the person',
  'Sexual offences',
  'Robbery',
  'Theft',
  'Burglary',
  'Vehicle offences',
  'Criminal damage and arson',
  'Drug offences',
  'Possession of weapons',
  'Public order',
  'Miscellaneous crimes against society',
  'Fraud',
  'Unknown',
] as const;

export const ENHANCED_RIGHTS = [
  'None',
  'Most serious crime',
  'Persistently targeted',
  'Vulnerable or intimidated',
  'Under 18',
] as const;
export const SERVICES_USED = [
  'None',
  'Victim and witness hub',
  'ISVA',
  'IDVA',
  'Restorative justice',
  'Other',
] as const;
export const OUTCOME_GROUPS = [
  'Charge or summons',
  'Out of court disposal',
  'Evidential difficulties',
  'No suspect identified',
  'Not in public interest',
  'Under investigation',
  'Other',
] as const;
export const OFFENDER_SERVICES = [
  'Youth Offending Service',
  'National Probation Service',
  'Community Rehabilitation Company',
] as const;
export const SENTENCE_TYPES = [
  'Community order',
  'Suspended sentence order',
  'Custody',
  'Licence',
  'Youth referral order',
  'Youth rehabilitation order',
  'Other',
] as const;
export const ROSH_LEVELS = ['Low', 'Medium', 'High', 'Very high', 'Unknown'] as const;
export const IMD_DECILES = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', 'Unknown'] as const;

export const NEEDS = [
  ['need_accommodation', 'Need: accommodation'],
  ['need_ete', 'Need: education, training and employment'],
  ['need_finance', 'Need: finance'],
  ['need_relationships', 'Need: relationships'],
  ['need_lifestyle', 'Need: lifestyle'],
  ['need_drugs', 'Need: drugs'],
  ['need_alcohol', 'Need: alcohol'],
  ['need_emotional', 'Need: emotional wellbeing'],
  ['need_thinking', 'Need: thinking and behaviour'],
  ['need_attitudes', 'Need: attitudes'],
] as const;

const ALL = COHORTS;
const VS = ['victims', 'suspects'] as const;

function col(
  name: string,
  label: string,
  kind: ColumnKind,
  cohorts: readonly Cohort[],
  categories: readonly string[] = [],
  extra: Partial<CodebookColumn> = {},
): CodebookColumn {
  return {
    name,
    label,
    kind,
    cohorts,
    categories,
    open: false,
    role: 'none',
    ...extra,
  };
}

export const BUILT_IN_COLUMNS: readonly CodebookColumn[] = [
  col('person_key', 'Person (pseudonymous key)', 'person_key', ALL),
  col('date', 'Date', 'date', ALL, [], {
    description: 'Offence date, or the start of the offender’s episode',
  }),
  col('month', 'Month', 'ordinal', ALL, [], { open: true, derivedFrom: 'date' }),
  col('financial_year', 'Financial year', 'ordinal', ALL, [], { open: true, derivedFrom: 'date' }),
  col('district', 'District', 'category', ALL, DISTRICTS, { role: 'quasi_identifier' }),
  col('lsoa', 'LSOA', 'category', ALL, [], { open: true, role: 'quasi_identifier' }),
  col('imd_decile', 'IMD decile', 'ordinal', ALL, IMD_DECILES),
  col('age_band', 'Age band', 'ordinal', ALL, AGE_BANDS, { role: 'quasi_identifier' }),
  col('sex', 'Sex', 'category', ALL, SEXES, { role: 'quasi_identifier' }),
  col('ethnicity', 'Ethnicity', 'category', ALL, ETHNICITIES, { role: 'quasi_identifier' }),
  col('offence_group', 'Offence group', 'category', VS, OFFENCE_GROUPS, { role: 'sensitive' }),
  col('offence_subgroup', 'Offence subgroup', 'category', VS, [], { open: true, role: 'sensitive' }),
  col('domestic_abuse', 'Domestic abuse', 'flag', VS, FLAG_CATEGORIES, { role: 'sensitive' }),
  col('hate_crime', 'Hate crime', 'flag', VS, FLAG_CATEGORIES, { role: 'sensitive' }),
  col('repeat_victim', 'Repeat victim', 'flag', ['victims'], FLAG_CATEGORIES, {
    description: 'Two or more offences in 12 months',
  }),
  col('enhanced_rights', 'Enhanced rights', 'category', ['victims'], ENHANCED_RIGHTS),
  col('referred_to_services', 'Referred to services', 'flag', ['victims'], FLAG_CATEGORIES),
  col('service_used', 'Service used', 'category', ['victims'], SERVICES_USED),
  col('outcome_group', 'Outcome group', 'category', ['suspects'], OUTCOME_GROUPS),
  col('outcome_date', 'Outcome date', 'date', ['suspects'], [], {
    description: 'When the outcome was recorded (optional): time to outcome counts the days from the offence date',
  }),
  col('arrested', 'Arrested', 'flag', ['suspects'], FLAG_CATEGORIES),
  col('service', 'Service', 'category', ['offenders'], OFFENDER_SERVICES),
  col('sentence_type', 'Sentence type', 'category', ['offenders'], SENTENCE_TYPES),
  col('rosh', 'Risk of serious harm', 'ordinal', ['offenders'], ROSH_LEVELS),
  ...NEEDS.map(([name, label]) => col(name, label, 'flag', ['offenders'], FLAG_CATEGORIES, { role: 'sensitive' })),
  col('reoffended', 'Proven reoffending', 'flag', ['offenders'], FLAG_CATEGORIES),
];

/** Direct identifiers: never stored; turned into `person_key` (HMAC) or dropped on import. */
export const DIRECT_IDENTIFIERS = [
  'person_ref',
  'name',
  'date_of_birth',
  'pnc_id',
  'crn',
  'address',
  'postcode',
] as const;

export interface Codebook {
  version: number;
  columns: readonly CodebookColumn[];
}

export const BUILT_IN_CODEBOOK: Codebook = { version: 1, columns: BUILT_IN_COLUMNS };

export function columnsFor(codebook: Codebook, cohort: Cohort): CodebookColumn[] {
  return codebook.columns.filter((c) => c.cohorts.includes(cohort));
}

export function findColumn(codebook: Codebook, name: string): CodebookColumn | undefined {
  return codebook.columns.find((c) => c.name === name);
}

/** Columns that can be a row, column, series or facet dimension. */
export function isDimension(column: CodebookColumn): boolean {
  return column.kind === 'category' || column.kind === 'ordinal' || column.kind === 'flag';
}

/** Identifiers accepted for columns: used for custom columns and checked before any SQL. */
export const COLUMN_NAME_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;

/** `2019-06-30` → `2019/20` (the financial year runs April to March). */
export function financialYearOf(isoDate: string): string {
  const year = Number(isoDate.slice(0, 4));
  const month = Number(isoDate.slice(5, 7));
  const start = month >= 4 ? year : year - 1;
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
}

export function monthOf(isoDate: string): string {
  return isoDate.slice(0, 7);
}

export function ageBandOf(age: number): (typeof AGE_BANDS)[number] {
  if (!Number.isFinite(age) || age < 0 || age > 120) return 'Unknown';
  if (age <= 9) return '0-9';
  if (age <= 17) return '10-17';
  if (age <= 24) return '18-24';
  if (age <= 34) return '25-34';
  if (age <= 44) return '35-44';
  if (age <= 54) return '45-54';
  if (age <= 64) return '55-64';
  return '65+';
}

// Fields the engine computes from the person-level records (repeat victimisation, offender
// needs, the victims' services path). They are never imported nor stored: they sit beside
// the workspace's codebook, so every screen, spec check and export knows their labels.

/** The rolling window of the repeat victimisation fields when a query sets none: 12 months. */
export const DEFAULT_WINDOW_DAYS = 365;
export const NO_PERSON_KEY = 'No person key';
export const VICTIMISATION_BANDS = ['1', '2', '3-4', '5+'] as const;
export const NEXT_VICTIMISATION_BANDS = [
  'Within 7 days',
  '8-30 days',
  '31-90 days',
  '91-182 days',
  '183-365 days',
  'More than 365 days',
  'None within the window',
] as const;
export const NEEDS_COUNT_BANDS = ['0', '1', '2', '3+'] as const;
export const OTHER_COMBINATIONS = 'Other combinations';
export const NO_NEEDS = 'No needs';
/** The furthest step of the Victims' Code path a record reached, in funnel order. */
export const SERVICES_STEPS = ['Not entitled', 'Entitled', 'Referred', 'Service used'] as const;

const COMPUTED = { computedFromRecords: true } as const;
const REPEAT_NOTE = 'Computed from the records of victims with a person key, over the rolling window of the query';

export const DERIVED_COLUMNS: readonly CodebookColumn[] = [
  col('repeat_in_window', 'Victimisations in the window to this one', 'ordinal', ['victims'], VICTIMISATION_BANDS, {
    ...COMPUTED,
    description: `${REPEAT_NOTE}: this record and the person’s earlier ones within it`,
  }),
  col('repeat_record', 'Repeat victimisation (computed)', 'flag', ['victims'], FLAG_CATEGORIES, {
    ...COMPUTED,
    description: `${REPEAT_NOTE}: Yes when the record is not the person’s first within the window`,
  }),
  col('repeat_person_most', 'Most victimisations in any window', 'ordinal', ['victims'], VICTIMISATION_BANDS, {
    ...COMPUTED,
    description: `${REPEAT_NOTE}: the person’s most records within any one window`,
  }),
  col('repeat_person', 'Repeat victim (computed)', 'flag', ['victims'], FLAG_CATEGORIES, {
    ...COMPUTED,
    description: `${REPEAT_NOTE}: Yes when the person has two or more records within some window`,
  }),
  col('repeat_next_gap', 'Time to the next victimisation', 'ordinal', ['victims'], NEXT_VICTIMISATION_BANDS, {
    ...COMPUTED,
    description: `${REPEAT_NOTE}: days from this record to the person’s next one`,
  }),
  col('services_step', 'Victims’ services: furthest step', 'ordinal', ['victims'], SERVICES_STEPS, {
    ...COMPUTED,
    description:
      'Entitled to enhanced rights, then referred to services, then a service used: the furthest step in that order',
  }),
  col('needs_count', 'Number of needs', 'ordinal', ['offenders'], NEEDS_COUNT_BANDS, {
    ...COMPUTED,
    description: 'The needs flagged on the record',
  }),
  col('needs_combination', 'Combination of needs', 'category', ['offenders'], [], {
    ...COMPUTED,
    open: true,
    description: 'The needs flagged on the record, joined with “ + ”: the most common combinations by persons',
  }),
  col('outcome_timed', 'Time to outcome known', 'flag', ['suspects'], FLAG_CATEGORIES, {
    ...COMPUTED,
    description:
      'Yes when the record has an offence date and an outcome date on or after it: the records time to outcome counts',
  }),
];

/** Derived fields whose values depend on the query's rolling window. */
export const WINDOWED_FIELDS: readonly string[] = [
  'repeat_in_window',
  'repeat_record',
  'repeat_person_most',
  'repeat_person',
  'repeat_next_gap',
];

/** A column a query may name: the workspace's codebook, then the fields the engine computes. */
export function findAnalysisColumn(codebook: Codebook, name: string): CodebookColumn | undefined {
  return findColumn(codebook, name) ?? DERIVED_COLUMNS.find((c) => c.name === name);
}

export function isComputedField(name: string): boolean {
  return DERIVED_COLUMNS.some((c) => c.name === name);
}
