// Schema version 1: the workspace's tables. Categorical columns hold integer codes into
// `categories` (stable per column, never reused), so the engine loads them straight into
// dictionary-encoded Arrow columns; persons are dense integers into `persons`.
import { BUILT_IN_COLUMNS, COHORTS, type CodebookColumn, type Cohort } from '../../../shared/codebook.ts';

function sqlType(column: CodebookColumn): string {
  switch (column.kind) {
    case 'date':
      return 'TEXT'; // ISO YYYY-MM-DD
    case 'number':
      return 'REAL';
    case 'flag':
      return 'INTEGER'; // 1 yes, 0 no, NULL unknown
    case 'person_key':
      return 'INTEGER'; // persons.id
    case 'category':
    case 'ordinal':
      return 'INTEGER'; // categories.code
  }
}

export function cohortTableDdl(cohort: Cohort): string {
  const columns = BUILT_IN_COLUMNS.filter((c) => c.cohorts.includes(cohort)).map((c) =>
    c.kind === 'person_key' ? `person_id INTEGER REFERENCES persons(id)` : `"${c.name}" ${sqlType(c)}`,
  );
  return `CREATE TABLE ${cohort} (
    id INTEGER PRIMARY KEY,
    batch_id INTEGER NOT NULL REFERENCES import_batches(id),
    source_row INTEGER NOT NULL,
    ${columns.join(',\n    ')}
  );
  CREATE INDEX ${cohort}_batch ON ${cohort}(batch_id);
  CREATE INDEX ${cohort}_person ON ${cohort}(person_id);`;
}

export const migration001 = {
  version: 1,
  name: 'initial',
  sql: `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE secrets (name TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE codebook_columns (
  name TEXT PRIMARY KEY,
  label TEXT NOT NULL,
  kind TEXT NOT NULL,
  cohorts TEXT NOT NULL,          -- JSON array of cohort names
  open INTEGER NOT NULL DEFAULT 0,
  role TEXT NOT NULL DEFAULT 'none',
  derived_from TEXT,
  description TEXT,
  custom INTEGER NOT NULL DEFAULT 0,
  position INTEGER NOT NULL
);
CREATE TABLE categories (
  column_name TEXT NOT NULL REFERENCES codebook_columns(name),
  code INTEGER NOT NULL,
  label TEXT NOT NULL,
  position INTEGER NOT NULL,       -- display order; codes are append-only
  custom INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (column_name, code),
  UNIQUE (column_name, label)
);
CREATE TABLE persons (id INTEGER PRIMARY KEY, person_key TEXT NOT NULL UNIQUE);
CREATE TABLE import_batches (
  id INTEGER PRIMARY KEY,
  cohort TEXT NOT NULL,
  file_name TEXT NOT NULL,
  file_hash TEXT NOT NULL,
  profile_name TEXT,
  rows_read INTEGER NOT NULL DEFAULT 0,
  accepted INTEGER NOT NULL DEFAULT 0,
  rejected INTEGER NOT NULL DEFAULT 0,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  user_name TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'committed'
);
CREATE TABLE rejected_rows (
  id INTEGER PRIMARY KEY,
  batch_id INTEGER NOT NULL REFERENCES import_batches(id),
  source_row INTEGER NOT NULL,
  reasons TEXT NOT NULL,           -- JSON [{column, value, rule}]
  raw TEXT NOT NULL                -- JSON of the source row, direct identifiers removed
);
CREATE INDEX rejected_rows_batch ON rejected_rows(batch_id);
CREATE TABLE mapping_profiles (
  name TEXT PRIMARY KEY,
  cohort TEXT NOT NULL,
  profile TEXT NOT NULL,           -- JSON
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE figures (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  spec TEXT NOT NULL,              -- JSON: query spec, chart type, title, notes
  result_hash TEXT,                -- hash of the published numbers when last seen
  changed INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE reports (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  items TEXT NOT NULL,             -- JSON ordered list of {kind, name}
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE infographics (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  doc TEXT NOT NULL,               -- JSON layout document
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE populations (
  name TEXT NOT NULL,
  district TEXT NOT NULL,
  age_band TEXT,
  sex TEXT,
  population INTEGER NOT NULL
);
CREATE INDEX populations_name ON populations(name);
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  user_name TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL,            -- JSON
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
${COHORTS.map(cohortTableDdl).join('\n')}
`,
};
