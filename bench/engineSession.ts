// The interactive session of the benchmark: 20 successive queries as an analyst makes
// them (choose a period, add filters, swap dimensions, toggle categories, switch measure).
import type { Filter } from '../shared/query.ts';
import { shiftIso, type PeerQuery } from './enginePeers.ts';

export function interactiveSession(rep: number): PeerQuery[] {
  const period = (days: number): Filter => ({
    kind: 'dateRange',
    field: 'date',
    from: shiftIso('2019-04-01', rep % 200),
    to: shiftIso('2020-03-31', (rep % 200) + days),
  });
  const year = period(0);
  const district = (labels: string[]): Filter => ({ kind: 'in', field: 'district', in: labels });
  const notUnknownAge: Filter = { kind: 'notIn', field: 'age_band', notIn: ['Unknown'] };
  const da = (equals: boolean): Filter => ({ kind: 'equals', field: 'domestic_abuse', equals });
  const records = 'records' as const;
  const persons = 'persons' as const;
  return [
    { filters: [year], rows: ['offence_group'], cols: [], measure: records },
    { filters: [year, district(['Fenland', 'Peterborough'])], rows: ['offence_group'], cols: [], measure: records },
    {
      filters: [year, district(['Fenland', 'Peterborough'])],
      rows: ['offence_group'],
      cols: ['sex'],
      measure: records,
    },
    {
      filters: [year, district(['Fenland', 'Peterborough']), notUnknownAge],
      rows: ['offence_group'],
      cols: ['sex'],
      measure: records,
    },
    {
      filters: [year, district(['Fenland', 'Peterborough', 'Cambridge']), notUnknownAge],
      rows: ['offence_group'],
      cols: ['sex'],
      measure: records,
    },
    {
      filters: [year, district(['Fenland', 'Peterborough', 'Cambridge']), notUnknownAge, da(true)],
      rows: ['offence_group'],
      cols: ['sex'],
      measure: records,
    },
    {
      filters: [year, district(['Fenland', 'Peterborough', 'Cambridge']), notUnknownAge, da(true)],
      rows: ['age_band'],
      cols: ['sex'],
      measure: records,
    },
    {
      filters: [year, district(['Fenland', 'Peterborough', 'Cambridge']), notUnknownAge, da(false)],
      rows: ['age_band'],
      cols: ['sex'],
      measure: records,
    },
    {
      filters: [year, district(['Fenland', 'Peterborough', 'Cambridge']), notUnknownAge, da(false)],
      rows: ['ethnicity'],
      cols: ['sex'],
      measure: records,
    },
    {
      filters: [year, district(['Peterborough', 'Cambridge']), notUnknownAge, da(false)],
      rows: ['ethnicity'],
      cols: ['sex'],
      measure: records,
    },
    {
      filters: [year, district(['Peterborough', 'Cambridge']), notUnknownAge, da(false)],
      rows: ['ethnicity'],
      cols: ['sex'],
      measure: persons,
    },
    {
      filters: [year, district(['Peterborough', 'Cambridge']), notUnknownAge, da(false)],
      rows: ['ethnicity'],
      cols: ['sex'],
      measure: records,
    },
    {
      filters: [
        year,
        district(['Peterborough', 'Cambridge']),
        notUnknownAge,
        da(false),
        { kind: 'equals', field: 'repeat_victim', equals: true },
      ],
      rows: ['ethnicity'],
      cols: ['sex'],
      measure: records,
    },
    {
      filters: [
        year,
        district(['Peterborough', 'Cambridge']),
        notUnknownAge,
        da(false),
        { kind: 'equals', field: 'repeat_victim', equals: true },
      ],
      rows: ['ethnicity'],
      cols: ['district'],
      measure: records,
    },
    {
      filters: [
        year,
        district(['Peterborough', 'Cambridge']),
        { kind: 'notIn', field: 'age_band', notIn: ['Unknown', '0-9'] },
        da(false),
        { kind: 'equals', field: 'repeat_victim', equals: true },
      ],
      rows: ['ethnicity'],
      cols: ['district'],
      measure: records,
    },
    {
      filters: [
        year,
        district(['Peterborough', 'Cambridge']),
        { kind: 'notIn', field: 'age_band', notIn: ['Unknown', '0-9'] },
        da(false),
        { kind: 'equals', field: 'repeat_victim', equals: true },
      ],
      rows: ['offence_group'],
      cols: ['sex'],
      measure: records,
    },
    {
      filters: [
        year,
        district(['Peterborough', 'Cambridge']),
        { kind: 'notIn', field: 'age_band', notIn: ['Unknown', '0-9'] },
        da(false),
      ],
      rows: ['offence_group'],
      cols: ['sex'],
      measure: records,
    },
    {
      filters: [
        period(365),
        district(['Peterborough', 'Cambridge']),
        { kind: 'notIn', field: 'age_band', notIn: ['Unknown', '0-9'] },
        da(false),
      ],
      rows: ['offence_group'],
      cols: ['sex'],
      measure: records,
    },
    {
      filters: [
        period(365),
        district(['Peterborough', 'Cambridge']),
        { kind: 'notIn', field: 'age_band', notIn: ['Unknown', '0-9'] },
        da(false),
      ],
      rows: ['age_band'],
      cols: ['sex'],
      measure: records,
    },
    {
      filters: [
        period(365),
        district(['Peterborough', 'Cambridge']),
        { kind: 'notIn', field: 'age_band', notIn: ['Unknown', '0-9'] },
        da(false),
      ],
      rows: ['age_band'],
      cols: ['sex'],
      measure: persons,
    },
  ];
}
