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

/** Person ids for one import (see PersonKeyIndex). */
export interface PersonIdsForImport {
  /** The id of each key, in order; keys not yet in `persons` are inserted. */
  idsOf(personKeys: readonly string[]): number[];
  /** The ids of keys the import has not given before, in order (see PersonKeyIndex.idsOfNew). */
  idsOfNew(personKeys: readonly string[]): number[];
  /** Persons the workspace held when the import began. */
  readonly held: number;
  /** Ids for `count` more new persons whose keys come later, from the id returned on (see PersonKeyIndex.idsBeforeKeys). */
  idsBeforeKeys(count: number): number;
  /** The keys of every person given an id by idsBeforeKeys, in the order given; stores them, `between` called before each statement. */
  keysAfterIds(personKeys: readonly string[], between?: () => void): void;
}

/** Rows a multi-row INSERT of new persons carries. */
const PERSONS_PER_STATEMENT = 100;

/**
 * Person ids in bulk, for one import: every key of `persons` read once into a Map, then new
 * keys get ids max + 1 onwards and are inserted 100 to a statement, instead of a SELECT and an
 * INSERT per row. Create it inside the import's write transaction (BEGIN IMMEDIATE), which
 * keeps every other writer out, so the ids it hands out cannot be taken meanwhile.
 */
export class PersonKeyIndex {
  private readonly ids = new Map<string, number>();
  private nextId: number;
  private readonly inserts = new Map<number, Database.Statement>();
  private readonly params: Array<string | number> = [];
  readonly held: number;
  /** The first id idsBeforeKeys gave, and how many it gave. */
  private firstWithoutKey = 0;
  private withoutKey = 0;

  constructor(private readonly db: CipherDatabase) {
    let max = 0;
    const rows = db.prepare('SELECT id, person_key FROM persons').raw(true);
    for (const [id, key] of rows.iterate() as IterableIterator<[number, string]>) {
      this.ids.set(key, id);
      if (id > max) max = id;
    }
    this.held = this.ids.size;
    this.nextId = max + 1;
  }

  /**
   * Ids for persons known to be new before their keys are: in a workspace that holds no persons,
   * every person of an import is new, and the ids are max + 1 onwards whatever the keys. The
   * import can then write its rows while the keys are still being made (they are needed only
   * for the `persons` table, filled by keysAfterIds at the end). The ids of successive calls
   * follow each other: `count` of them from the id returned, which is the next call's when 0.
   */
  idsBeforeKeys(count: number): number {
    if (this.held > 0) throw new Error('person ids come before their keys only in a workspace with no persons');
    if (this.withoutKey === 0) this.firstWithoutKey = this.nextId;
    else if (this.firstWithoutKey + this.withoutKey !== this.nextId)
      throw new Error('person ids before keys must follow each other');
    const first = this.nextId;
    this.nextId += count;
    this.withoutKey += count;
    return first;
  }

  /** Stores the keys of the persons idsBeforeKeys gave ids to, in the order it gave them. */
  keysAfterIds(personKeys: readonly string[], between: () => void = () => undefined): void {
    if (personKeys.length !== this.withoutKey)
      throw new Error(`${this.withoutKey} persons are waiting for keys, not ${personKeys.length}`);
    for (let i = 0; i < personKeys.length; i++) {
      this.params.push(this.firstWithoutKey + i, personKeys[i] as string);
      if (this.params.length === PERSONS_PER_STATEMENT * 2) {
        between();
        this.flush();
      }
    }
    between();
    this.flush();
    this.withoutKey = 0;
  }

  /** The INSERT of `rows` persons, prepared once per size. */
  private insert(rows: number): Database.Statement {
    let statement = this.inserts.get(rows);
    if (statement === undefined) {
      const tuples = new Array<string>(rows).fill('(?, ?)').join(', ');
      statement = this.db.prepare(`INSERT INTO persons (id, person_key) VALUES ${tuples}`);
      this.inserts.set(rows, statement);
    }
    return statement;
  }

  /**
   * The ids of keys new to this import (an import's pipeline gives each person once): looked up
   * only among the persons the workspace held before it, never remembered. Were a key given
   * twice all the same, the persons' unique key index would refuse it and the import roll back.
   */
  idsOfNew(personKeys: readonly string[]): number[] {
    return this.give(personKeys, false);
  }

  /** The id of each key, in order; keys not yet in `persons` are inserted. */
  idsOf(personKeys: readonly string[]): number[] {
    return this.give(personKeys, true);
  }

  /** Ids of known keys, and new ids (inserted) for the others, remembered if `remember`. */
  private give(personKeys: readonly string[], remember: boolean): number[] {
    const result = new Array<number>(personKeys.length);
    // Keys remembered are looked up even in a map that starts empty: a call may repeat them.
    const known = remember || this.ids.size > 0 ? this.ids : null;
    for (let i = 0; i < personKeys.length; i++) {
      const key = personKeys[i] as string;
      let id = known?.get(key);
      if (id === undefined) {
        id = this.nextId++;
        if (remember) this.ids.set(key, id);
        this.params.push(id, key);
        if (this.params.length === PERSONS_PER_STATEMENT * 2) this.flush();
      }
      result[i] = id;
    }
    this.flush();
    return result;
  }

  private flush(): void {
    if (this.params.length === 0) return;
    // Spread: better-sqlite3 binds arguments faster than an array's elements (cohortWriter.ts).
    this.insert(this.params.length / 2).run(...this.params);
    this.params.length = 0;
  }
}

/** Removes persons no cohort record refers to any more (after a batch deletion or a purge). */
export function deleteOrphanPersons(db: CipherDatabase): number {
  const referenced = COHORTS.map((cohort) => `SELECT person_id FROM ${cohort} WHERE person_id IS NOT NULL`).join(
    ' UNION ',
  );
  return db.prepare(`DELETE FROM persons WHERE id NOT IN (${referenced})`).run().changes;
}
