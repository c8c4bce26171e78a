// Everything an import does to a file's rows that does not touch the workspace: validation
// and recoding, category codes, persons, exact-duplicate detection and the record of each
// rejected row. It yields batches of encoded accepted rows for a writer (runImport) or a
// counter (analyseImport) and ends with a summary, and it runs the same in the import worker
// (a second core, for large files) or on the calling thread. Rows arrive as byte ranges
// (recordBatch.ts) and are looked up by their bytes: text is made only for values seen first.
// Persons travel as identity tokens; their keys (HMAC) are made beside this thread (by the
// reader worker, see rowStream.ts), so the key of a new person costs it nothing unless a row
// must be compared with the workspace's rows.
import { basename } from 'node:path';
import type { Codebook, Cohort } from '../../shared/codebook.ts';
import { AppError, isAppError } from '../../shared/errors.ts';
import { CategoryAllocator, type CategoryTable, type NewCategory } from './categoryAllocator.ts';
import { RowEncoder, type CellEncoding, type EncodedRows } from './encodedRows.ts';
import { targetKind, type Mapping } from './mapping.ts';
import { createPseudonymiser, normalisedIdentifierToken } from './pseudonymise.ts';
import { personHashText, RowHashSet, rowHash } from './rowHash.ts';
import { controlByteReason, estimatedRows, recordCells, type ControlByte } from './recordBatch.ts';
import { parseDate } from './parseDate.ts';
import { addNewReferences, identifierColumnsOf, NO_REFERENCE, ReferenceNumbers } from './referenceNumbers.ts';
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
  /** Hashes (rowHash, the person as the start of its key) of the rows already in the cohort. */
  existingHashes: Float64Array;
  /**
   * The same rows hashed with no person: a row matching none of these cannot repeat a row of
   * the workspace, so its person's key is not needed to tell (see `processRows`).
   */
  existingWithoutPerson: Float64Array;
  keepDuplicates: boolean;
}

/** A rejected row as `rejected_rows` stores it: reasons and raw values (no identifiers) as JSON. */
export interface RejectedRow {
  line: number;
  reasons: string;
  raw: string;
  /** ISO date of the row's date cell when it reads as one: retention purges rejected rows by it. */
  date: string | null;
}

export interface PipelineBatch {
  /** Rows read in this batch, accepted or not. */
  rowsRead: number;
  lastLine: number;
  /** Bytes of the file read so far. */
  bytesRead: number;
  rows: EncodedRows;
  /**
   * The identity tokens of the persons first used by this batch's rows, one a line (one string
   * crosses threads far faster than thousands); their person indexes follow the previous
   * batch's. The reader worker, or the stream on the calling thread, turns them into keys
   * (rowStream.ts); they never reach the disk.
   */
  newPersonTokens: string;
  /** How many persons this batch's rows use first (the tokens' count, which stay on the worker). */
  newPersonCount: number;
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

/** The tokens of a batch's `newPersonTokens`. */
export function splitPersonTokens(packed: string): string[] {
  return packed === '' ? [] : packed.split('\n');
}

/** The most rows the duplicate set is sized for up front (it grows beyond, if need be). */
const MAX_PRESIZED_ROWS = 1 << 24;

const DUPLICATE: Reason = { column: '(row)', value: 'exact duplicate of an earlier row', rule: 'duplicate' };

/** A record with a control byte (a damaged field) is rejected whole: its values cannot be trusted. */
function controlByteRejection(control: ControlByte, headers: readonly string[]): Reason {
  return { column: headers[control.column - 1] ?? '(row)', value: controlByteReason(control), rule: 'control_byte' };
}

/** How each table column travels in an EncodedRows batch. */
export function cellEncodings(tableColumns: readonly string[]): CellEncoding[] {
  return tableColumns.map((name) => (name === 'person_id' ? 'person' : 'int'));
}

/**
 * The persons met in the file, by number in the order first met (what stands for a person in
 * the row hash of this file: one token, one key): plain arrays, not an object per person.
 */
class FilePersons {
  /** What each person's key is made from (pseudonymise.ts). */
  readonly tokens: string[] = [];
  /** The start of a person's key (personHashText), made only to compare with a row of the workspace. */
  readonly hashTexts: Array<string | null> = [];
  /** Each person's index among the import's new persons, -1 until a row of theirs is accepted. */
  private indexes = new Int32Array(1024);

  add(token: string): number {
    const n = this.tokens.length;
    this.tokens.push(token);
    this.hashTexts.push(null);
    if (n === this.indexes.length) {
      const grown = new Int32Array(2 * n);
      grown.set(this.indexes);
      this.indexes = grown;
    }
    this.indexes[n] = -1;
    return n;
  }

  indexOf(person: number): number {
    return this.indexes[person] as number;
  }

