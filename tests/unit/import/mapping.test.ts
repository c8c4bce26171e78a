// Mapping, recoding and date parsing: every messy header of every cohort auto-maps, the
// canonical headers map to themselves, and the values of real extracts recode to labels.
import { afterAll, describe, expect, it } from 'vitest';
import { BUILT_IN_CODEBOOK, COHORTS, columnsFor, findColumn, type CodebookColumn } from '../../../shared/codebook.ts';
import { AppError } from '../../../shared/errors.ts';
import { dialectColumns } from '../../../fixtures/generator/generate.ts';
import { autoMap, checkMapping, sourcesOf } from '../../../src-main/import/mapping.ts';
import { normaliseKey } from '../../../src-main/import/normalise.ts';
import { parseDate } from '../../../src-main/import/parseDate.ts';
import { makeRecoder } from '../../../src-main/import/recode.ts';
import { TempDir } from './importTestKit.ts';

const dir = new TempDir();
afterAll(() => dir.remove());
const column = (name: string): CodebookColumn => findColumn(BUILT_IN_CODEBOOK, name) as CodebookColumn;

describe('autoMap', () => {
  it.each(COHORTS.flatMap((cohort) => (['csv', 'xlsx'] as const).map((format) => [cohort, format] as const)))(
    'maps every messy %s header (%s)',
    (cohort, format) => {
      const headers = dialectColumns(cohort, 'messy', format).map((c) => c.header);
      const mapping = autoMap(headers, cohort, BUILT_IN_CODEBOOK);
      const unmapped = mapping.columns.filter((c) => c.target === null).map((c) => c.source);
      expect(unmapped).toEqual([]);
      expect(() => checkMapping(mapping, headers, BUILT_IN_CODEBOOK)).not.toThrow();
    },
  );

  it.each(COHORTS)('maps the canonical %s headers to themselves', (cohort) => {
    const headers = dialectColumns(cohort, 'canonical', 'csv').map((c) => c.header);
    const mapping = autoMap(headers, cohort, BUILT_IN_CODEBOOK);
    for (const { source, target } of mapping.columns) expect(target).toBe(source);
    const expected = columnsFor(BUILT_IN_CODEBOOK, cohort)
      .filter((c) => c.kind !== 'person_key')
      .map((c) => c.name);
    expect(headers.filter((h) => h !== 'person_ref').sort()).toEqual(expected.sort());
  });

  it('coalesces self-defined before officer-defined ethnicity, whatever the file order', () => {
    const mapping = autoMap(
      ['Officer Defined Ethnicity', 'Offence Date', 'Self Defined Ethnicity'],
      'suspects',
      BUILT_IN_CODEBOOK,
    );
    expect(sourcesOf(mapping, 'ethnicity')).toEqual(['Self Defined Ethnicity', 'Officer Defined Ethnicity']);
  });

  it('leaves unknown headers out and refuses a mapping without a date', () => {
    const headers = ['Gender', 'Shoe size'];
    const mapping = autoMap(headers, 'victims', BUILT_IN_CODEBOOK);
    expect(mapping.columns).toEqual([
      { source: 'Gender', target: 'sex' },
      { source: 'Shoe size', target: null },
    ]);
    expect(() => checkMapping(mapping, headers, BUILT_IN_CODEBOOK)).toThrow(AppError);
    expect(() => checkMapping(mapping, headers, BUILT_IN_CODEBOOK)).toThrow(/no column maps to "date"/);
  });

  it('does not offer columns of another cohort', () => {
    const mapping = autoMap(['Date', 'RoSH Level', 'Outcome'], 'victims', BUILT_IN_CODEBOOK);
    expect(mapping.columns.map((c) => c.target)).toEqual(['date', null, null]);
  });
});

