// Mapping, recoding and date parsing: every messy header of every cohort auto-maps, the
// canonical headers map to themselves, and the values of real extracts recode to labels.
import { afterAll, describe, expect, it } from 'vitest';
import { BUILT_IN_CODEBOOK, COHORTS, columnsFor, findColumn, type CodebookColumn } from '../../../shared/codebook.ts';
import { AppError } from '../../../shared/errors.ts';
import { dialectColumns } from '../../../src-main/sample/generator/generate.ts';
import { autoMap, checkMapping, sourcesOf } from '../../../src-main/import/mapping.ts';
import { normaliseKey } from '../../../src-main/import/normalise.ts';
import { dayMonthFit, inBritishSummerTime, parseDate } from '../../../shared/parseDate.ts';
import { applyProfileFile, parseProfileFile } from '../../../src-main/import/profile.ts';
import { makeClassifier, makeRecoder } from '../../../src-main/import/recode.ts';
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

describe('standard classifications: a sure destination, or none', () => {
  it('takes the census 18+1 categories to the 5+1 groups in their usual spellings, "Not stated" under any group', () => {
    const ethnicity = makeClassifier(column('ethnicity'));
    const cases: Array<[string, string]> = [
      ['White - Irish', 'White'],
      ['White: Irish', 'White'],
      ['WHITE - GYPSY OR IRISH TRAVELLER', 'White'],
      ['White - English/Welsh/Scottish/Northern Irish/British', 'White'],
      ['Mixed/Multiple ethnic groups - White and Asian', 'Mixed'],
      ['Asian/Asian British - Chinese', 'Asian'],
      ['Asian or Asian British - Pakistani', 'Asian'],
      ['Black/African/Caribbean/Black British - Any other Black/African/Caribbean background', 'Black'],
      ['Other ethnic group - Arab', 'Other'],
      ['Other ethnic group - Any other ethnic group', 'Other'],
      ['Other ethnic group - Not stated', 'Not stated'],
      ['White - Not stated', 'Not stated'],
    ];
    for (const [value, group] of cases) expect(ethnicity(value), value).toEqual({ label: group, how: 'standard' });
    expect(ethnicity('IC3')).toEqual({ label: 'Black', how: 'standard' });
    expect(ethnicity('')).toEqual({ label: 'Not stated', how: 'blank' });
    expect(ethnicity('Not Stated')).toEqual({ label: 'Not stated', how: 'exact' });
    // A group's word alone before an unknown category is not a sure destination.
    expect(ethnicity('White - Martian')).toEqual({ label: undefined, how: 'unmapped' });
    expect(ethnicity('Other ethnic group - Something else')).toEqual({ label: undefined, how: 'unmapped' });
  });

  it('takes police.uk crime types and outcomes to groups, leaving the coarser ones unmapped', () => {
    const group = makeClassifier(column('offence_group'));
    expect(group('Shoplifting')).toEqual({ label: 'Theft', how: 'standard' });
    expect(group('Bicycle theft')).toEqual({ label: 'Theft', how: 'standard' });
    expect(group('Vehicle crime')).toEqual({ label: 'Vehicle offences', how: 'standard' });
    expect(group('Drugs')).toEqual({ label: 'Drug offences', how: 'standard' });
    expect(group('Violence and sexual offences').how).toBe('unmapped');
    expect(group('Anti-social behaviour').how).toBe('unmapped');
    const outcome = makeClassifier(column('outcome_group'));
    expect(outcome('Investigation complete; no suspect identified')).toEqual({
      label: 'No suspect identified',
      how: 'standard',
    });
    expect(outcome('Unable to prosecute suspect').label).toBe('Evidential difficulties');
    expect(outcome('Community resolution').label).toBe('Out of court disposal');
    expect(outcome('Summons / charged by post').label).toBe('Charge or summons');
    expect(outcome('Arrest').how).toBe('unmapped');
    expect(outcome('A no further action disposal').how).toBe('unmapped');
  });

  it('never forces a coarser age range into a finer band', () => {
    const band = makeClassifier(column('age_band'));
    expect(band('under 10')).toEqual({ label: '0-9', how: 'standard' });
    expect(band('18-24')).toEqual({ label: '18-24', how: 'exact' });
    expect(band('over 34')).toEqual({ label: undefined, how: 'unmapped' });
    expect(band('')).toEqual({ label: 'Unknown', how: 'blank' });
  });

  it("puts the analyst's rule first and says so", () => {
    const band = makeClassifier(column('age_band'), { [normaliseKey('over 34')]: 'Unknown' });
    expect(band('Over 34')).toEqual({ label: 'Unknown', how: 'rule' });
  });
});

