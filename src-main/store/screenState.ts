// A screen's view as the analyst left it (Explore's builder), one JSON value per screen in
// the settings table of the encrypted file. The caller validates what it reads back: a
// value written by another version may not parse, and then counts as never saved.
import type { CipherDatabase } from './cipherDatabase.ts';

const keyOf = (screen: string): string => `screen.${screen}`;

export function readScreenState(db: CipherDatabase, screen: string): unknown {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(keyOf(screen)) as
    { value: string } | undefined;
  if (row === undefined) return null;
  try {
    return JSON.parse(row.value) as unknown;
  } catch {
    return null;
  }
}

export function writeScreenState(db: CipherDatabase, screen: string, state: unknown): void {
  db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(keyOf(screen), JSON.stringify(state));
}
