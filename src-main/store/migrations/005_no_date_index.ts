// Schema version 5: the cohorts' `date` indexes of version 2 go. Only retention used them (a
// count and a delete of the records older than a cut-off, about once a year), and they cost
// every import more than any other index: a million ISO date strings to sort, about a second
// per million records, while retention's full scan of a million records takes a fraction of that.
import { COHORTS } from '../../../shared/codebook.ts';

export const migration005 = {
  version: 5,
  name: 'no_date_index',
  sql: COHORTS.map((cohort) => `DROP INDEX IF EXISTS ${cohort}_date;`).join('\n'),
};
