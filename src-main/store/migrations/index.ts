// Every schema version, in order. A migration is never edited once released: a change to the
// schema is a new numbered file appended here.
import { migration001 } from './001_initial.ts';
import { migration002 } from './002_batch_deletion.ts';
import { migration003 } from './003_context_datasets.ts';
import { migration004 } from './004_lsoa_lookup.ts';
import { migration005 } from './005_no_date_index.ts';
import { migration006 } from './006_person_key_index.ts';
import { migration007 } from './007_batch_row_ranges.ts';
import { migration008 } from './008_publication_register.ts';
import { migration010 } from './010_context_batches.ts';
import { migration009 } from './009_rejected_row_dates.ts';
import { migration011 } from './011_line_hashes.ts';
import { migration012 } from './012_outcome_date.ts';
import { migration013 } from './013_unpublished_imports.ts';
import type { CipherDatabase } from '../cipherDatabase.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** The migration rebuilds a table others refer to: foreign keys are off while it runs, and checked before it commits. */
  foreignKeysOff?: boolean;
  /** Fills new columns from what SQL cannot read (JSON through a mapping), after `sql`, in its transaction. */
  fill?: (db: CipherDatabase) => void;
}

export const MIGRATIONS: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
  migration008,
  migration009,
  migration010,
  migration011,
  migration012,
  migration013,
];

export const LATEST_SCHEMA_VERSION: number = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
