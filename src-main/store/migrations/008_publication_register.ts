// Schema version 8: the publication register. Every output that leaves the workspace is kept
// with what it printed and which cells it hid (raw values too: the file is encrypted), grouped
// into releases, so a new output can be protected together with everything the release has
// published. At most one release is open; a publication is never changed once recorded.
export const migration008 = {
  version: 8,
  name: 'publication_register',
  sql: `
CREATE TABLE releases (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  started_at TEXT NOT NULL,
  ended_at TEXT
);
CREATE UNIQUE INDEX releases_one_open ON releases ((ended_at IS NULL)) WHERE ended_at IS NULL;
CREATE TABLE publications (
  id INTEGER PRIMARY KEY,
  release_id INTEGER NOT NULL REFERENCES releases(id),
  kind TEXT NOT NULL CHECK (kind IN ('table', 'figure', 'infographic', 'report')),
  title TEXT NOT NULL,
  published_at TEXT NOT NULL,
  destination TEXT NOT NULL,
  tables TEXT NOT NULL
);
CREATE INDEX publications_release ON publications (release_id, id);
CREATE TRIGGER publications_no_update BEFORE UPDATE ON publications
BEGIN SELECT RAISE(ABORT, 'a publication is never changed once recorded'); END;
`,
};
