// The import orchestrator: file hash (refusing an extract already imported unless asked),
// reader, mapping (given, from a profile, or automatic), validation, pseudonymisation and
// writing, all inside ONE SQLite transaction: an import commits whole or not at all, and
// cancelling (AbortSignal) or any failure rolls it back. Every row read is either written
// or kept in `rejected_rows` with its reasons; nothing is dropped without a record.
import { basename } from 'node:path';
import type { Cohort } from '../../shared/codebook.ts';
import { AppError, isAppError } from '../../shared/errors.ts';
import { completeBatch, defaultUserName, findBatchByHash, openBatch } from './batchRecords.ts';
import { CohortWriter, cohortTableColumns, RejectedWriter } from './cohortWriter.ts';
import { sha256File } from './fileHash.ts';
import type { ImportTarget } from './importTarget.ts';
import { autoMap, checkMapping, targetKind, unmappedHeaders, type Mapping } from './mapping.ts';
import { openSource, type SourceOptions } from './openSource.ts';
import {
  applyProfile,
  loadProfile,
  profileFrom,
  saveProfile,
  unseenValueWarnings,
  type MappingProfile,
} from './profile.ts';
import { ProgressReporter, type ImportProgress } from './progress.ts';
import { createPseudonymiser } from './pseudonymise.ts';
import { rowHash } from './rowHash.ts';
import { RowValidator, type CellValue, type Reason } from './validate.ts';

export interface ImportOptions extends SourceOptions {
  cohort: Cohort;
  path: string;
  /** An explicit mapping (the wizard's); otherwise the profile's, otherwise automatic. */
  mapping?: Mapping;
  /** Apply this saved profile. */
  profile?: string;
  /** Save the mapping used (and the values seen) as this profile, in the same transaction. */
  saveProfileAs?: string;
  /** The same file (same SHA-256) was imported before: refuse (default) or import again. */
  onDuplicateFile?: 'refuse' | 'import';
  /** Exact duplicates of a row of this file or of the workspace: reject (default) or keep. */
  duplicateRows?: 'reject' | 'keep';
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
  /** "Today" for the future-date rule (tests); defaults to now. */
  now?: Date;
}

export interface ImportResult {
  batchId: number;
  rowsRead: number;
  accepted: number;
  rejected: number;
  /** Rejections by rule (a row with several reasons counts under each). */
  reasons: Record<string, number>;
  /** Exact duplicate rows found (rejected or kept, per `duplicateRows`). */
  duplicates: number;
  warnings: string[];
  /** Values no rule recodes, per codebook column, with counts. */
  unknownValues: Record<string, Array<{ value: string; count: number }>>;
  mapping: Mapping;
}

/** Page cache during an import, in KiB (negative in the pragma). */
const IMPORT_CACHE_KIB = -262_144;

const TABLE_KEYS: Record<Cohort, true> = { victims: true, suspects: true, offenders: true };

