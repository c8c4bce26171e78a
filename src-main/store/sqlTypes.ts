// The SQL storage type of each codebook kind: categorical values are INTEGER codes into
// `categories`, flags 1/0/NULL, dates ISO text, persons INTEGER ids into `persons`.
import type { ColumnKind } from '../../shared/codebook.ts';

export function sqlTypeOf(kind: ColumnKind): 'TEXT' | 'REAL' | 'INTEGER' {
  switch (kind) {
    case 'date':
      return 'TEXT';
    case 'number':
      return 'REAL';
    case 'flag':
    case 'person_key':
    case 'category':
    case 'ordinal':
      return 'INTEGER';
  }
}

/** Columns of every cohort table that are not codebook columns. */
export const RESERVED_COLUMN_NAMES = ['id', 'batch_id', 'source_row', 'person_id'] as const;
