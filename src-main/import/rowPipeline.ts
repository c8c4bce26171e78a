// Everything an import does to a file's rows that does not touch the workspace: validation
// and recoding, category codes, pseudonymisation, exact-duplicate detection and the record of
// each rejected row. It yields batches of encoded accepted rows for a writer (runImport) or a
// counter (analyseImport) and ends with a summary, and it runs the same in the import worker
// (a second core, for large files) or on the calling thread.
import { basename } from 'node:path';
import type { Codebook, Cohort } from '../../shared/codebook.ts';
import { AppError, isAppError } from '../../shared/errors.ts';
import { CategoryAllocator, type CategoryTable, type NewCategory } from './categoryAllocator.ts';
import { RowEncoder, type CellEncoding, type EncodedRows } from './encodedRows.ts';
import { targetKind, type Mapping } from './mapping.ts';
import { createPseudonymiser } from './pseudonymise.ts';
import { personHashText, RowHashSet } from './rowHash.ts';
import type { TableSource } from './tableSource.ts';
import { RowValidator, type CellValue, type Reason } from './validate.ts';

/** What the pipeline needs to know, all of it plain data (it is posted to the worker). */
export interface PipelinePlan {
  cohort: Cohort;
  codebook: Codebook;
  mapping: Mapping;
  /** The cohort table's columns after id, batch_id and source_row, in table order. */
  tableColumns: string[];
  categories: CategoryTable;
  /** ISO date of today: later dates are rejected. */
  today: string;
  hmacSecret: Uint8Array;
  /** Hashes (rowHash, the person as its key) of the rows already in the cohort. */
  existingHashes: Float64Array;
  keepDuplicates: boolean;
}

/** A rejected row as `rejected_rows` stores it: reasons and raw values (no identifiers) as JSON. */
export interface RejectedRow {
  line: number;
  reasons: string;
  raw: string;
}

export interface PipelineBatch {
  /** Rows read in this batch, accepted or not. */
  rowsRead: number;
  lastLine: number;
  /** Bytes of the file read so far. */
  bytesRead: number;
  rows: EncodedRows;
  /**
   * Person keys first used by this batch's rows, end to end (PERSON_KEY_CHARS each: one string
   * crosses threads far faster than thousands); their person indexes follow the previous batch's.
   */
  newPersonKeys: string;
  newCategories: NewCategory[];
  rejected: RejectedRow[];
}

export interface PipelineSummary {
  rowsRead: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  /** Rejections by rule (a row with several reasons counts under each). */
  reasons: Record<string, number>;
  unknownValues: Record<string, Array<{ value: string; count: number }>>;
  seenValues: Record<string, string[]>;
}

/** Characters of a person key (hex HMAC-SHA-256). */
export const PERSON_KEY_CHARS = 64;

export function splitPersonKeys(packed: string): string[] {
  const keys = new Array<string>(packed.length / PERSON_KEY_CHARS);
  for (let i = 0; i < keys.length; i++) keys[i] = packed.slice(i * PERSON_KEY_CHARS, (i + 1) * PERSON_KEY_CHARS);
  return keys;
}

const DUPLICATE: Reason = { column: '(row)', value: 'exact duplicate of an earlier row', rule: 'duplicate' };

/** How each table column travels in an EncodedRows batch. */
export function cellEncodings(tableColumns: readonly string[]): CellEncoding[] {
  return tableColumns.map((name) => (name === 'person_id' ? 'person' : name === 'date' ? 'date' : 'int'));
}

interface Person {
  key: string;
  /** What stands for the person in the row hash. */
  hashText: string;
  /** Index among the import's new person keys, -1 until a row of the person is accepted. */
  index: number;
}

export async function* processRows(
  source: TableSource,
  plan: PipelinePlan,
): AsyncGenerator<PipelineBatch, PipelineSummary, undefined> {
  const { mapping, tableColumns } = plan;
  const headers = source.headers;
  const categories = new CategoryAllocator(plan.categories);
  const validator = new RowValidator({
    codebook: plan.codebook,
    mapping,
    headers,
    tableColumns,
    codeOf: (column, label) => categories.codeOf(column, label),
    existingLabels: (column) => categories.existingLabels(column),
    today: plan.today,
    strictWidth: source.format === 'csv',
  });
  const identifierIndexes = new Set(
    mapping.columns
      .filter((c) => c.target !== null && targetKind(c.target) === 'identifier')
      .map((c) => headers.indexOf(c.source)),
  );
  const kept = mapping.columns
    .filter((c) => c.target !== null && targetKind(c.target) !== 'identifier')
    .map((c) => ({ header: c.source, index: headers.indexOf(c.source) }))
    .filter((c) => !identifierIndexes.has(c.index));
  const pseudonymiser = createPseudonymiser(Buffer.from(plan.hmacSecret));
  const persons = new Map<string, Person>();
  const seenRows = new RowHashSet(plan.existingHashes);
  const encoder = new RowEncoder(cellEncodings(tableColumns));
  const out = new Array<CellValue>(tableColumns.length).fill(null);
  const personOut = validator.personOut;
  const reasons: Record<string, number> = {};
  let newPersonKeys: string[] = [];
  let personCount = 0;
  let rejected: RejectedRow[] = [];
  let rowsRead = 0;
  let accepted = 0;
  let rejectedCount = 0;
  let duplicates = 0;

  const reject = (line: number, cells: readonly string[], why: readonly Reason[]): void => {
    for (const r of why) reasons[r.rule] = (reasons[r.rule] ?? 0) + 1;
    const raw: Record<string, string> = {};
    for (const k of kept) raw[k.header] = cells[k.index] ?? '';
    rejected.push({ line, reasons: JSON.stringify(why), raw: JSON.stringify(raw) });
    rejectedCount++;
  };

  let line = 1;
  try {
    for await (const batch of source.batches()) {
      for (const row of batch) {
        line = row.line;
        rowsRead++;
        const cells = row.cells;
        const why = validator.check(cells, out);
        if (why) {
          reject(line, cells, why);
          continue;
        }
        let person: Person | null = null;
        if (personOut >= 0) {
          const token = validator.identity(cells);
          if (token !== null) {
            person = persons.get(token) ?? null;
            if (person === null) {
              const key = pseudonymiser.keyOf(token);
              persons.set(token, (person = { key, hashText: personHashText(key), index: -1 }));
            }
          }
          out[personOut] = person === null ? null : person.hashText;
        }
        if (!seenRows.addRow(out)) {
          duplicates++;
          if (!plan.keepDuplicates) {
            reject(line, cells, [DUPLICATE]);
            continue;
          }
        }
        if (person !== null && person.index < 0) {
          person.index = personCount++;
          newPersonKeys.push(person.key);
        }
        encoder.add(line, out, person === null ? null : person.index);
        accepted++;
      }
      yield {
        rowsRead: batch.length,
        lastLine: line,
        bytesRead: source.bytesRead(),
        rows: encoder.take(),
        newPersonKeys: newPersonKeys.join(''),
        newCategories: categories.takeNew(),
        rejected,
      };
      newPersonKeys = [];
      rejected = [];
    }
  } catch (error) {
    if (isAppError(error)) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new AppError(
      'IMPORT_FAILED',
      `${basename(source.path)}, row ${line}: the row could not be processed (${message}); nothing was imported.`,
    );
  }
  return {
    rowsRead,
    accepted,
    rejected: rejectedCount,
    duplicates,
    reasons,
    unknownValues: validator.unknownValues(),
    seenValues: validator.seenValues(),
  };
}
