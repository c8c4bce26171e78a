// Schema version 10: context datasets grow a batch at a time. Each file imported into a context
// dataset is an `import_batches` row whose cohort is `context:NAME`, with the ids of its rows in
// `ctx_NAME` (first_row to last_row: an import appends, in one transaction), so it shows in the
// import history, counts as an import, and can be deleted like a cohort's batch. A dataset
// imported before this version was one file, rows 1 to `rows`: it becomes its first batch. The
// column a dataset's district comes from is kept, so that a later file derives it the same way.
export const migration010 = {
  version: 10,
  name: 'context_batches',
  sql: `
ALTER TABLE context_datasets ADD COLUMN district_from TEXT;
INSERT INTO import_batches (cohort, file_name, file_hash, profile_name, rows_read, accepted, rejected,
  started_at, finished_at, user_name, status, first_row, last_row)
SELECT 'context:' || name, file_name, file_hash, NULL, rows, rows, 0, created_at, created_at, 'unknown',
  'committed', 1, rows
FROM context_datasets ORDER BY id;
`,
};
