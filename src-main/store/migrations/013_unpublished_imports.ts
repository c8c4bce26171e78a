// Schema version 13: an import writes its rows in a transaction of their own under the batch
// status 'importing' and publishes them in a small second one (status 'committed' and the audit
// entry), so that the long COMMIT of a large import comes before the point of no return. Until
// it is published, every reader skips the batch's rows: its records from `first_row` on (set
// when the batch opens) and its new persons from `first_person` on (this column); a cancel
// removes them afterwards and an open removes those a killed process left.
export const migration013 = {
  version: 13,
  name: 'unpublished_imports',
  sql: `
ALTER TABLE import_batches ADD COLUMN first_person INTEGER;
`,
};
