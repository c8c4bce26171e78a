// One cell of a validated row as the writer stores it: a category code, a number, text (a
// date's ISO text), or null for an empty cell.
export type CellValue = number | string | null;
