// Schema version 3: context datasets (issue 4). Any extract beyond the three cohorts (for
// instance the police open-data street-level crime file) is kept as a named dataset: its
// inferred and analyst-edited codebook in `context_datasets.columns` (JSON), its categories
// as integer codes in `context_categories` (as the cohorts' are in `categories`), and its
// rows in one table per dataset, `ctx_<name>`, created by the importer with whitelisted
// column names (see src-main/import/contextDataset.ts).
export const migration003 = {
  version: 3,
  name: 'context_datasets',
  sql: `
CREATE TABLE context_datasets (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,           -- lower-case identifier, also the table suffix
  table_name TEXT NOT NULL UNIQUE,     -- ctx_<name>
  label TEXT NOT NULL,
  file_name TEXT NOT NULL,
  file_hash TEXT NOT NULL,
  columns TEXT NOT NULL,               -- JSON [{name, source, label, kind, included}]
  rows INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE context_categories (
  dataset_id INTEGER NOT NULL REFERENCES context_datasets(id) ON DELETE CASCADE,
  column_name TEXT NOT NULL,
  code INTEGER NOT NULL,
  label TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (dataset_id, column_name, code),
  UNIQUE (dataset_id, column_name, label)
);
`,
};
