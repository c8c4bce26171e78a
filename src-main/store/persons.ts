// Persons: each distinct pseudonymous `person_key` gets a dense integer id, which the cohort
// tables store and the engine counts distinct persons over.
import type Database from 'better-sqlite3-multiple-ciphers';
import { COHORTS } from '../../shared/codebook.ts';
import type { CipherDatabase } from './cipherDatabase.ts';

export class PersonIds {
  private readonly select: Database.Statement<[string], { id: number }>;
  private readonly insert: Database.Statement<[string]>;

  constructor(db: CipherDatabase) {
    this.select = db.prepare('SELECT id FROM persons WHERE person_key = ?');
    this.insert = db.prepare('INSERT INTO persons (person_key) VALUES (?)');
  }

  /** The id of `personKey`, inserted if new. */
  idOf(personKey: string): number {
    const found = this.select.get(personKey);
    if (found !== undefined) return found.id;
    return Number(this.insert.run(personKey).lastInsertRowid);
  }
}

/** Removes persons no cohort record refers to any more (after a batch deletion or a purge). */
export function deleteOrphanPersons(db: CipherDatabase): number {
  const referenced = COHORTS.map((cohort) => `SELECT person_id FROM ${cohort} WHERE person_id IS NOT NULL`).join(
    ' UNION ',
  );
  return db.prepare(`DELETE FROM persons WHERE id NOT IN (${referenced})`).run().changes;
}
