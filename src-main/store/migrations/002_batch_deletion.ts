// Schema version 2: what undoing an import and retention need (issue 10). A deleted batch
// keeps its row in `import_batches` (the history says it existed and who removed it) while its
// records and rejected rows go; retention deletes by date, so each cohort's `date` is indexed.
import { COHORTS } from '../../../shared/codebook.ts';

export const migration002 = {
  version: 2,
  name: 'batch_deletion',
  sql: `
ALTER TABLE import_batches ADD COLUMN deleted_at TEXT;
ALTER TABLE import_batches ADD COLUMN deleted_by TEXT;
${COHORTS.map((cohort) => `CREATE INDEX ${cohort}_date ON ${cohort}(date);`).join('\n')}
`,
};