describe('recoding', () => {
  it('recodes sex spellings, case and spaces', () => {
    const sex = makeRecoder(column('sex'));
    expect(['M', ' m ', 'MALE', 'male'].map(sex)).toEqual(['Male', 'Male', 'Male', 'Male']);
    expect(['F', 'Female', ' female'].map(sex)).toEqual(['Female', 'Female', 'Female']);
    expect(sex('')).toBe('Unknown');
    expect(sex('Q')).toBeUndefined();
  });

  it('recodes IC codes and census categories to ethnic groups', () => {
    const ethnicity = makeRecoder(column('ethnicity'));
    expect(['IC1', 'ic2', 'IC 3', 'IC4', 'IC5', 'IC6', 'IC9', 'IC0'].map(ethnicity)).toEqual([
      'White',
      'White',
      'Black',
      'Asian',
      'Asian',
      'Other',
      'Not stated',
      'Not stated',
    ]);
    expect(ethnicity('Asian or Asian British - Pakistani')).toBe('Asian');
    expect(ethnicity('Mixed - White and Black Caribbean')).toBe('Mixed');
    expect(ethnicity('Not Stated')).toBe('Not stated');
    expect(ethnicity('')).toBe('Not stated');
  });

  it('recodes districts from names, short names, ONS codes, beats and LSOA names', () => {
    const district = makeRecoder(column('district'));
    expect(district('Hunts')).toBe('Huntingdonshire');
    expect(district('South Cambs')).toBe('South Cambridgeshire');
    expect(district('E07000010')).toBe('Fenland');
    expect(district('E06000031')).toBe('Peterborough');
    expect(district('PETERBOROUGH CENTRAL')).toBe('Peterborough');
    expect(district('EAST CAMBRIDGESHIRE NORTH')).toBe('East Cambridgeshire');
    expect(district('Fenland 012A')).toBe('Fenland');
    expect(district('Outside Force Area')).toBe('Outside area');
    expect(district('Cambrdige')).toBeUndefined();
  });

  it('applies the analyst rules first', () => {
    const district = makeRecoder(column('district'), { [normaliseKey('Cambrdige')]: 'Cambridge' });
    expect(district('CAMBRDIGE')).toBe('Cambridge');
  });

  it('recodes flags and offence groups', () => {
    const flag = makeRecoder(column('domestic_abuse'));
    expect(['Y', 'yes', 'TRUE', '1'].map(flag)).toEqual(['Yes', 'Yes', 'Yes', 'Yes']);
    expect(['N', 'No', 'false', '0'].map(flag)).toEqual(['No', 'No', 'No', 'No']);
    expect(flag('')).toBeNull();
    expect(flag('maybe')).toBeUndefined();
    const group = makeRecoder(column('offence_group'));
    expect(group('Criminal Damage & Arson')).toBe('Criminal damage and arson');
    expect(group('VAP')).toBe('Violence against the person');
    expect(group('Theft Offences')).toBe('Theft');
  });

  it('gives open columns tidy labels, reusing existing spellings', () => {
    const subgroup = makeRecoder(column('offence_subgroup'), {}, ['Violence with injury']);
    expect(subgroup('VIOLENCE WITH INJURY ')).toBe('Violence with injury');
    expect(subgroup('SHOPLIFTING')).toBe('Shoplifting');
    expect(makeRecoder(column('lsoa'))(' e01017975 ')).toBe('E01017975');
  });
});

describe('parseDate', () => {
  it('reads UK, ISO, named-month and Excel serial dates', () => {
    expect(parseDate('03/06/2021')).toBe('2021-06-03');
    expect(parseDate('3/6/2021 14:05')).toBe('2021-06-03');
    expect(parseDate('03-06-21', 2026)).toBe('2021-06-03');
    expect(parseDate('2021-06-03')).toBe('2021-06-03');
    expect(parseDate('2021-06-03T10:00:00Z')).toBe('2021-06-03');
    expect(parseDate('3 June 2021')).toBe('2021-06-03');
    expect(parseDate('03-Jun-2021')).toBe('2021-06-03');
    expect(parseDate('44350')).toBe('2021-06-03');
  });

  it('refuses days that do not exist and text that is not a date', () => {
    expect(parseDate('31/02/2021')).toBeNull();
    expect(parseDate('2020-13-45')).toBeNull();
    expect(parseDate('unknown')).toBeNull();
    expect(parseDate('')).toBeNull();
    expect(parseDate('999999')).toBeNull();
  });
});
