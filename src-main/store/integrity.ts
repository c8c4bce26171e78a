// The workspace check (issue 10, `vso workspace check`): SQLite's integrity check under the key,
// the audit chain, foreign keys, and codebook consistency (every stored code is a category of
// its column, every flag is 0 or 1), reported in plain words.
import { isAppError } from '../../shared/errors.ts';
import { COLUMN_NAME_PATTERN, COHORTS, type Codebook } from '../../shared/codebook.ts';
import type { AuditLog, AuditVerification } from './auditLog.ts';
import type { CipherDatabase } from './cipherDatabase.ts';
import { safePoint, type Steps } from './safePoints.ts';
import { sqliteCodeOf } from './storeErrors.ts';
import { publishedRecords } from './unpublishedImports.ts';

export interface IntegrityReport {
  ok: boolean;
  sqlite: { ok: boolean; messages: string[] };
  audit: AuditVerification;
  codebook: { ok: boolean; problems: string[] };
  /** One plain sentence per part, for people. */
  summary: string[];
}

/**
 * `PRAGMA integrity_check` on one schema, or one table of it with its indexes; a page that
 * cannot be decrypted is reported, not thrown.
 */
export function sqliteIntegrity(
  db: CipherDatabase,
  schema = 'main',
  table?: string,
): { ok: boolean; messages: string[] } {
  try {
    const argument = table === undefined ? String(MESSAGES_KEPT) : `"${table.replaceAll('"', '""')}"`;
    const rows = db.pragma(`${schema}.integrity_check(${argument})`) as { integrity_check: string }[];
    const messages = rows.map((row) => row.integrity_check);
    return { ok: messages.length === 1 && messages[0] === 'ok', messages };
  } catch (error) {
    const code = sqliteCodeOf(error);
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, messages: [`${code ?? 'error'}: ${reason}`] };
  }
}

/** Messages kept of a failed check, as `integrity_check(20)` keeps. */
const MESSAGES_KEPT = 20;

/**
 * As `sqliteIntegrity`, one table (with its indexes) at a time, the schema table first, so a
 * cancel is heard between tables: a check of a large workspace is seconds in one statement.
 */
export async function sqliteIntegrityInSteps(
  db: CipherDatabase,
  steps: Steps,
  what: string,
  schema = 'main',
): Promise<{ ok: boolean; messages: string[] }> {
  const tables = db
    .prepare(`SELECT name FROM ${schema}.sqlite_schema WHERE type = 'table' AND rootpage > 0 ORDER BY name`)
    .pluck()
    .all() as string[];
  const all = ['sqlite_schema', ...tables];
  const messages: string[] = [];
  for (const [done, table] of all.entries()) {
    await safePoint(steps, what, { phase: 'check', done, total: all.length });
    const result = sqliteIntegrity(db, schema, table);
    if (!result.ok) messages.push(...result.messages);
    if (messages.length >= MESSAGES_KEPT) break;
  }
  return messages.length === 0
    ? { ok: true, messages: ['ok'] }
    : { ok: false, messages: messages.slice(0, MESSAGES_KEPT) };
}

export async function codebookConsistency(
  db: CipherDatabase,
  codebook: Codebook,
  steps: Steps = {},
): Promise<{ ok: boolean; problems: string[] }> {
  const problems: string[] = [];
  for (const [done, cohort] of COHORTS.entries()) {
    await safePoint(steps, CHECK, { phase: 'codebook', done, total: COHORTS.length });
    const present = new Set((db.pragma(`table_info(${cohort})`) as { name: string }[]).map((column) => column.name));
    for (const column of codebook.columns) {
      if (!column.cohorts.includes(cohort) || column.kind === 'person_key') continue;
      if (!COLUMN_NAME_PATTERN.test(column.name) || !present.has(column.name)) {
        problems.push(`${cohort}: the codebook column “${column.name}” is missing from the table`);
        continue;
      }
      const quoted = `"${column.name}"`;
      if (column.kind === 'category' || column.kind === 'ordinal') {
        const bad = db
          .prepare(
            `SELECT ${quoted} AS code, count(*) AS n FROM ${cohort}
             WHERE ${publishedRecords(cohort)} AND ${quoted} IS NOT NULL AND ${quoted} NOT IN (SELECT code FROM categories WHERE column_name = ?)
             GROUP BY 1 ORDER BY 1 LIMIT 5`,
          )
          .all(column.name) as { code: unknown; n: number }[];
        for (const row of bad) {
          problems.push(
            `${cohort}.${column.name}: ${row.n} record(s) hold code ${String(row.code)}, which is not a category`,
          );
        }
      } else if (column.kind === 'flag') {
        const row = db
          .prepare(
            `SELECT count(*) AS n FROM ${cohort} WHERE ${publishedRecords(cohort)} AND ${quoted} IS NOT NULL AND ${quoted} NOT IN (0, 1)`,
          )
          .get() as { n: number };
        if (row.n > 0)
          problems.push(`${cohort}.${column.name}: ${row.n} record(s) hold a flag that is neither yes nor no`);
      }
    }
  }
  const foreign = db.pragma('foreign_key_check') as { table: string; parent: string }[];
  if (foreign.length > 0) {
    const first = foreign[0];
    problems.push(
      `${foreign.length} row(s) point at a missing ${first?.parent ?? 'row'} (first in ${first?.table ?? '?'})`,
    );
  }
  return { ok: problems.length === 0, problems };
}

const CHECK = 'The workspace check';

/** The check, a table at a time (see `sqliteIntegrityInSteps`); a cancel between steps stops it. */
export async function checkIntegrity(
  db: CipherDatabase,
  audit: AuditLog,
  codebook: () => Codebook,
  steps: Steps = {},
): Promise<IntegrityReport> {
  const sqlite = await sqliteIntegrityInSteps(db, steps, CHECK);
  await safePoint(steps, CHECK, { phase: 'audit', done: 0, total: null });
  let auditResult: AuditVerification;
  let codebookResult: { ok: boolean; problems: string[] };
  try {
    auditResult = audit.verify();
  } catch (error) {
    auditResult = { intact: false, entries: 0, brokenAt: 0, reason: `the log cannot be read (${String(error)})` };
  }
  try {
    codebookResult = await codebookConsistency(db, codebook(), steps);
  } catch (error) {
    if (isAppError(error) && error.code === 'CANCELLED') throw error;
    codebookResult = { ok: false, problems: [`the codebook cannot be read (${String(error)})`] };
  }
  const summary = [
    sqlite.ok
      ? 'File structure: intact (SQLite integrity check passed under the key).'
      : `File structure: damaged (${sqlite.messages.slice(0, 3).join('; ')}). Restore from a backup.`,
    auditResult.intact
      ? `Audit log: intact (${auditResult.entries} entries, every link checked).`
      : `Audit log: broken at entry #${auditResult.brokenAt}: ${auditResult.reason}.`,
    codebookResult.ok
      ? 'Codebook: consistent (every stored value is a known category).'
      : `Codebook: ${codebookResult.problems.length} problem(s): ${codebookResult.problems.slice(0, 3).join('; ')}.`,
  ];
  return {
    ok: sqlite.ok && auditResult.intact && codebookResult.ok,
    sqlite,
    audit: auditResult,
    codebook: codebookResult,
    summary,
  };
}
