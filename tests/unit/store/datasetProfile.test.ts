// The Data screen's counts as the store makes them (records, persons, period, filled values
// per column), checked against the same counts taken in plain JavaScript over the rows that
// were inserted.
import { afterAll, describe, expect, it } from 'vitest';
import {
  cohortProfile,
  contextCategoryCodes,
  contextPeriod,
  contextProfile,
  financialYearCodes,
  type CountedColumn,
} from '../../../src-main/store/datasetProfile.ts';
import { PlainDatabase } from './storeTestKit.ts';

const db = new PlainDatabase(':memory:');
afterAll(() => db.close());

/** A small deterministic generator, so the rows vary without depending on Math.random. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

interface VictimRow {
  person_id: number;
  date: string | null;
  financial_year: number | null;
  sex: number | null;
  age: number | null;
}

const next = lcg(7);
const victims: VictimRow[] = Array.from({ length: 300 }, () => ({
  person_id: Math.floor(next() * 80),
  date: next() < 0.1 ? null : `202${Math.floor(next() * 4)}-0${1 + Math.floor(next() * 9)}-1${Math.floor(next() * 9)}`,
  financial_year: next() < 0.1 ? null : Math.floor(next() * 4),
  sex: next() < 0.2 ? null : Math.floor(next() * 3), // code 2 is "Unknown"
  age: next() < 0.3 ? null : Math.floor(next() * 90),
}));
db.exec(
  'CREATE TABLE victims (id INTEGER PRIMARY KEY, person_id INTEGER, date TEXT, financial_year INTEGER, sex INTEGER, age REAL)',
);
// The batches as a workspace has them: the profile skips an import's rows not yet published.
db.exec('CREATE TABLE import_batches (id INTEGER PRIMARY KEY, cohort TEXT, status TEXT, first_row INTEGER)');
const insert = db.prepare(
  'INSERT INTO victims (person_id, date, financial_year, sex, age) VALUES (@person_id, @date, @financial_year, @sex, @age)',
);
for (const row of victims) insert.run(row);

describe('cohort profile', () => {
  const columns: CountedColumn[] = [
    { name: 'sex', coded: true, missing: [2] },
    { name: 'age', coded: false, missing: [] },
  ];

  it('counts records, distinct persons, the period and filled values as the rows say', () => {
    const dates = victims.map((v) => v.date).filter((d): d is string => d !== null);
    expect(cohortProfile(db, 'victims', columns)).toEqual({
      records: victims.length,
      persons: new Set(victims.map((v) => v.person_id)).size,
      firstDate: [...dates].sort()[0],
      lastDate: [...dates].sort().at(-1),
      filled: [
        victims.filter((v) => v.sex !== null && v.sex !== 2).length,
        victims.filter((v) => v.age !== null).length,
      ],
    });
  });

  it('lists each financial-year code once', () => {
    const codes = new Set(victims.map((v) => v.financial_year).filter((y) => y !== null));
    expect(financialYearCodes(db, 'victims').sort()).toEqual([...codes].sort());
  });

  it('answers zeros for an empty table', () => {
    db.exec(
      'CREATE TABLE offenders (id INTEGER PRIMARY KEY, person_id INTEGER, date TEXT, financial_year INTEGER, sex INTEGER, age REAL)',
    );
    expect(cohortProfile(db, 'offenders', columns)).toEqual({
      records: 0,
      persons: 0,
      firstDate: null,
      lastDate: null,
      filled: [0, 0],
    });
  });
});

describe('context dataset profile', () => {
  // A table name with a double quote in it is still one identifier.
  const table = 'ctx "street" 1';
  const months = ['2023-01', '2023-02', null, '2023-02', '2022-12', '2023-05'];
  const outcome = [1, null, 3, 2, 1, 3]; // 3 is "Not stated"
  db.exec(`CREATE TABLE "ctx ""street"" 1" (month TEXT, outcome INTEGER)`);
  const add = db.prepare(`INSERT INTO "ctx ""street"" 1" VALUES (?, ?)`);
  months.forEach((month, i) => add.run(month, outcome[i]));
  db.exec('CREATE TABLE context_categories (dataset_id INTEGER, column_name TEXT, code INTEGER, label TEXT)');
  const label = db.prepare('INSERT INTO context_categories VALUES (?, ?, ?, ?)');
  label.run(4, 'outcome', 1, 'Charged');
  label.run(4, 'outcome', 2, 'Unknown');
  label.run(4, 'outcome', 3, 'Not stated');
  label.run(5, 'outcome', 9, 'Unknown');

  it("finds the codes of the dataset's own labels only", () => {
    expect(contextCategoryCodes(db, 4, 'outcome', ['Unknown', 'Not stated']).sort()).toEqual([2, 3]);
    expect(contextCategoryCodes(db, 4, 'outcome', [])).toEqual([]);
  });

  it('counts records, filled values and the months held', () => {
    const missing = contextCategoryCodes(db, 4, 'outcome', ['Unknown', 'Not stated']);
    expect(
      contextProfile(db, table, [
        { name: 'outcome', coded: true, missing },
        { name: 'month', coded: false, missing: [] },
      ]),
    ).toEqual({
      records: months.length,
      filled: [
        outcome.filter((o) => o !== null && !missing.includes(o)).length,
        months.filter((m) => m !== null).length,
      ],
    });
    const held = months.filter((m): m is string => m !== null).sort();
    const period = contextPeriod(db, table, 'month');
    expect(period).toMatchObject({ first: held[0], last: held.at(-1) });
    expect(period.months.sort()).toEqual([...new Set(held)]);
  });
});
