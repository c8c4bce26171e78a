// Schema version 4: the geography lookup (LSOA code to district). The analyst imports ONS's
// "LSOA to Local Authority District" lookup once (there is no internet to fetch it from), and
// context datasets whose only geography is an LSOA code such as E01018088 get their district
// from it (see src-main/import/lsoaLookup.ts). `district` is a code of the codebook's district
// column in `categories`, as in the cohort tables; only the six districts are kept. One
// lookup per workspace: `lsoa_lookup` is its single row of provenance, replaced with it.
export const migration004 = {
  version: 4,
  name: 'lsoa_lookup',
  sql: `
CREATE TABLE lsoa_districts (
  lsoa_code TEXT PRIMARY KEY,          -- ONS LSOA code, e.g. E01018088
  district INTEGER NOT NULL            -- categories.code of the district column
) WITHOUT ROWID;
CREATE TABLE lsoa_lookup (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  file_name TEXT NOT NULL,
  file_hash TEXT NOT NULL,
  lsoa_column TEXT NOT NULL,           -- the file's columns the lookup was read from
  district_column TEXT NOT NULL,
  rows_read INTEGER NOT NULL,
  outside_area INTEGER NOT NULL,       -- rows of districts outside the six, ignored
  imported_at TEXT NOT NULL,
  user_name TEXT NOT NULL
);
`,
};
