// Retention (issue 10): records older than N years (by their `date`) are deleted, with the
// persons and rejected rows that go with them, in one audited transaction; then VACUUM
// rebuilds the file so that no page, free or used, still holds the purged values
// (`secure_delete` has already zeroed the freed cells) and a checkpoint empties the WAL. Records with no date are kept: their
// age is unknown, and the data-quality view shows them.
import { COHORTS, type Cohort } from '../../shared/codebook.ts';
import { AppError } from '../../shared/errors.ts';
import type { AuditLog } from './auditLog.ts';
import type { CipherDatabase } from './cipherDatabase.ts';
import { deleteOrphanPersons } from './persons.ts';

export interface RetentionPreview {
  /** Records dated before this ISO date go. */
  cutoff: string;
  records: Record<Cohort, number>;
  total: number;
}

export interface RetentionPurge extends RetentionPreview {
  persons: number;
  rejectedRows: number;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `today` minus `years` as an ISO date; 29 February falls back to the 28th in a common year. */
export function retentionCutoff(years: number, today: string): string {
  if (!Number.isInteger(years) || years < 1) {
    throw new AppError('BAD_REQUEST', 'The retention period must be a whole number of years, at least 1.');
  }
  if (!ISO_DATE.test(today)) throw new AppError('BAD_REQUEST', `“${today}” is not a date (YYYY-MM-DD).`);
  const year = Number(today.slice(0, 4)) - years;
  const month = Number(today.slice(5, 7));
  const day = Math.min(Number(today.slice(8, 10)), new Date(Date.UTC(year, month, 0)).getUTCDate());
  return `${String(year).padStart(4, '0')}-${today.slice(5, 7)}-${String(day).padStart(2, '0')}`;
}

export function retentionPreview(db: CipherDatabase, years: number, today: string): RetentionPreview {
  const cutoff = retentionCutoff(years, today);
  const records = {} as Record<Cohort, number>;
  for (const cohort of COHORTS) {
    records[cohort] = (db.prepare(`SELECT count(*) AS n FROM ${cohort} WHERE date < ?`).get(cutoff) as { n: number }).n;
  }
  return { cutoff, records, total: COHORTS.reduce((sum, cohort) => sum + records[cohort], 0) };
}

export function purgeRetention(db: CipherDatabase, audit: AuditLog, years: number, today: string): RetentionPurge {
  const cutoff = retentionCutoff(years, today);
  const result = db
    .transaction((): RetentionPurge => {
      const records = {} as Record<Cohort, number>;
      for (const cohort of COHORTS) {
        records[cohort] = db.prepare(`DELETE FROM ${cohort} WHERE date < ?`).run(cutoff).changes;
      }
      // A rejected row keeps its source values; one whose date is past the period goes too.
      const rejectedRows = db
        .prepare(`DELETE FROM rejected_rows WHERE json_valid(raw) AND json_extract(raw, '$.date') < ?`)
        .run(cutoff).changes;
      const persons = deleteOrphanPersons(db);
      const total = COHORTS.reduce((sum, cohort) => sum + records[cohort], 0);
      audit.append('retention.purge', { years, cutoff, ...records, total, persons, rejectedRows });
      return { cutoff, records, total, persons, rejectedRows };
    })
    .immediate();
  db.exec('VACUUM');
  // The WAL still holds the old pages (encrypted) until a checkpoint; TRUNCATE empties it.
  db.pragma('wal_checkpoint(TRUNCATE)');
  return result;
}
