// The snapshot the engine loads is the store's rows, decoded: each row's person, category
// labels, flags and date, read here straight with SQL (labels joined from `categories` by
// the database, not by the loader's dictionary) and compared row by row, on the packed path
// and the row-by-row path, with store codes that never equal display positions.
import { afterEach, describe, expect, it } from 'vitest';
import type BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import {
  BUILT_IN_CODEBOOK,
  DERIVED_COLUMNS,
  UNKNOWN,
  columnsFor,
  isComputedField,
  type Cohort,
} from '../../../shared/codebook.ts';
import { daysToIso } from '../../../src-main/engine/dates.ts';
import { loadSnapshot } from '../../../src-main/engine/loadSnapshot.ts';
import type { CohortSnapshot } from '../../../src-main/engine/snapshot.ts';
import { createSyntheticWorkspace } from './syntheticWorkspace.ts';

let db: BetterSqlite3.Database | undefined;
afterEach(() => db?.close());

const quoted = (name: string): string => `"${name}"`;

interface DecodedRow {
  id: number;
  person: number;
  values: Record<string, string | null>;
}

/** The label of a NULL: a closed column's own last Unknown / Not stated category, else Unknown. */
function nullLabel(database: BetterSqlite3.Database, column: string, open: boolean): string {
  const last = database
    .prepare('SELECT label FROM categories WHERE column_name = ? ORDER BY position DESC LIMIT 1')
    .get(column) as { label: string } | undefined;
  return !open && (last?.label === UNKNOWN || last?.label === 'Not stated') ? last.label : UNKNOWN;
}

/** Every row of the table with its labels, in the snapshot's order: by person (none first), then rowid. */
function decodeStoredRows(database: BetterSqlite3.Database, cohort: Cohort, derived: string[]): DecodedRow[] {
  const columns = columnsFor(BUILT_IN_CODEBOOK, cohort).filter((c) => c.kind !== 'person_key');
  const selected = columns.map((c) => {
    const name = quoted(c.name);
    if (c.kind === 'category' || c.kind === 'ordinal') {
      if (derived.includes(c.name)) return `substr(v.date, 1, ${c.name === 'month' ? 7 : 10}) AS ${name}`;
      return `(SELECT label FROM categories WHERE column_name = '${c.name}' AND code = v.${name}) AS ${name}`;
    }
    if (c.kind === 'flag') return `CASE v.${name} WHEN 1 THEN 'Yes' WHEN 0 THEN 'No' END AS ${name}`;
    return `v.${name} AS ${name}`;
  });
  const rows = database
    .prepare(`SELECT v.id AS id, v.person_id AS person, ${selected.join(', ')} FROM ${cohort} v`)
    .all() as Array<Record<string, string | number | null>>;
  const nulls = new Map(
    columns.map((c) => [c.name, c.kind === 'flag' ? UNKNOWN : nullLabel(database, c.name, c.open)]),
  );
  return rows
    .map((row) => ({
      id: row.id as number,
      person: (row.person as number | null) ?? -1,
      values: Object.fromEntries(
        columns.map((c) => {
          const value = row[c.name] as string | null;
          if (c.kind === 'date') return [c.name, value];
          if (derived.includes(c.name))
            return [c.name, value === null ? UNKNOWN : c.name === 'month' ? value : fy(value)];
          return [c.name, value ?? (nulls.get(c.name) as string)];
        }),
      ),
    }))
    .sort((a, b) => a.person - b.person || a.id - b.id);
}

function fy(iso: string): string {
  const year = Number(iso.slice(0, 4));
  const start = Number(iso.slice(5, 7)) >= 4 ? year : year - 1;
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
}

function expectRowsEqual(snapshot: CohortSnapshot, expected: DecodedRow[]): void {
  expect(snapshot.rowCount).toBe(expected.length);
  // The fields computed from the records have no stored value: their own tests check them.
  const dimensions = Object.values(snapshot.dimensions).filter((d) => !isComputedField(d.name));
  const dates = Object.values(snapshot.dates);
  let compared = 0;
  expected.forEach((row, i) => {
    expect(snapshot.personIds[i]).toBe(row.person);
    for (const dimension of dimensions) {
      const label = dimension.labels[dimension.codes[i] as number];
      if (label !== row.values[dimension.name])
        expect({ row: row.id, [dimension.name]: label }).toEqual({
          row: row.id,
          [dimension.name]: row.values[dimension.name],
        });
      compared++;
    }
    for (const date of dates) {
      const stored = row.values[date.name] ?? null;
      expect(daysToIso(date.days[i] as number)).toBe(stored === null ? null : stored.slice(0, 10));
    }
  });
  expect(compared).toBe(expected.length * dimensions.length);
}

