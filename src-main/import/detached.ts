// Cells that outlive their row. papaparse cuts each field out of the chunk of text it parses,
// and V8 may keep such a substring as a view into that chunk: one field kept in a cache (a
// date with its time, say, among thousands of distinct ones) would keep its whole 256 KiB
// chunk alive, and a million-row import would hold most of the file in memory. What a cache
// keeps is copied first; the copy is made once per distinct value, so it costs nothing per row.
export function detached(text: string): string {
  // V8 shares storage only for substrings of 13 characters or more; the concatenation is
  // flattened into a new string before the slice, which then points into that copy.
  return text.length < 13 ? text : (' ' + text).slice(1);
}
