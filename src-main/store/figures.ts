// Saved figures: specs, not pictures, so they redraw on new data. Each keeps a fingerprint
// of its published numbers; when an import or a deletion moves them, the figure is flagged
// as changed rather than silently redrawn.
import { FigureSpecSchema, type FigureSpec } from '../../shared/figure.ts';
import { AppError } from '../../shared/errors.ts';
import type { CipherDatabase } from './cipherDatabase.ts';

export interface StoredFigure {
  id: number;
  name: string;
  figure: FigureSpec;
  resultHash: string | null;
  changed: boolean;
  createdAt: string;
  updatedAt: string;
}

interface FigureRow {
  id: number;
  name: string;
  spec: string;
  result_hash: string | null;
  changed: number;
  created_at: string;
  updated_at: string;
}

function fromRow(row: FigureRow): StoredFigure {
  return {
    id: row.id,
    name: row.name,
    figure: FigureSpecSchema.parse(JSON.parse(row.spec)),
    resultHash: row.result_hash,
    changed: row.changed === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function listFigures(db: CipherDatabase): StoredFigure[] {
  return (db.prepare('SELECT * FROM figures ORDER BY name COLLATE NOCASE').all() as FigureRow[]).map(fromRow);
}

export function getFigure(db: CipherDatabase, name: string): StoredFigure {
  const row = db.prepare('SELECT * FROM figures WHERE name = ?').get(name) as FigureRow | undefined;
  if (row === undefined) throw new AppError('NOT_FOUND', `There is no saved figure called “${name}”.`);
  return fromRow(row);
}

export function saveFigure(
  db: CipherDatabase,
  // Read back through FigureSpecSchema, so a figure without the choice hides empty categories.
  figure: Omit<FigureSpec, 'keepEmpty'> & { keepEmpty?: boolean },
  resultHash: string | null,
  overwrite: boolean,
  now = new Date(),
): StoredFigure {
  const at = now.toISOString();
  const exists = db.prepare('SELECT id FROM figures WHERE name = ?').get(figure.name) as { id: number } | undefined;
  if (exists && !overwrite) {
    throw new AppError(
      'FILE_EXISTS',
      `A figure called “${figure.name}” already exists. Choose another name or update it.`,
    );
  }
  if (exists) {
    db.prepare('UPDATE figures SET spec = ?, result_hash = ?, changed = 0, updated_at = ? WHERE id = ?').run(
      JSON.stringify(figure),
      resultHash,
      at,
      exists.id,
    );
  } else {
    db.prepare(
      'INSERT INTO figures (name, spec, result_hash, changed, created_at, updated_at) VALUES (?, ?, ?, 0, ?, ?)',
    ).run(figure.name, JSON.stringify(figure), resultHash, at, at);
  }
  return getFigure(db, figure.name);
}

export function deleteFigure(db: CipherDatabase, name: string): boolean {
  return db.prepare('DELETE FROM figures WHERE name = ?').run(name).changes > 0;
}

export function markChanged(db: CipherDatabase, name: string): void {
  db.prepare('UPDATE figures SET changed = 1 WHERE name = ?').run(name);
}
