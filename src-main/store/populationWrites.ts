// The `populations` rows of a named table (rates are computed from them): a table replaced
// whole in one transaction, one table's rows, and every table's rows in the order stored.
import type { CipherDatabase } from './cipherDatabase.ts';
import { prepared } from './sqlConnection.ts';

export interface PopulationRow {
  name: string;
  district: string;
  age_band: string | null;
  sex: string | null;
  population: number;
}

/** Replaces the table `name` with `rows`, in one transaction. */
export function replacePopulationTable(
  db: CipherDatabase,
  name: string,
  rows: ReadonlyArray<{ district: string; ageBand: string | null; sex: string | null; population: number }>,
): void {
  const remove = prepared(db, 'DELETE FROM populations WHERE name = ?');
  const insert = prepared(
    db,
    'INSERT INTO populations (name, district, age_band, sex, population) VALUES (?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    remove.run(name);
    for (const r of rows) insert.run(name, r.district, r.ageBand, r.sex, r.population);
  })();
}

export function populationRowsOf(db: CipherDatabase, name: string): Array<Omit<PopulationRow, 'name'>> {
  return prepared(db, 'SELECT district, age_band, sex, population FROM populations WHERE name = ?').all(name) as Array<
    Omit<PopulationRow, 'name'>
  >;
}

/** Every table's rows, by table name and then as stored. */
export function allPopulationRows(db: CipherDatabase): PopulationRow[] {
  return prepared(
    db,
    'SELECT name, district, age_band, sex, population FROM populations ORDER BY name, rowid',
  ).all() as PopulationRow[];
}
