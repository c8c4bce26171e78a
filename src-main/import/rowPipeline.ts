// Everything an import does to a file's rows that does not touch the workspace: validation
// and recoding, category codes, persons, repeated lines and the record of each rejected row.
// It yields batches of encoded accepted rows for a writer (runImport) or a counter
// (analyseImport) and ends with a summary, and it runs the same in the import worker
// (a second core, for large files) or on the calling thread. Rows arrive as byte ranges
// (recordBatch.ts) and are looked up by their bytes: text is made only for values seen first.
// Persons travel as identity tokens; their keys (HMAC) are made beside this thread (by the
// reader worker, see rowStream.ts).
// A duplicate is a line the file repeats exactly, in every source column: with a record
// reference mapped it is the same record twice (rejected unless kept); without one, lines
// alike can be distinct incidents (police.uk repeats anti-social behaviour lines), so they
// are counted and shown, and kept unless the analyst drops them. A line the dataset already
// holds (its keyed hash among the stored ones: lineHash.ts) is a repeat the same way, so a file
// that overlaps an earlier one has its repeated lines found; the keyed hashes of the accepted
// lines travel with each batch to be stored.
import { basename } from 'node:path';
import type { Codebook, Cohort } from '../../shared/codebook.ts';
import { AppError, isAppError } from '../../shared/errors.ts';
import { CategoryAllocator, type CategoryTable, type NewCategory } from './categoryAllocator.ts';
import { RowEncoder, type CellEncoding, type EncodedRows } from './encodedRows.ts';
import { targetKind, type Mapping } from './mapping.ts';
import { parseDate, type DateOrder } from '../../shared/parseDate.ts';
import { normalisedIdentifierToken } from './pseudonymise.ts';
import { keyedLineHashes } from './lineHash.ts';
import { RowHashSet, recordHash } from './rowHash.ts';
import { controlByteReason, estimatedRows, recordCells, type ControlByte, type RecordBatch } from './recordBatch.ts';
import { addNewReferences, identifierColumnsOf, NO_REFERENCE, ReferenceNumbers } from './referenceNumbers.ts';
import type { TableSource } from './tableSource.ts';
import type { CellValue } from './cellValue.ts';
import { RowValidator, type DateOrderEvidence, type Reason, type ValueDestinations } from './validate.ts';

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
  /**
   * Lines repeated exactly: rejected or kept; by default rejected where the line has a record
   * reference (the same record twice) and kept, counted, otherwise.
   */
  duplicateRows?: 'reject' | 'keep' | undefined;
  /** Values with no recoding: their rows rejected (default), or kept as the column's Unknown. */
  unmapped?: 'reject' | 'unknown' | undefined;
  /** Columns whose values with no recoding are Unknown whatever `unmapped` says. */
  unknownColumns?: string[] | undefined;
  dateOrder?: DateOrder | 'auto' | undefined;
  /** List every source value with its count and destination (the dry run). */
  tallyValues?: boolean | undefined;
  /** The key of the dataset's line hashes (lineHash.ts); without it no line hash is made. */
  lineKey?: Uint8Array | undefined;
  /** The keyed hashes of the lines the dataset already holds. */
  storedLines?: Float64Array | undefined;
}

/** A line the file repeats: where it first repeats, how many copies in all, its values (no identifiers). */
export interface RepeatedLine {
  line: number;
  copies: number;
  values: Record<string, string>;
  /** The line is one the dataset already held before this file (counted among the copies). */
  alreadyInWorkspace?: boolean;
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
  /** The keyed hash of each accepted row's source line, in the order of `rows` (with a `lineKey`). */
  lineHashes: Float64Array;
}

