// Schema version 12: suspects may carry an outcome date (`outcome_date`, ISO text), from which
// time to outcome is counted. A workspace made at this version already has the column (the
// cohort tables are made from the built-in codebook) and has its codebook seeded after the
// migrations run; an older one gains the column, empty, and the codebook entry after its
// other columns. The fill is written so that it does neither twice.
import type { CipherDatabase } from '../cipherDatabase.ts';

export const OUTCOME_DATE_COLUMN = {
  name: 'outcome_date',
  label: 'Outcome date',
  description: 'When the outcome was recorded (optional): time to outcome counts the days from the offence date',
} as const;

function addOutcomeDate(db: CipherDatabase): void {
  const columns = db.prepare('PRAGMA table_info(suspects)').all() as Array<{ name: string }>;
  if (!columns.some((c) => c.name === OUTCOME_DATE_COLUMN.name))
    db.exec('ALTER TABLE suspects ADD COLUMN outcome_date TEXT');
  const seeded = db.prepare('SELECT COUNT(*) AS n, MAX(position) AS last FROM codebook_columns').get() as {
    n: number;
    last: number | null;
  };
  const present = db.prepare('SELECT 1 FROM codebook_columns WHERE name = ?').get(OUTCOME_DATE_COLUMN.name);
  if (seeded.n === 0 || present !== undefined) return;
  db.prepare(
    `INSERT INTO codebook_columns (name, label, kind, cohorts, open, role, derived_from, description, custom, position)
     VALUES (?, ?, 'date', '["suspects"]', 0, 'none', NULL, ?, 0, ?)`,
  ).run(OUTCOME_DATE_COLUMN.name, OUTCOME_DATE_COLUMN.label, OUTCOME_DATE_COLUMN.description, (seeded.last ?? -1) + 1);
}

export const migration012 = {
  version: 12,
  name: 'outcome_date',
  sql: '',
  fill: addOutcomeDate,
};
