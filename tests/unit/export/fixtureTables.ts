// Small hand-made tables shared by the export tests.
import { type QueryResult } from '../../../shared/query.ts';
import { handResult } from './fakeResults.ts';

export const labelOf = (field: string): string =>
  ({
    offence_group: 'Offence group',
    sex: 'Sex',
    age_band: 'Age band',
    district: 'District',
    financial_year: 'Financial year',
  })[field] ?? field;

export const FOOTNOTE = [
  'Victims, records. Period: Financial year 2023/24.',
  'Filters: none.',
  'Counts from 1 to 4 are suppressed ([c]); further cells are suppressed so that suppressed values cannot be worked out from totals.',
  'Source: Test constabulary extract.',
];

/** Offence group by sex; Sexual offences x Male (3) is suppressed. */
export function offenceBySex(): QueryResult {
  return handResult({
    rows: ['offence_group'],
    rowKeys: [['Violence against the person'], ['Sexual offences'], ['Theft']],
    cols: ['sex'],
    colKeys: [['Female'], ['Male']],
    counts: [
      [520, 610],
      [88, 3],
      [300, 280],
    ],
    spec: { cohort: 'victims', rows: ['offence_group'], cols: ['sex'] },
  });
}

export function ageBySex(): QueryResult {
  const ages = ['0-9', '10-17', '18-24', '25-34', '35-44', '45-54', '55-64', '65+'];
  return handResult({
    rows: ['age_band'],
    rowKeys: ages.map((a) => [a]),
    cols: ['sex'],
    colKeys: [['Female'], ['Male']],
    counts: ages.map((_a, i) => [100 + i * 20, i === 6 ? 2 : 90 + i * 15]),
  });
}

export function byDistrict(): QueryResult {
  const districts = [
    'Cambridge',
    'East Cambridgeshire',
    'Fenland',
    'Huntingdonshire',
    'South Cambridgeshire',
    'Peterborough',
  ];
  return handResult({
    rows: ['district'],
    rowKeys: districts.map((d) => [d]),
    cols: [],
    colKeys: [],
    counts: [[400], [120], [300], [350], [4], [700]],
  });
}

export function byYear(): QueryResult {
  return handResult({
    rows: ['financial_year'],
    rowKeys: [['2021/22'], ['2022/23'], ['2023/24']],
    cols: ['sex'],
    colKeys: [['Female'], ['Male']],
    counts: [
      [300, 320],
      [350, 2],
      [420, 400],
    ],
  });
}
