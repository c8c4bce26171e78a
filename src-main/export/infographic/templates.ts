// Ready-made infographics for victims, suspects and offenders. They hold no numbers: every
// block is a live query for the given latest financial year, so the same template fills itself
// from this year's workspace and from next year's.
import { DEFAULT_DISCLOSURE, type Filter, type QuerySpec } from '../../../shared/query.ts';
import {
  type CountQuery,
  DEFAULT_THEME,
  type GridPlace,
  type InfographicBlock,
  type InfographicDoc,
  type PageSize,
  type Theme,
} from '../../../shared/infographic.ts';
import type { FigureSpec } from '../../../shared/figure.ts';

export interface TemplateOptions {
  page?: PageSize;
  theme?: Theme;
  /** A population table imported in the workspace: the map then shows rates per 1,000. */
  population?: string;
}

export const TEMPLATE_NAMES = ['victims', 'suspects', 'offenders'] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

type Cohort = TemplateName;

const OFFENDER_NEEDS: ReadonlyArray<{ field: string; label: string }> = [
  { field: 'need_accommodation', label: 'Accommodation' },
  { field: 'need_ete', label: 'Education, training, employment' },
  { field: 'need_finance', label: 'Finance' },
  { field: 'need_relationships', label: 'Relationships' },
  { field: 'need_lifestyle', label: 'Lifestyle' },
  { field: 'need_drugs', label: 'Drugs' },
  { field: 'need_alcohol', label: 'Alcohol' },
  { field: 'need_emotional', label: 'Emotional wellbeing' },
  { field: 'need_thinking', label: 'Thinking and behaviour' },
  { field: 'need_attitudes', label: 'Attitudes' },
];

function year(fy: string): Filter {
  return { kind: 'in', field: 'financial_year', in: [fy] };
}

function spec(
  cohort: Cohort,
  fy: string,
  rows: string[],
  cols: string[],
  extra: Filter[] = [],
  measure: 'records' | 'persons' = 'records',
  population?: string,
): QuerySpec {
  return {
    cohort,
    filters: [year(fy), ...extra],
    rows,
    cols,
    measure,
    percent: 'none',
    stats: false,
    disclosure: DEFAULT_DISCLOSURE,
    ...(population ? { rate: { per: 1000, population } } : {}),
  };
}

function figure(name: string, title: string, chart: FigureSpec['chart'], query: QuerySpec): FigureSpec {
  return { name, title, notes: '', chart, keepEmpty: false, query };
}

/** Grid places for an A4 page (12 x 16) or a 16:9 slide (12 x 10). */
function places(
  page: PageSize,
): Record<'title' | 'h1' | 'h2' | 'h3' | 'profile' | 'top' | 'map' | 'icons' | 'text', GridPlace> {
  if (page === 'landscape-16x9')
    return {
      title: { col: 0, row: 0, colSpan: 12, rowSpan: 2 },
      h1: { col: 0, row: 2, colSpan: 3, rowSpan: 2 },
      h2: { col: 0, row: 4, colSpan: 3, rowSpan: 2 },
      h3: { col: 0, row: 6, colSpan: 3, rowSpan: 2 },
      icons: { col: 0, row: 8, colSpan: 3, rowSpan: 2 },
      profile: { col: 3, row: 2, colSpan: 4, rowSpan: 4 },
      top: { col: 7, row: 2, colSpan: 5, rowSpan: 4 },
      map: { col: 3, row: 6, colSpan: 6, rowSpan: 4 },
      text: { col: 9, row: 6, colSpan: 3, rowSpan: 4 },
    };
  return {
    title: { col: 0, row: 0, colSpan: 12, rowSpan: 2 },
    h1: { col: 0, row: 2, colSpan: 4, rowSpan: 2 },
    h2: { col: 4, row: 2, colSpan: 4, rowSpan: 2 },
    h3: { col: 8, row: 2, colSpan: 4, rowSpan: 2 },
    profile: { col: 0, row: 4, colSpan: 6, rowSpan: 5 },
    top: { col: 6, row: 4, colSpan: 6, rowSpan: 5 },
    map: { col: 0, row: 9, colSpan: 7, rowSpan: 7 },
    icons: { col: 7, row: 9, colSpan: 5, rowSpan: 3 },
    text: { col: 7, row: 12, colSpan: 5, rowSpan: 4 },
  };
}

interface CohortParts {
  cohort: Cohort;
  noun: string;
  /** The singular, for "Victim records". */
  single: string;
  third: { label: string; filters: Filter[] };
  topBlock: (at: GridPlace, fy: string) => InfographicBlock;
  icons: { label: string; subset: Filter[]; measure: 'records' | 'persons' };
  text: string;
}

