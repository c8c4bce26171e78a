// The `mapping_profiles` rows: a named profile's JSON (parsed and checked by the importer,
// import/profile.ts), written over one of the same name, read, and listed.
import { prepared, type SqlDatabase } from './sqlConnection.ts';

export interface ProfileRow {
  name: string;
  cohort: string;
  updatedAt: string;
}

export function writeProfile(db: SqlDatabase, name: string, cohort: string, json: string, at: string): void {
  prepared(
    db,
    `INSERT INTO mapping_profiles (name, cohort, profile, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(name) DO UPDATE SET cohort = excluded.cohort, profile = excluded.profile, updated_at = excluded.updated_at`,
  ).run(name, cohort, json, at, at);
}

/** The profile's JSON text, or undefined when none has that name. */
export function profileJson(db: SqlDatabase, name: string): string | undefined {
  const row = prepared(db, 'SELECT profile FROM mapping_profiles WHERE name = ?').get(name) as
    { profile: string } | undefined;
  return row?.profile;
}

export function profileRows(db: SqlDatabase): ProfileRow[] {
  return (
    prepared(
      db,
      'SELECT name, cohort, updated_at AS updatedAt FROM mapping_profiles ORDER BY name',
    ).all() as ProfileRow[]
  ).map((p) => ({ ...p }));
}