describe('the loaded snapshot against the stored rows', () => {
  it.each([
    ['victims', true],
    ['suspects', true],
    ['offenders', false],
  ] as const)('matches an independent decode of every %s row (packed: %s)', (cohort, packed) => {
    db = createSyntheticWorkspace({ rows: { [cohort]: 4000 }, seed: 31, storePeriodsFor: [cohort] });
    const snapshot = loadSnapshot(db, BUILT_IN_CODEBOOK, cohort, { packed });
    const expected = decodeStoredRows(db, cohort, []);
    const categoryColumns = columnsFor(BUILT_IN_CODEBOOK, cohort).filter((c) =>
      ['category', 'ordinal', 'flag'].includes(c.kind),
    );
    const computed = DERIVED_COLUMNS.filter((c) => c.cohorts.includes(cohort));
    expect(Object.keys(snapshot.dimensions).sort()).toEqual(
      [...categoryColumns, ...computed].map((c) => c.name).sort(),
    );
    expectRowsEqual(snapshot, expected);
  });

  it('matches it with month and financial year derived from the date when the store has none', () => {
    db = createSyntheticWorkspace({ rows: { victims: 3000 }, seed: 32 });
    const snapshot = loadSnapshot(db, BUILT_IN_CODEBOOK, 'victims');
    expectRowsEqual(snapshot, decodeStoredRows(db, 'victims', ['month', 'financial_year']));
  });

  it('lists closed columns’ categories by position and open columns’ observed ones only', () => {
    db = createSyntheticWorkspace({ rows: { victims: 3000 }, seed: 33, storePeriodsFor: ['victims'] });
    const snapshot = loadSnapshot(db, BUILT_IN_CODEBOOK, 'victims');
    const database = db;
    const byPosition = (column: string): string[] =>
      (
        database.prepare('SELECT label FROM categories WHERE column_name = ? ORDER BY position').all(column) as {
          label: string;
        }[]
      ).map((r) => r.label);
    const observed = (column: string): Set<string> =>
      new Set(
        (
          database
            .prepare(
              `SELECT DISTINCT c.label FROM victims v JOIN categories c ON c.column_name = ? AND c.code = v."${column}"`,
            )
            .all(column) as { label: string }[]
        ).map((r) => r.label),
      );
    const sex = snapshot.dimensions.sex?.labels ?? [];
    expect(sex.filter((l) => l !== UNKNOWN)).toEqual(byPosition('sex').filter((l) => l !== UNKNOWN));
    const lsoa = snapshot.dimensions.lsoa?.labels.filter((l) => l !== UNKNOWN) ?? [];
    expect(new Set(lsoa)).toEqual(observed('lsoa'));
    expect(lsoa).toEqual(byPosition('lsoa').filter((l) => observed('lsoa').has(l)));
  });

  it.each([
    ['between two categories’ codes', 8],
    ['beyond the largest', 1000],
  ])('refuses a code %s as damage, on both paths, naming table, column and code', (_where, code) => {
    db = createSyntheticWorkspace({ rows: { victims: 300 }, seed: 34 });
    db.prepare('UPDATE victims SET ethnicity = ? WHERE id = 7').run(code);
    for (const packed of [true, false]) {
      const error = (() => {
        try {
          loadSnapshot(db, BUILT_IN_CODEBOOK, 'victims', { packed });
        } catch (thrown) {
          return thrown as { code?: string; message?: string };
        }
        return null;
      })();
      expect(error?.code).toBe('DAMAGED_WORKSPACE');
      expect(error?.message).toContain(`victims table holds code ${code} in column ethnicity`);
    }
  });

  it('refuses a dictionary whose codes run past any a workspace gives out', () => {
    db = createSyntheticWorkspace({ rows: { victims: 50 }, seed: 35 });
    db.prepare(`INSERT INTO categories (column_name, code, label, position) VALUES ('sex', ?, 'Odd', 99)`).run(2 ** 30);
    expect(() => loadSnapshot(db as BetterSqlite3.Database, BUILT_IN_CODEBOOK, 'victims')).toThrow(
      /sex has a category coded/,
    );
  });
});