describe('dates as the UK lives them', () => {
  it('gives a timestamp with an offset its Europe/London date, across both clock changes', () => {
    // Summer time: 23:30 UTC on 31 August is 00:30 on 1 September in London.
    expect(parseDate('2019-08-31T23:30:00+00:00')).toBe('2019-09-01');
    expect(parseDate('2019-08-31T22:59:59Z')).toBe('2019-08-31');
    expect(parseDate('2019-08-31T23:00:00Z')).toBe('2019-09-01');
    // Winter time: UTC is London time.
    expect(parseDate('2019-12-31T23:30:00+00:00')).toBe('2019-12-31');
    // An offset of its own: 01:30 in Paris (+02:00) on 1 September is 00:30 in London.
    expect(parseDate('2019-09-01T01:30:00+02:00')).toBe('2019-09-01');
    expect(parseDate('2019-09-01T00:30:00+02:00')).toBe('2019-08-31');
    // Clocks go forward at 01:00 UTC on 31 March 2019 and back at 01:00 UTC on 27 October 2019.
    expect(inBritishSummerTime(Date.UTC(2019, 2, 31, 0, 59, 59))).toBe(false);
    expect(inBritishSummerTime(Date.UTC(2019, 2, 31, 1, 0, 0))).toBe(true);
    expect(inBritishSummerTime(Date.UTC(2019, 9, 27, 0, 59, 59))).toBe(true);
    expect(inBritishSummerTime(Date.UTC(2019, 9, 27, 1, 0, 0))).toBe(false);
    expect(parseDate('2019-03-30T23:30:00Z')).toBe('2019-03-30');
    expect(parseDate('2019-10-26T23:30:00Z')).toBe('2019-10-27');
    expect(parseDate('2019-10-27T23:30:00Z')).toBe('2019-10-27');
    // Without an offset, the date is as written.
    expect(parseDate('2019-08-31T23:30:00')).toBe('2019-08-31');
  });

  it('agrees with the platform time-zone database on every half hour of a year', () => {
    const london = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });
    for (let ms = Date.UTC(2020, 0, 1); ms < Date.UTC(2021, 0, 1); ms += 30 * 60_000) {
      const text = new Date(ms).toISOString().replace('.000Z', '+00:00');
      expect(parseDate(text), text).toBe(london.format(new Date(ms)));
    }
  });

  it('reads day and month either way round when told, and says which orders a date fits', () => {
    expect(parseDate('03/04/2021')).toBe('2021-04-03');
    expect(parseDate('03/04/2021', undefined, 'mdy')).toBe('2021-03-04');
    expect(parseDate('12/31/2021', undefined, 'mdy')).toBe('2021-12-31');
    expect(parseDate('12/31/2021')).toBeNull();
    expect(dayMonthFit('03/04/2021')).toBe('either');
    expect(dayMonthFit('31/12/2021')).toBe('dmy');
    expect(dayMonthFit('12/31/2021')).toBe('mdy');
    expect(dayMonthFit('31/31/2021')).toBe('neither');
    expect(dayMonthFit('2021-12-31')).toBeNull();
  });
});

describe('profile files', () => {
  const headers = ['Date', 'Self-defined ethnicity', 'Age range', 'Legislation'];
  const base = autoMap(headers, 'suspects', BUILT_IN_CODEBOOK);

  it('lays columns and recodes over the automatic mapping', () => {
    const file = parseProfileFile(
      JSON.stringify({
        columns: [
          { source: 'Legislation', target: null },
          { source: 'Age range', target: 'age_band', kind: 'ordinal' },
        ],
        recodes: { age_band: { 'over 34': 'Unknown' } },
      }),
      'p.json',
    );
    const mapping = applyProfileFile(file, base, headers, BUILT_IN_CODEBOOK);
    expect(mapping.columns.find((c) => c.source === 'Self-defined ethnicity')?.target).toBe('ethnicity');
    expect(mapping.recodes).toEqual({ age_band: { 'over 34': 'Unknown' } });
  });

  it('refuses what cannot be used, saying what', () => {
    const use = (profile: unknown) => () =>
      applyProfileFile(parseProfileFile(JSON.stringify(profile), 'p.json'), base, headers, BUILT_IN_CODEBOOK);
    expect(use({ columns: [{ source: 'Shoe size', target: 'sex' }] })).toThrow(/the file has no column "Shoe size"/);
    expect(use({ columns: [{ source: 'Age range', target: 'age_band', kind: 'category' }] })).toThrow(
      /"age_band" is of kind ordinal, not category/,
    );
    expect(use({ recodes: { age_band: { 'over 34': '35+' } } })).toThrow(/"35\+" is not a category of age_band/);
    expect(use({ recodes: { rosh: { x: 'Low' } } })).toThrow(/recodes name "rosh", which is not a column of suspects/);
    expect(() => parseProfileFile('{ nope', 'p.json')).toThrow(/p.json is not JSON/);
    expect(() => parseProfileFile('{"columns": 3}', 'p.json')).toThrow(/cannot be used: columns/);
  });
});
