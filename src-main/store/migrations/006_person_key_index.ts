// Schema version 6: the uniqueness of `persons.person_key` moves from the column's UNIQUE
// constraint (an automatic index, which can never be dropped) to a named unique index, so that
// an import adding many persons can set the index aside and build it once at the end (a sort)
// instead of keeping it up to date through hundreds of thousands of random inserts: measured,
// 1.5 s of a million-row import's 6 s. The table is rebuilt as SQLite's documented procedure
// for such changes does it, with foreign keys off and checked before the commit (migrate.ts).
export const migration006 = {
  version: 6,
  name: 'person_key_index',
  foreignKeysOff: true,
  sql: `
CREATE TABLE persons_new (id INTEGER PRIMARY KEY, person_key TEXT NOT NULL);
INSERT INTO persons_new (id, person_key) SELECT id, person_key FROM persons;
DROP TABLE persons;
ALTER TABLE persons_new RENAME TO persons;
CREATE UNIQUE INDEX persons_key ON persons (person_key);
`,
};
