// Notes an export prints under a table that are read off its published cells only, so they tell
// nothing the table does not: today the agreement of the computed repeat flag with the extract's.
import type { QueryResult } from '../../../shared/query.ts';
import { agreementNote } from '../../engine/derived/agreement.ts';

export function publishedNotes(result: Pick<QueryResult, 'rows' | 'cols' | 'counts'>): string[] {
  const note = agreementNote(result);
  return note === null ? [] : [note];
}
