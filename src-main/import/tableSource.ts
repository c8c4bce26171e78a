// The one shape every reader returns (sourceTypes.ts): headers, then rows as arrays of text,
// read once, in order, without holding the file in memory. `line` is the row number an analyst
// would see in Excel (the header is row 1).
import type { SourceRow, TableSource } from './sourceTypes.ts';

export type { SourceFormat, SourceRow, TableSource } from './sourceTypes.ts';

/** Row by row, for callers that do not need the speed of batches. */
export async function* rowsOf(source: TableSource): AsyncGenerator<SourceRow> {
  for await (const batch of source.batches()) yield* batch;
}
