// The shapes a reader hands the importer, in one module so the readers, the record batches and
// the pipeline share them without importing each other: a source's rows as text (SourceRow,
// TableSource) and as byte ranges of UTF-8 text (RecordBatch), and a damaged field (ControlByte).
export type SourceFormat = 'csv' | 'xlsx';

export interface SourceRow {
  cells: string[];
  line: number;
  /** The record holds a control byte (a damaged field): it is rejected, never read as data. */
  control?: ControlByte;
}

export interface TableSource {
  readonly path: string;
  readonly format: SourceFormat;
  readonly headers: readonly string[];
  /** False when the file was read as having no header line (its first line is data, row 1). */
  readonly hasHeader?: boolean;
  /** Why the header line looks like data (a file whose header was lost), or null. */
  readonly firstLineIsData?: string | null;
  /** CSV only: the detected or chosen text encoding and delimiter. */
  readonly encoding?: string;
  readonly delimiter?: string;
  /** XLSX only: the sheet being read and all sheets of the workbook. */
  readonly sheet?: string;
  readonly sheets?: readonly string[];
  /** Size of the file in bytes, and how much of it has been read so far (for progress). */
  readonly bytesTotal: number;
  bytesRead(): number;
  /** The data rows after the header, a batch at a time; one pass only (this or `records`). */
  batches(): AsyncIterable<SourceRow[]>;
  /** The same rows as byte ranges of UTF-8 text (recordBatch.ts), for the import pipeline. */
  records(): AsyncIterable<RecordBatch>;
  /** Stops reading and releases the file (safe to call more than once). */
  close(): Promise<void>;
}

export interface RecordBatch {
  /** The text every field points into. */
  bytes: Buffer;
  /** Records in the batch. */
  count: number;
  /** Per field, its start and end offsets in `bytes` (2 slots a field). */
  fields: Int32Array;
  /** Per record, the index of its first field; `firstField[count]` is the number of fields. */
  firstField: Int32Array;
  /** Per record, its row number as the analyst sees it (the header is row 1). */
  lines: Int32Array;
  /** Per record, its person reference's number (referenceNumbers.ts), once numbered. */
  references?: Int32Array;
  /** The normalised text of each reference first met in this batch, one a line, in number order. */
  newReferences?: string;
  /** Records holding a control byte (a NUL, say: a corrupt field), each rejected with its row. */
  controls?: ControlByte[];
}

/** A control byte found in a record (tab, CR and LF are not control bytes here). */
export interface ControlByte {
  /** The record's row number. */
  line: number;
  /** The field it is in, from 1. */
  column: number;
  byte: number;
}