function existingRowHashes(target: ImportTarget, cohort: Cohort, columns: readonly string[]): Set<number> {
  const hashes = new Set<number>();
  const select = target.db.prepare(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM ${cohort}`).raw(true);
  for (const row of select.iterate()) hashes.add(rowHash(row as CellValue[]));
  return hashes;
}

function cancelled(path: string): AppError {
  return new AppError('CANCELLED', `The import of ${basename(path)} was cancelled; nothing was imported.`);
}

export async function runImport(target: ImportTarget, options: ImportOptions): Promise<ImportResult> {
  const { cohort, path, signal } = options;
  if (!TABLE_KEYS[cohort])
    throw new AppError('BAD_REQUEST', `"${String(cohort)}" is not a cohort (victims, suspects or offenders).`);
  const fileName = basename(path);
  const now = options.now ?? new Date();
  const progress = new ProgressReporter(options.onProgress);
  const db = target.db;
  if (db.inTransaction)
    throw new AppError(
      'WORKSPACE_IN_USE',
      'Another change to the workspace is in progress; try the import again when it has finished.',
    );

  progress.report('hashing', 0, 0, 1, true);
  const hash = await sha256File(path, signal).catch((error: unknown) => {
    if (signal?.aborted) throw cancelled(path);
    throw error;
  });
  const prior = findBatchByHash(db, hash);
  if (prior && options.onDuplicateFile !== 'import') {
    throw new AppError(
      'DUPLICATE_FILE',
      `${fileName} was already imported (batch ${prior.id}, ${prior.cohort}, as ${prior.fileName}). Import it again only if you mean to: the rows would be counted twice.`,
      String(prior.id),
    );
  }

  const source = await openSource(path, options);
  const warnings: string[] = [];
  try {
    const codebook = target.codebook();
    let profile: MappingProfile | undefined;
    let mapping: Mapping;
    if (options.profile) {
      profile = loadProfile(db, options.profile);
      if (profile.cohort !== cohort) {
        throw new AppError('BAD_REQUEST', `Profile "${profile.name}" is for ${profile.cohort}, not ${cohort}.`);
      }
      const applied = applyProfile(profile, source.headers, codebook);
      mapping = options.mapping ?? applied.mapping;
      warnings.push(...applied.warnings);
    } else {
      mapping = options.mapping ?? autoMap(source.headers, cohort, codebook);
    }
    if (mapping.cohort !== cohort)
      throw new AppError('BAD_REQUEST', `The mapping is for ${mapping.cohort}, not ${cohort}.`);
    checkMapping(mapping, source.headers, codebook);
    const left = unmappedHeaders(mapping);
    if (left.length > 0) warnings.push(`Columns left out: ${left.join(', ')}.`);

    const tableColumns = cohortTableColumns(db, cohort);
    const valueColumns = tableColumns;
    const codes = new Map<string, Map<string, number>>();
    const codeOf = (column: string, label: string): number => {
      let map = codes.get(column);
      if (!map) codes.set(column, (map = new Map(target.categoryCodes(column))));
      let code = map.get(label);
      if (code === undefined) {
        code = target.addCategory(column, label);
        map.set(label, code);
      }
      return code;
    };
    const identifierIndexes = new Set(
      mapping.columns
        .filter((c) => c.target !== null && targetKind(c.target) === 'identifier')
        .map((c) => source.headers.indexOf(c.source)),
    );
    const keptIndexes = mapping.columns
      .filter((c) => c.target !== null && targetKind(c.target) !== 'identifier')
      .map((c) => ({ header: c.source, index: source.headers.indexOf(c.source) }))
      .filter((c) => !identifierIndexes.has(c.index));

    // A large page cache for the one big transaction: the person and date indexes take random
    // inserts, and a small cache would spill (encrypt and write) pages many times over.
    const cacheSize = db.prepare('PRAGMA cache_size').get() as { cache_size: number };
    db.exec(`PRAGMA cache_size = ${IMPORT_CACHE_KIB}`);
    db.exec('BEGIN IMMEDIATE');
    try {
      const validator = new RowValidator({
        codebook,
        mapping,
        headers: source.headers,
        tableColumns: valueColumns,
        codeOf,
        existingLabels: (column) => target.categoryCodes(column).keys(),
        today: now.toISOString().slice(0, 10),
        strictWidth: source.format === 'csv',
      });
      const batchId = openBatch(db, {
        cohort,
        fileName,
        hash,
        profileName: options.profile ?? options.saveProfileAs ?? null,
        userName: target.userName?.() ?? defaultUserName(),
        startedAt: now,
      });
      const writer = new CohortWriter(db, cohort, valueColumns, batchId);
      const rejectedWriter = new RejectedWriter(db, batchId);
      const pseudonymiser = createPseudonymiser(target.hmacSecret());
      const personIds = new Map<string, number>();
      const seenRows = existingRowHashes(target, cohort, valueColumns);
      const reasons: Record<string, number> = {};
      const out: CellValue[] = new Array<CellValue>(valueColumns.length).fill(null);
      const keepDuplicates = options.duplicateRows === 'keep';
      let rowsRead = 0;
      let duplicates = 0;

      const rawOf = (cells: readonly string[]): Record<string, string> => {
        const raw: Record<string, string> = {};
        for (const k of keptIndexes) raw[k.header] = cells[k.index] ?? '';
        return raw;
      };
      const reject = (line: number, cells: readonly string[], why: readonly Reason[]): void => {
        for (const r of why) reasons[r.rule] = (reasons[r.rule] ?? 0) + 1;
        rejectedWriter.add(line, why, rawOf(cells));
      };

      let line = 1;
      for await (const batch of source.batches()) {
        if (signal?.aborted) throw cancelled(path);
        try {
          for (const row of batch) {
            line = row.line;
            rowsRead++;
            const why = validator.check(row.cells, out);
            if (why) {
              reject(row.line, row.cells, why);
              continue;
            }
            if (validator.personOut >= 0) {
              const token = validator.identity(row.cells);
              let id: number | null = null;
              if (token !== null) {
                id = personIds.get(token) ?? null;
                if (id === null) {
                  id = target.personId(pseudonymiser.keyOf(token));
                  personIds.set(token, id);
                }
              }
              out[validator.personOut] = id;
            }
            const h = rowHash(out);
            if (seenRows.has(h)) {
              duplicates++;
              if (!keepDuplicates) {
                reject(row.line, row.cells, [
                  { column: '(row)', value: 'exact duplicate of an earlier row', rule: 'duplicate' },
                ]);
                continue;
              }
            } else {
              seenRows.add(h);
            }
            writer.add(row.line, out);
          }
        } catch (error) {
          if (isAppError(error)) throw error;
          const message = error instanceof Error ? error.message : String(error);
          throw new AppError(
            'IMPORT_FAILED',
            `${fileName}, row ${line}: the row could not be stored (${message}); nothing was imported.`,
          );
        }
        progress.report('reading', rowsRead, source.bytesRead(), source.bytesTotal);
      }
      if (signal?.aborted) throw cancelled(path);
      writer.flush();
      if (rowsRead === 0) {
        throw new AppError('INVALID_FILE', `${fileName} has a header row but no data rows: nothing to import.`);
      }
      progress.report('committing', rowsRead, source.bytesTotal, source.bytesTotal, true);

      const seen = validator.seenValues();
      if (profile) warnings.push(...unseenValueWarnings(profile, seen));
      const unknownValues = validator.unknownValues();
      for (const [column, values] of Object.entries(unknownValues)) {
        const total = values.reduce((n, v) => n + v.count, 0);
        const shown = values
          .slice(0, 5)
          .map((v) => `"${v.value}" (${v.count})`)
          .join(', ');
        warnings.push(
          `${column}: ${total} row(s) rejected for values with no recoding: ${shown}${values.length > 5 ? ', ...' : ''}. Add recoding rules to import them.`,
        );
      }
      if (options.saveProfileAs)
        saveProfile(db, profileFrom(options.saveProfileAs, mapping, source.headers, seen), now);
      const counts = { rowsRead, accepted: writer.written, rejected: rejectedWriter.written };
      completeBatch(db, batchId, counts, new Date());
      target.audit.append('import', {
        batchId,
        cohort,
        file: fileName,
        sha256: hash,
        profile: options.profile ?? options.saveProfileAs ?? null,
        ...counts,
        duplicates,
      });
      db.exec('COMMIT');
      progress.report('done', rowsRead, source.bytesTotal, source.bytesTotal, true);
      return { batchId, ...counts, reasons, duplicates, warnings, unknownValues, mapping };
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    } finally {
      db.exec(`PRAGMA cache_size = ${Number(cacheSize.cache_size)}`);
    }
  } catch (error) {
    if (signal?.aborted && !(isAppError(error) && error.code === 'CANCELLED')) throw cancelled(path);
    if (isAppError(error)) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new AppError('IMPORT_FAILED', `The import of ${fileName} failed and nothing was imported: ${message}`);
  } finally {
    await source.close();
  }
}
