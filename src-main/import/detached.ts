// Cells that outlive their row. A cell cut out of a longer text (papaparse's fields, where it
// reads a file the tokenizer hands over; a trimmed or sliced value) may be kept by V8 as a view
// into that text: one value kept in a cache would keep its whole chunk of the file alive, and a
// million-row import could hold most of the file in memory. What a cache keeps is copied
// first; the copy is made once per distinct value, so it costs nothing per row.
export function detached(text: string): string {
  // V8 shares storage only for substrings of 13 characters or more; the concatenation is
  // flattened into a new string before the slice, which then points into that copy.
  return text.length < 13 ? text : (' ' + text).slice(1);
}