  setIndex(person: number, index: number): void {
    this.indexes[person] = index;
  }
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
  const dateSource = mapping.columns.find((c) => c.target === 'date')?.source;
  const dateIndex = dateSource === undefined ? -1 : headers.indexOf(dateSource);
  const pseudonymiser = createPseudonymiser(Buffer.from(plan.hmacSecret));
  const persons = new FilePersons();
  // The person of each reference number (referenceNumbers.ts: "nm 012 345" and "NM012345" are
  // one): numbered where the records are read, or here for batches that come without numbers (a
  // small file read on this thread). A person is made when a row of theirs is first accepted.
  const ownNumbers = new ReferenceNumbers(identifierColumnsOf(mapping, headers));
  const referenceTexts: string[] = [];
  let personOfReference = new Int32Array(1024).fill(-1);
  /** Persons known by name and date of birth (the rare rows with no identifier). */
  const namedPersons = new Map<string, number>();
  const encoder = new RowEncoder(cellEncodings(tableColumns));
  const out = new Array<CellValue>(tableColumns.length).fill(null);
  const personOut = validator.personOut;
  // Exact duplicates: within the file, a person is its number (one token, one key); against the
  // workspace, whose rows know persons only by key, a row whose values without the person
  // match a stored row's is hashed again with the start of its person's key. The set of the
  // file's rows is sized at the first batch for the rows the file likely holds: growing a set
  // of a million hashes doubling by doubling would rehash it twenty times over.
  let seenRows = new RowHashSet();
  const storedRows = new RowHashSet(plan.existingHashes);
  const storedWithoutPerson = new RowHashSet(plan.existingWithoutPerson);
  const repeatsStoredRow = (person: number): boolean => {
    if (storedRows.size === 0) return false;
    if (personOut < 0 || person < 0) return storedRows.has(rowHash(out));
    out[personOut] = null;
    const candidate = storedWithoutPerson.has(rowHash(out));
    if (candidate) {
      const hashText = (persons.hashTexts[person] ??= personHashText(
        pseudonymiser.keyOf(persons.tokens[person] as string),
      ));
      out[personOut] = hashText;
    }
    const repeats = candidate && storedRows.has(rowHash(out));
    out[personOut] = person;
    return repeats;
  };
  const reasons: Record<string, number> = {};
  let newPersonTokens: string[] = [];
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
    const date = dateIndex < 0 ? null : parseDate(cells[dateIndex] ?? '');
    rejected.push({ line, reasons: JSON.stringify(why), raw: JSON.stringify(raw), date });
    rejectedCount++;
  };
  /** The number of the bound row's person (its reference's, or its name's), or -1 when it has neither. */
  const personOfRow = (reference: number): number => {
    if (reference !== NO_REFERENCE) {
      let person = personOfReference[reference] as number;
      if (person < 0) {
        person = persons.add(normalisedIdentifierToken(referenceTexts[reference] as string));
        personOfReference[reference] = person;
      }
      return person;
    }
    const token = validator.nameBirthToken();
    if (token === null) return -1;
    let person = namedPersons.get(token);
    if (person === undefined) namedPersons.set(token, (person = persons.add(token)));
    return person;
  };

  let line = 1;
  try {
    for await (const batch of source.records()) {
      if (rowsRead === 0) {
        const rows = Math.min(estimatedRows(batch, source.bytesTotal), MAX_PRESIZED_ROWS);
        seenRows = new RowHashSet([], rows);
      }
      if (batch.references === undefined) ownNumbers.number(batch, source.bytesTotal);
      addNewReferences(referenceTexts, batch);
      if (referenceTexts.length > personOfReference.length) {
        const grown = new Int32Array(2 * referenceTexts.length).fill(-1);
        grown.set(personOfReference);
        personOfReference = grown;
      }
      const references = batch.references as Int32Array;
      const controls = batch.controls && new Map(batch.controls.map((c) => [c.line, c]));
      for (let r = 0; r < batch.count; r++) {
        line = batch.lines[r] as number;
        rowsRead++;
        const control = controls?.get(line);
        if (control) {
          reject(line, recordCells(batch, r), [controlByteRejection(control, headers)]);
          continue;
        }
        const why = validator.check(batch, r, out);
        if (why) {
          reject(line, recordCells(batch, r), why);
          continue;
        }
        let person = -1;
        if (personOut >= 0) {
          person = personOfRow(references[r] as number);
          out[personOut] = person < 0 ? null : person;
        }
        const repeats = repeatsStoredRow(person);
        if (!seenRows.addRow(out) || repeats) {
          duplicates++;
          if (!plan.keepDuplicates) {
            reject(line, recordCells(batch, r), [DUPLICATE]);
            continue;
          }
        }
        let index: number | null = null;
        if (person >= 0) {
          index = persons.indexOf(person);
          if (index < 0) {
            persons.setIndex(person, (index = personCount++));
            newPersonTokens.push(persons.tokens[person] as string);
          }
        }
        encoder.add(line, out, index);
        accepted++;
      }
      yield {
        rowsRead: batch.count,
        lastLine: line,
        bytesRead: source.bytesRead(),
        rows: encoder.take(),
        newPersonTokens: newPersonTokens.join('\n'),
        newPersonCount: newPersonTokens.length,
        newCategories: categories.takeNew(),
        rejected,
      };
      newPersonTokens = [];
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
