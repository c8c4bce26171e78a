// Schema version 11: a keyed hash of each stored record's source line, so that a file that
// overlaps what a dataset already holds has its repeated lines found, not only lines repeated
// within one file. The hashes of a batch are kept in parts (one a pipeline batch), each a BLOB
// of 8-byte little-endian doubles holding integers below 2^52: one row per thousand-odd
// records, so an import of a million rows adds a few hundred rows here, and deleting a batch
// deletes its parts. The dataset a hash belongs to is its batch's (`import_batches.cohort`).
// Batches imported before this version have no hashes: their lines are not compared.
export const migration011 = {
  version: 11,
  name: 'line_hashes',
  sql: `
CREATE TABLE line_hashes (
  batch_id INTEGER NOT NULL REFERENCES import_batches(id),
  part INTEGER NOT NULL,
  hashes BLOB NOT NULL,
  PRIMARY KEY (batch_id, part)
) WITHOUT ROWID;
`,
};
