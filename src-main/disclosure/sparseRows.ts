// LP rows as HiGHS reads them: compressed sparse rows, each row's columns increasing. Built in
// typed arrays with one numeric sort per row: a release opens hundreds of programs over tens of
// thousands of terms, and a pair array per term sorted by a comparator made most of what they
// allocated.

export interface SparseRows {
  /** Row r's entries are at starts[r] up to starts[r + 1]. */
  starts: Int32Array;
  indices: Int32Array;
  values: Float64Array;
}

/** `rows` as compressed sparse rows, `column` numbering each variable (it may number new ones as it is asked). */
export function sparseRows(
  rows: readonly { terms: ReadonlyMap<string, number> }[],
  column: (name: string) => number,
): SparseRows {
  let nonzeros = 0;
  for (const row of rows) nonzeros += row.terms.size;
  const starts = new Int32Array(rows.length + 1);
  const indices = new Int32Array(nonzeros);
  const values = new Float64Array(nonzeros);
  // Per column, the row's coefficient: read back in column order once the row's columns are sorted.
  let coefficient = new Float64Array(64);
  let at = 0;
  for (let r = 0; r < rows.length; r++) {
    const from = at;
    for (const [name, coef] of rows[r]!.terms) {
      const index = column(name);
      if (index >= coefficient.length) {
        const grown = new Float64Array(Math.max(2 * coefficient.length, index + 1));
        grown.set(coefficient);
        coefficient = grown;
      }
      coefficient[index] = coef;
      indices[at++] = index;
    }
    // Terms are a map, so a row names each column once: its columns sort without ties.
    indices.subarray(from, at).sort();
    for (let k = from; k < at; k++) values[k] = coefficient[indices[k]!]!;
    starts[r + 1] = at;
  }
  return { starts, indices, values };
}