function build(parts: CohortParts, fy: string, options: TemplateOptions): InfographicDoc {
  const page = options.page ?? 'a4-portrait';
  const at = places(page);
  const base = (filters: Filter[] = [], measure: 'records' | 'persons' = 'records'): CountQuery => ({
    cohort: parts.cohort,
    measure,
    filters,
  });
  const blocks: InfographicBlock[] = [
    {
      kind: 'title',
      at: at.title,
      title: `${parts.noun}: ${fy} at a glance`,
      subtitle: 'Cambridgeshire and Peterborough needs assessment',
    },
    {
      kind: 'headline',
      at: at.h1,
      label: `${parts.single} records`,
      query: base(),
      financialYear: fy,
      compare: 'previousYear',
    },
    {
      kind: 'headline',
      at: at.h2,
      label: `Distinct ${parts.noun.toLowerCase()} (persons)`,
      query: base([], 'persons'),
      financialYear: fy,
      compare: 'previousYear',
    },
    {
      kind: 'headline',
      at: at.h3,
      label: parts.third.label,
      query: base(parts.third.filters),
      financialYear: fy,
      compare: 'previousYear',
    },
    {
      kind: 'chart',
      at: at.profile,
      figure: figure(
        `${parts.cohort}-profile`,
        'Age and sex',
        'pyramid',
        spec(
          parts.cohort,
          fy,
          ['age_band'],
          ['sex'],
          [
            { kind: 'in', field: 'sex', in: ['Female', 'Male'] },
            { kind: 'notIn', field: 'age_band', notIn: ['Unknown'] },
          ],
        ),
      ),
      top: null,
    },
    parts.topBlock(at.top, fy),
    {
      kind: 'map',
      at: at.map,
      title: options.population ? 'Rate per 1,000 residents by district' : 'Records by district',
      query: spec(parts.cohort, fy, ['district'], [], [], 'records', options.population),
    },
    {
      kind: 'iconRow',
      at: at.icons,
      label: parts.icons.label,
      base: base([year(fy)], parts.icons.measure),
      subset: parts.icons.subset,
    },
    { kind: 'text', at: at.text, text: parts.text, emphasis: false },
  ];
  return {
    name: `${parts.cohort}-${fy.replace('/', '-')}`,
    page,
    theme: options.theme ?? DEFAULT_THEME,
    grid: page === 'landscape-16x9' ? { columns: 12, rows: 10 } : { columns: 12, rows: 16 },
    blocks,
  };
}

function topOffenceGroups(cohort: Cohort): (at: GridPlace, fy: string) => InfographicBlock {
  return (at, fy) => ({
    kind: 'chart',
    at,
    figure: figure(
      `${cohort}-offences`,
      'Top offence groups',
      'hbar',
      spec(cohort, fy, ['offence_group'], [], [{ kind: 'notIn', field: 'offence_group', notIn: ['Unknown'] }]),
    ),
    top: 6,
  });
}

export function victimsTemplate(latestYear: string, options: TemplateOptions = {}): InfographicDoc {
  return build(
    {
      cohort: 'victims',
      noun: 'Victims',
      single: 'Victim',
      third: {
        label: 'Domestic abuse related records',
        filters: [{ kind: 'equals', field: 'domestic_abuse', equals: true }],
      },
      topBlock: topOffenceGroups('victims'),
      icons: {
        label: 'victims were repeat victims',
        subset: [{ kind: 'equals', field: 'repeat_victim', equals: true }],
        measure: 'persons',
      },
      text: 'Repeat victims had two or more offences recorded against them within twelve months. Numbers are counts of recorded crime, not of all crime experienced.',
    },
    latestYear,
    options,
  );
}

export function suspectsTemplate(latestYear: string, options: TemplateOptions = {}): InfographicDoc {
  return build(
    {
      cohort: 'suspects',
      noun: 'Suspects',
      single: 'Suspect',
      third: { label: 'Suspect records arrested', filters: [{ kind: 'equals', field: 'arrested', equals: true }] },
      topBlock: topOffenceGroups('suspects'),
      icons: {
        label: 'suspect records ended in a charge or summons',
        subset: [{ kind: 'in', field: 'outcome_group', in: ['Charge or summons'] }],
        measure: 'records',
      },
      text: 'Outcomes are those recorded by the end of the extract; cases still under investigation may yet be charged.',
    },
    latestYear,
    options,
  );
}

export function offendersTemplate(latestYear: string, options: TemplateOptions = {}): InfographicDoc {
  return build(
    {
      cohort: 'offenders',
      noun: 'Offenders',
      single: 'Offender',
      third: {
        label: 'High or very high risk of serious harm',
        filters: [{ kind: 'in', field: 'rosh', in: ['High', 'Very high'] }],
      },
      topBlock: (at, fy) => ({
        kind: 'flagChart',
        at,
        title: 'Most common criminogenic needs',
        base: { cohort: 'offenders', measure: 'records', filters: [year(fy)] },
        flags: [...OFFENDER_NEEDS],
        top: 6,
      }),
      icons: {
        label: 'offenders proved to reoffend',
        subset: [{ kind: 'equals', field: 'reoffended', equals: true }],
        measure: 'persons',
      },
      text: 'Needs are those identified at assessment; an offender may have several. Proven reoffending is measured over the follow-up period of the extract.',
    },
    latestYear,
    options,
  );
}

export function templateFor(name: TemplateName, latestYear: string, options: TemplateOptions = {}): InfographicDoc {
  switch (name) {
    case 'victims':
      return victimsTemplate(latestYear, options);
    case 'suspects':
      return suspectsTemplate(latestYear, options);
    case 'offenders':
      return offendersTemplate(latestYear, options);
  }
}
