// The one shape every reader returns: headers, then rows as arrays of text, read once,
// in order, without holding the file in memory. `line` is the row number an analyst
// would see in Excel (the header is row 1).
import type { ControlByte, RecordBatch } from './recordBatch.ts';

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

/** Row by row, for callers that do not need the speed of batches. */
export async function* rowsOf(source: TableSource): AsyncGenerator<SourceRow> {
  for await (const batch of source.batches()) yield* batch;
}
