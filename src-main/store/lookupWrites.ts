// The ONS LSOA to district lookup's tables (`lsoa_districts`, one row per LSOA with its
// district's category code, and `lsoa_lookup`, the one row saying where it came from): read,
// and replaced whole inside the caller's transaction.
import { prepared, type SqlDatabase } from './sqlConnection.ts';

export interface LookupSourceRow {
  file_name: string;
  imported_at: string;
  user_name: string;
  lsoa_column: string;
  district_column: string;
  rows_read: number;
  outside_area: number;
}

/** False in a workspace older than the lookup's migration. */
export function hasLookupTables(db: SqlDatabase): boolean {
  return (
    prepared(db, `SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'lsoa_districts'`).get() !== undefined
  );
}

export function lookupSource(db: SqlDatabase): LookupSourceRow | undefined {
  return prepared(
    db,
    'SELECT file_name, imported_at, user_name, lsoa_column, district_column, rows_read, outside_area FROM lsoa_lookup WHERE id = 1',
  ).get() as LookupSourceRow | undefined;
}

/** LSOAs per district label, in the codebook's order of districts. */
export function lookupDistrictCounts(db: SqlDatabase): Array<{ label: string; n: number }> {
  return prepared(
    db,
    `SELECT c.label AS label, count(*) AS n FROM lsoa_districts d JOIN categories c ON c.column_name = 'district' AND c.code = d.district GROUP BY c.label ORDER BY min(c.position)`,
  ).all() as Array<{ label: string; n: number }>;
}

export function lookupHasRows(db: SqlDatabase): boolean {
  return prepared(db, 'SELECT 1 FROM lsoa_districts LIMIT 1').get() !== undefined;
}

/** Every LSOA code with its district's label. */
export function lookupPairs(db: SqlDatabase): Array<{ code: string; label: string }> {
  return prepared(
    db,
    `SELECT d.lsoa_code AS code, c.label AS label FROM lsoa_districts d JOIN categories c ON c.column_name = 'district' AND c.code = d.district`,
  ).all() as Array<{ code: string; label: string }>;
}

/**
 * Inside the caller's transaction: the lookup replaced by `districts` (LSOA code, district
 * category code) and its source row; returns how many LSOAs the previous lookup held.
 */
export function replaceLookup(
  db: SqlDatabase,
  districts: Iterable<readonly [lsoaCode: string, districtCode: number]>,
  source: Omit<LookupSourceRow, 'imported_at' | 'user_name'> & {
    file_hash: string;
    imported_at: string;
    user_name: string;
  },
): number {
  if (!db.inTransaction) throw new Error('the lookup is replaced inside a transaction only');
  const replaced = (prepared(db, 'SELECT count(*) AS n FROM lsoa_districts').get() as { n: number }).n;
  prepared(db, 'DELETE FROM lsoa_districts').run();
  prepared(db, 'DELETE FROM lsoa_lookup').run();
  const insert = prepared(db, 'INSERT INTO lsoa_districts (lsoa_code, district) VALUES (?, ?)');
  for (const [code, district] of districts) insert.run(code, district);
  prepared(
    db,
    'INSERT INTO lsoa_lookup (id, file_name, file_hash, lsoa_column, district_column, rows_read, outside_area, imported_at, user_name) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(
    source.file_name,
    source.file_hash,
    source.lsoa_column,
    source.district_column,
    source.rows_read,
    source.outside_area,
    source.imported_at,
    source.user_name,
  );
  return replaced;
}
