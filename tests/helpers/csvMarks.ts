// Reading an exported CSV table as a reader would: its first block is the table (a header row,
// then one row per category and a Total row), the notes follow after a blank line.
import { parse } from 'csv-parse/sync';

/** The [c] marks of a CSV table's inner cells: its margins and notes left out. */
export function hiddenInnerCells(csv: string): number {
  const table = csv.replace(/^\uFEFF/, '').split(/\r?\n\r?\n/)[0]!;
  const [, ...rows] = parse(table) as string[][];
  return rows
    .filter((row) => row[0] !== 'Total')
    .flatMap((row) => row.slice(1, -1))
    .filter((cell) => cell === '[c]').length;
}
