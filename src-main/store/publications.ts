// The publication register's SQL: releases (at most one open) and the publications recorded
// in them. The tables of a publication are one JSON document, checked on the way back in.
import { z } from 'zod';
import {
  type Publication,
  type PublicationKind,
  PublishedTableSchema,
  type PublishedTable,
  type PublicationSummary,
  type Release,
} from '../../shared/contract/release.ts';
import { AppError } from '../../shared/errors.ts';
import type { CipherDatabase } from './cipherDatabase.ts';

interface ReleaseRow {
  id: number;
  name: string;
  started_at: string;
  ended_at: string | null;
  publications: number;
}

interface PublicationRow {
  id: number;
  release_id: number;
  kind: PublicationKind;
  title: string;
  published_at: string;
  destination: string;
  tables: string;
}

const TablesSchema = z.array(PublishedTableSchema);

const RELEASE_COLUMNS = `r.id, r.name, r.started_at, r.ended_at,
  (SELECT count(*) FROM publications p WHERE p.release_id = r.id) AS publications`;

function toRelease(row: ReleaseRow): Release {
  return {
    id: row.id,
    name: row.name,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    publications: row.publications,
  };
}

export function listReleases(db: CipherDatabase): Release[] {
  return (db.prepare(`SELECT ${RELEASE_COLUMNS} FROM releases r ORDER BY r.id DESC`).all() as ReleaseRow[]).map(
    toRelease,
  );
}

export function openRelease(db: CipherDatabase): Release | undefined {
  const row = db.prepare(`SELECT ${RELEASE_COLUMNS} FROM releases r WHERE r.ended_at IS NULL`).get() as
    ReleaseRow | undefined;
  return row ? toRelease(row) : undefined;
}

/** The open release; the first output of a workspace opens one named after its year. */
export function currentRelease(db: CipherDatabase, now = new Date()): Release {
  const open = openRelease(db);
  if (open) return open;
  db.prepare('INSERT INTO releases (name, started_at) VALUES (?, ?)').run(
    `Release ${now.toISOString().slice(0, 4)}`,
    now.toISOString(),
  );
  return openRelease(db)!;
}

/** End the open release (if any) and open a new one, in one transaction. */
export function startRelease(
  db: CipherDatabase,
  name: string,
  now = new Date(),
): { started: Release; ended?: Release } {
  const trimmed = name.trim();
  if (trimmed.length === 0)
    throw new AppError('BAD_REQUEST', 'Give the new release a name, e.g. "Needs assessment 2027".');
  return db.transaction(() => {
    const ended = openRelease(db);
    const at = now.toISOString();
    if (ended) db.prepare('UPDATE releases SET ended_at = ? WHERE id = ?').run(at, ended.id);
    db.prepare('INSERT INTO releases (name, started_at) VALUES (?, ?)').run(trimmed, at);
    return { started: openRelease(db)!, ...(ended ? { ended: { ...ended, endedAt: at } } : {}) };
  })();
}

export function recordPublication(
  db: CipherDatabase,
  input: { kind: PublicationKind; title: string; destination: string; tables: readonly PublishedTable[] },
  now = new Date(),
): Publication {
  const tables = TablesSchema.parse(input.tables);
  return db.transaction(() => {
    const release = currentRelease(db, now);
    const result = db
      .prepare(
        'INSERT INTO publications (release_id, kind, title, published_at, destination, tables) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(release.id, input.kind, input.title, now.toISOString(), input.destination, JSON.stringify(tables));
    return {
      id: Number(result.lastInsertRowid),
      releaseId: release.id,
      kind: input.kind,
      title: input.title,
      publishedAt: now.toISOString(),
      destination: input.destination,
      tables,
    };
  })();
}

function toPublication(row: PublicationRow): Publication {
  return {
    id: row.id,
    releaseId: row.release_id,
    kind: row.kind,
    title: row.title,
    publishedAt: row.published_at,
    destination: row.destination,
    tables: TablesSchema.parse(JSON.parse(row.tables)),
  };
}

/** Every publication of a release, oldest first (the order they were protected in). */
export function publicationsOf(db: CipherDatabase, releaseId: number): Publication[] {
  return (
    db.prepare('SELECT * FROM publications WHERE release_id = ? ORDER BY id').all(releaseId) as PublicationRow[]
  ).map(toPublication);
}

/** What a register listing shows of a publication: counts, reasons and what was not linked, no raw values. */
export function summarise(publication: Publication): PublicationSummary {
  const cells = publication.tables.flatMap((t) => t.cells);
  const reasons = new Map<string, number>();
  for (const cell of cells) if (cell.reason) reasons.set(cell.reason, (reasons.get(cell.reason) ?? 0) + 1);
  return {
    id: publication.id,
    releaseId: publication.releaseId,
    kind: publication.kind,
    title: publication.title,
    publishedAt: publication.publishedAt,
    destination: publication.destination,
    tables: publication.tables.length,
    cellsHidden: cells.filter((c) => c.shown === null).length,
    reasons: [...reasons].map(([reason, n]) => ({ reason, cells: n })),
    unlinked: publication.tables.flatMap((t) => t.unlinked ?? []),
  };
}