export interface PipelineSummary {
  rowsRead: number;
  accepted: number;
  rejected: number;
  /** Lines that repeat an earlier line exactly (rejected or kept, per `duplicateRows`). */
  duplicates: number;
  /** Of those, the ones kept. */
  duplicatesKept: number;
  /** Of those kept, the lines the workspace already held (the rest repeat a line of this file). */
  keptAlreadyStored: number;
  /** Of the repeated lines, those the dataset already held before this file. */
  alreadyInWorkspace: number;
  /** The first repeated lines with their number of copies. */
  repeatedLines: RepeatedLine[];
  /** Rejected rows by rule (a row counts once under each rule it broke). */
  reasons: Record<string, number>;
  unknownValues: Record<string, Array<{ value: string; count: number }>>;
  /** Cells with no recoding kept as Unknown (`unmapped: 'unknown'`). */
  unmappedKept: number;
  seenValues: Record<string, string[]>;
  dateOrder: DateOrderEvidence;
  /** With `tallyValues`: each mapped source column's values, counts and destinations. */
  valueDestinations: ValueDestinations[];
}

/** The tokens of a batch's `newPersonTokens`. */
export function splitPersonTokens(packed: string): string[] {
  return packed === '' ? [] : packed.split('\n');
}

/** The most rows the duplicate set is sized for up front (it grows beyond, if need be). */
const MAX_PRESIZED_ROWS = 1 << 24;

