// Schema version 9: each rejected row keeps its date (ISO, or NULL when its date cell is
// missing or unreadable), so that retention can purge rejected rows as it purges records. A
// rejected row's raw JSON is keyed by the extract's own headers ("Date Committed"), so the
// date cannot be found there by a fixed key; the importer knows which header fed `date` and
// writes the column (cohortWriter.ts). Existing rows are filled here through the mapping of
// their batch: its saved profile when the profile still names a date header the row holds,
// else the header that the automatic mapping gave `date` when this version shipped (frozen
// below, so that a later change to the importer's synonyms does not change what this
// migration did, and the store need not import the importer).
import { COHORTS } from '../../../shared/codebook.ts';
import { parseDate } from '../../../shared/parseDate.ts';
import type { CipherDatabase } from '../cipherDatabase.ts';

/**
 * The headers the automatic mapping took for `date` at schema version 9, best first (the same
 * for every cohort), as compared: lower case, "&" as "and", only letters and digits.
 */
export const DATE_HEADERS_AT_V9: readonly string[] = [
  'date',
  'offencedate',
  'datecommitted',
  'committeddate',
  'crimedate',
  'dateofoffence',
  'incidentdate',
  'recordeddate',
  'startdate',
  'sentencedate',
  'episodestart',
  'commencementdate',
  'offencestartdate',
  'datefrom',
];

const comparable = (header: string): string =>
  header
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '');

/** The header the automatic mapping gave `date`: the best ranked, the first of equals. */
function automaticDateHeader(headers: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestRank = DATE_HEADERS_AT_V9.length;
  for (const header of headers) {
    const rank = DATE_HEADERS_AT_V9.indexOf(comparable(header));
    if (rank >= 0 && rank < bestRank) [best, bestRank] = [header, rank];
  }
  return best;
}

interface BatchOfRows {
  id: number;
  cohort: string;
  profile: string | null;
}

/** The header the profile maps to `date`, if the stored profile is readable and has one. */
function profileDateHeader(profile: string | null): string | null {
  if (profile === null) return null;
  try {
    const parsed = JSON.parse(profile) as { columns?: Array<{ source?: unknown; target?: unknown }> };
    const column = parsed.columns?.find((c) => c.target === 'date' && typeof c.source === 'string');
    return (column?.source as string | undefined) ?? null;
  } catch {
    return null;
  }
}

/** The ISO date of one rejected row's raw JSON, read through the header that fed `date`. */
export function rejectedRowDate(raw: string, profileHeader: string | null): string | null {
  let values: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
    values = parsed as Record<string, unknown>;
  } catch {
    return null;
  }
  const header =
    profileHeader !== null && profileHeader in values ? profileHeader : automaticDateHeader(Object.keys(values));
  const cell = header === undefined ? undefined : values[header];
  return typeof cell === 'string' ? parseDate(cell) : null;
}

function fillRejectedRowDates(db: CipherDatabase): void {
  const batches = db
    .prepare(
      `SELECT b.id, b.cohort, p.profile FROM import_batches b LEFT JOIN mapping_profiles p ON p.name = b.profile_name
       WHERE EXISTS (SELECT 1 FROM rejected_rows r WHERE r.batch_id = b.id)`,
    )
    .all() as BatchOfRows[];
  const rowsOf = db.prepare('SELECT id, raw FROM rejected_rows WHERE batch_id = ?');
  const setDate = db.prepare('UPDATE rejected_rows SET date = ? WHERE id = ?');
  for (const batch of batches) {
    if (!(COHORTS as readonly string[]).includes(batch.cohort)) continue;
    const header = profileDateHeader(batch.profile);
    // All of a batch's rows first: better-sqlite3 allows no write while a read is iterating.
    for (const row of rowsOf.all(batch.id) as Array<{ id: number; raw: string }>) {
      const date = rejectedRowDate(row.raw, header);
      if (date !== null) setDate.run(date, row.id);
    }
  }
}

export const migration009 = {
  version: 9,
  name: 'rejected_row_dates',
  sql: 'ALTER TABLE rejected_rows ADD COLUMN date TEXT;',
  fill: fillRejectedRowDates,
};
