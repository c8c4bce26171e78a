// Standard UK classifications the importer knows for sure, per codebook column: the census
// 18+1 ethnic categories (2011 and 2021 wordings, "Group - Category" or "Group: Category") to
// the 5+1 harmonised groups; police.uk crime types and outcome categories; stop-and-search
// outcomes and age ranges. Only values with one sure destination are here: a coarser source
// category ("Violence and sexual offences", "over 34") is left out, so it stays unmapped and
// the analyst decides. Keys are normalised (normaliseKey), so spelling of case, spaces and
// punctuation needs no entries of its own.
import { normaliseKey } from './normalise.ts';

type Entries = ReadonlyArray<readonly [label: string, values: readonly string[]]>;

/** How each census group is written, and its categories (wordings of 2001, 2011 and 2021). */
const CENSUS_GROUPS: ReadonlyArray<{ label: string; names: readonly string[]; categories: readonly string[] }> = [
  {
    label: 'White',
    names: ['White'],
    categories: [
      'English/Welsh/Scottish/Northern Irish/British',
      'English, Welsh, Scottish, Northern Irish or British',
      'British',
      'Irish',
      'Gypsy or Irish Traveller',
      'Roma',
      'Any other White background',
      'Other White',
    ],
  },
  {
    label: 'Mixed',
    names: ['Mixed', 'Mixed/Multiple ethnic groups', 'Mixed or Multiple ethnic groups', 'Mixed/Multiple ethnic group'],
    categories: [
      'White and Black Caribbean',
      'White and Black African',
      'White and Asian',
      'Any other Mixed/Multiple ethnic background',
      'Any other Mixed or Multiple ethnic background',
      'Any other Mixed background',
      'Other Mixed',
    ],
  },
  {
    label: 'Asian',
    names: ['Asian', 'Asian/Asian British', 'Asian or Asian British', 'Asian, Asian British or Asian Welsh'],
    categories: ['Indian', 'Pakistani', 'Bangladeshi', 'Chinese', 'Any other Asian background', 'Other Asian'],
  },
  {
    label: 'Black',
    names: [
      'Black',
      'Black/African/Caribbean/Black British',
      'Black or Black British',
      'Black, Black British, Black Welsh, Caribbean or African',
    ],
    categories: [
      'African',
      'Caribbean',
      'Any other Black/African/Caribbean background',
      'Any other Black, Black British or Caribbean background',
      'Any other Black background',
      'Other Black',
    ],
  },
  {
    label: 'Other',
    names: ['Other ethnic group', 'Other ethnic groups', 'Chinese or other ethnic group'],
    categories: ['Arab', 'Any other ethnic group', 'Chinese', 'Other'],
  },
];

/** A census category's "not stated" under any group ("Other ethnic group - Not stated") is not stated. */
const NOT_STATED = ['Not stated', 'Not known', 'Unknown', 'Prefer not to say', 'Refused'];

function censusEthnicity(): Entries {
  const byLabel = new Map<string, string[]>();
  const add = (label: string, value: string): void => {
    const list = byLabel.get(label) ?? [];
    list.push(value);
    byLabel.set(label, list);
  };
  for (const group of CENSUS_GROUPS) {
    for (const name of group.names) {
      for (const category of group.categories) add(group.label, `${name} - ${category}`);
      for (const missing of NOT_STATED) add('Not stated', `${name} - ${missing}`);
    }
  }
  return [...byLabel];
}

/** police.uk `Crime type`: only the types that fall within one offence group. */
const POLICE_UK_CRIME_TYPES: Entries = [
  ['Theft', ['Bicycle theft', 'Other theft', 'Shoplifting', 'Theft from the person']],
  ['Burglary', ['Burglary']],
  ['Criminal damage and arson', ['Criminal damage and arson']],
  ['Drug offences', ['Drugs']],
  ['Miscellaneous crimes against society', ['Other crime']],
  ['Possession of weapons', ['Possession of weapons']],
  ['Public order', ['Public order']],
  ['Robbery', ['Robbery']],
  ['Vehicle offences', ['Vehicle crime']],
  ['Violence against the person', ['Violent crime']],
];

/** police.uk `Last outcome category`, and stop-and-search `Outcome`, to the outcome groups. */
const POLICE_UK_OUTCOMES: Entries = [
  [
    'Charge or summons',
    [
      'Awaiting court outcome',
      'Court result unavailable',
      'Court case unable to proceed',
      'Defendant found not guilty',
      'Defendant sent to Crown Court',
      'Offender sent to prison',
      'Offender given suspended prison sentence',
      'Offender fined',
      'Offender given community sentence',
      'Offender given conditional discharge',
      'Offender given absolute discharge',
      'Offender ordered to pay compensation',
      'Offender otherwise dealt with',
      'Offender deprived of property',
      'Suspect charged as part of another case',
      'Summons / charged by post',
      'Suspect summonsed to court',
    ],
  ],
  [
    'Out of court disposal',
    [
      'Local resolution',
      'Offender given a caution',
      'Offender given a drugs possession warning',
      'Offender given penalty notice',
      'Caution (simple or conditional)',
      'Community resolution',
      'Khat or Cannabis warning',
      'Penalty Notice for Disorder',
    ],
  ],
  ['Evidential difficulties', ['Unable to prosecute suspect']],
  ['No suspect identified', ['Investigation complete; no suspect identified']],
  [
    'Not in public interest',
    [
      'Further investigation is not in the public interest',
      'Further action is not in the public interest',
      'Formal action is not in the public interest',
    ],
  ],
  ['Under investigation', ['Under investigation']],
  ['Other', ['Action to be taken by another organisation']],
];

/** Stop-and-search `Age range`: only the ranges that fall within one age band. */
const AGE_RANGES: Entries = [
  ['0-9', ['under 10', 'under 10 years', '0 to 9']],
  ['10-17', ['10 to 17']],
  ['18-24', ['18 to 24']],
  ['25-34', ['25 to 34']],
  ['35-44', ['35 to 44']],
  ['45-54', ['45 to 54']],
  ['55-64', ['55 to 64']],
  ['65+', ['65 and over', 'over 64', '65 or over']],
];

function table(entries: Entries): ReadonlyMap<string, string> {
  const map = new Map<string, string>();
  for (const [label, values] of entries) for (const value of values) map.set(normaliseKey(value), label);
  return map;
}

/** Per codebook column, normalised source value to codebook label. */
export const STANDARD_VALUES: Readonly<Record<string, ReadonlyMap<string, string>>> = {
  ethnicity: table(censusEthnicity()),
  offence_group: table(POLICE_UK_CRIME_TYPES),
  outcome_group: table(POLICE_UK_OUTCOMES),
  age_band: table(AGE_RANGES),
};