const DUPLICATE: Reason = {
  column: '(row)',
  value: 'repeats an earlier line in every column',
  rule: 'duplicate',
};
const ALREADY_STORED: Reason = {
  column: '(row)',
  value: 'repeats, in every column, a line already in the workspace',
  rule: 'duplicate',
};
/** Repeated lines shown with their values (the rest are counted). */
const REPEATED_SHOWN = 50;

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
  /** Each person's index among the import's new persons, -1 until a row of theirs is accepted. */
  private indexes = new Int32Array(1024);

  add(token: string): number {
    const n = this.tokens.length;
    this.tokens.push(token);
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
    unmapped: plan.unmapped ?? 'reject',
    unknownColumns: plan.unknownColumns ?? [],
    dateOrder: plan.dateOrder ?? 'auto',
    tallyValues: plan.tallyValues ?? false,
  });
  const isIdentifier = (target: string | null): boolean =>
    target !== null && (targetKind(target) === 'identifier' || targetKind(target) === 'record');
  const identifierIndexes = new Set(
    mapping.columns.filter((c) => isIdentifier(c.target)).map((c) => headers.indexOf(c.source)),
  );
  const kept = mapping.columns
    .filter((c) => c.target !== null && !isIdentifier(c.target))
    .map((c) => ({ header: c.source, index: headers.indexOf(c.source) }))
    .filter((c) => !identifierIndexes.has(c.index));
  const dateSource = mapping.columns.find((c) => c.target === 'date')?.source;
  const dateIndex = dateSource === undefined ? -1 : headers.indexOf(dateSource);
  // A repeated line is the same record twice when it has a record reference (police.uk gives
  // anti-social behaviour none: those lines stay distinct incidents), unless the analyst chose.
  const referenceIndexes = mapping.columns
    .filter((c) => c.target !== null && targetKind(c.target) === 'record')
    .map((c) => headers.indexOf(c.source));
  const hasReference = (batch: RecordBatch, r: number): boolean => {
    const first = batch.firstField[r] as number;
    const width = (batch.firstField[r + 1] as number) - first;
    return referenceIndexes.some((i) => {
      if (i < 0 || i >= width) return false;
      const f = 2 * (first + i);
      return (batch.fields[f + 1] as number) > (batch.fields[f] as number);
    });
  };
  const rejectRepeat = (batch: RecordBatch, r: number): boolean =>
    plan.duplicateRows === undefined ? hasReference(batch, r) : plan.duplicateRows === 'reject';
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
  // The file's lines, hashed as written. The set is sized at the first batch for the rows the
  // file likely holds: growing a set of a million hashes doubling by doubling would rehash it
  // twenty times over.
  let seenLines = new RowHashSet();
  const storedLines = new RowHashSet(plan.storedLines ?? []);
  const lineKey = plan.lineKey;
  const repeated = new Map<number, RepeatedLine>();
  let duplicatesKept = 0;
  let keptAlreadyStored = 0;
  let alreadyInWorkspace = 0;
  const reasons: Record<string, number> = {};
  let newPersonTokens: string[] = [];
  let personCount = 0;
  let rejected: RejectedRow[] = [];
  let rowsRead = 0;
  let accepted = 0;
  let rejectedCount = 0;
  let duplicates = 0;

  const keptValues = (cells: readonly string[]): Record<string, string> => {
    const raw: Record<string, string> = {};
    for (const k of kept) raw[k.header] = cells[k.index] ?? '';
    return raw;
  };
  const reject = (line: number, cells: readonly string[], why: readonly Reason[]): void => {
    for (const rule of new Set(why.map((r) => r.rule))) reasons[rule] = (reasons[rule] ?? 0) + 1;
    const date = dateIndex < 0 ? null : parseDate(cells[dateIndex] ?? '');
    rejected.push({ line, reasons: JSON.stringify(why), raw: JSON.stringify(keptValues(cells)), date });
    rejectedCount++;
  };
  /** Notes a repeated line among those shown (the first REPEATED_SHOWN distinct lines). */
  const noteRepeat = (batch: RecordBatch, r: number, line: number, hash: number, stored: boolean): void => {
    const known = repeated.get(hash);
    if (known) known.copies++;
    else if (repeated.size < REPEATED_SHOWN)
      repeated.set(hash, {
        line,
        copies: 2,
        values: keptValues(recordCells(batch, r)),
        ...(stored ? { alreadyInWorkspace: true } : {}),
      });
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
        seenLines = new RowHashSet([], rows);
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
      // Every line's hash as written, then keyed for the dataset in one go.
      const lineHashes = new Float64Array(batch.count);
      for (let r = 0; r < batch.count; r++) lineHashes[r] = recordHash(batch, r);
      const keyed = lineKey ? keyedLineHashes(lineKey, lineHashes) : null;
      const acceptedHashes = new Float64Array(keyed ? batch.count : 0);
      let acceptedInBatch = 0;
      for (let r = 0; r < batch.count; r++) {
        line = batch.lines[r] as number;
        rowsRead++;
        const control = controls?.get(line);
        if (control) {
          reject(line, recordCells(batch, r), [controlByteRejection(control, headers)]);
          continue;
        }
        const hash = lineHashes[r] as number;
        const stored = keyed !== null && storedLines.size > 0 && storedLines.has(keyed[r] as number);
        const repeats = !seenLines.add(hash) || stored;
        if (repeats) {
          duplicates++;
          if (stored) alreadyInWorkspace++;
          noteRepeat(batch, r, line, hash, stored);
        }
        const why = validator.check(batch, r, out);
        if (repeats && rejectRepeat(batch, r)) {
          const repeat = stored ? ALREADY_STORED : DUPLICATE;
          reject(line, recordCells(batch, r), why ? [...why, repeat] : [repeat]);
          continue;
        }
        if (why) {
          reject(line, recordCells(batch, r), why);
          continue;
        }
        if (repeats) duplicatesKept++;
        if (stored) keptAlreadyStored++;
        let person = -1;
        if (personOut >= 0) {
          person = personOfRow(references[r] as number);
          out[personOut] = person < 0 ? null : person;
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
        if (keyed) acceptedHashes[acceptedInBatch++] = keyed[r] as number;
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
        lineHashes: acceptedHashes.slice(0, acceptedInBatch),
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
    duplicatesKept,
    keptAlreadyStored,
    alreadyInWorkspace,
    repeatedLines: [...repeated.values()],
    reasons,
    unknownValues: validator.unknownValues(),
    unmappedKept: validator.unmappedKeptCount(),
    seenValues: validator.seenValues(),
    dateOrder: validator.dateOrderEvidence(),
    valueDestinations: validator.valueDestinations(),
  };
}
