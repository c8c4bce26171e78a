// Infographics and reports kept in the workspace as JSON documents (layouts and ordered
// lists of items, never pictures), so next year's refresh is one command.
import { z } from 'zod';
import { AppError } from '../../shared/errors.ts';
import { InfographicDocSchema, type InfographicDoc } from '../../shared/infographic.ts';
import type { CipherDatabase } from './cipherDatabase.ts';

export const ReportItemSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('figure'), name: z.string().min(1).max(120) }),
  z.object({ kind: z.literal('infographic'), name: z.string().min(1).max(120) }),
]);
export const ReportSchema = z.object({ name: z.string().min(1).max(120), items: z.array(ReportItemSchema).max(500) });
export type Report = z.infer<typeof ReportSchema>;

export function listInfographics(db: CipherDatabase): Array<{ name: string; doc: InfographicDoc; updatedAt: string }> {
  return (
    db.prepare('SELECT name, doc, updated_at FROM infographics ORDER BY name COLLATE NOCASE').all() as Array<{
      name: string;
      doc: string;
      updated_at: string;
    }>
  ).map((r) => ({
    name: r.name,
    doc: InfographicDocSchema.parse(JSON.parse(r.doc)),
    updatedAt: r.updated_at,
  }));
}

export function findInfographic(db: CipherDatabase, name: string): InfographicDoc | undefined {
  const row = db.prepare('SELECT doc FROM infographics WHERE name = ?').get(name) as { doc: string } | undefined;
  return row ? InfographicDocSchema.parse(JSON.parse(row.doc)) : undefined;
}

export function saveInfographic(db: CipherDatabase, doc: InfographicDoc, now = new Date()): void {
  const at = now.toISOString();
  db.prepare(
    `INSERT INTO infographics (name, doc, created_at, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(name) DO UPDATE SET doc = excluded.doc, updated_at = excluded.updated_at`,
  ).run(doc.name, JSON.stringify(doc), at, at);
}

export function deleteInfographic(db: CipherDatabase, name: string): boolean {
  return db.prepare('DELETE FROM infographics WHERE name = ?').run(name).changes > 0;
}

export function listReports(db: CipherDatabase): Report[] {
  return (
    db.prepare('SELECT name, items FROM reports ORDER BY name COLLATE NOCASE').all() as Array<{
      name: string;
      items: string;
    }>
  ).map((r) => ReportSchema.parse({ name: r.name, items: JSON.parse(r.items) }));
}

export function findReport(db: CipherDatabase, name: string): Report | undefined {
  const row = db.prepare('SELECT name, items FROM reports WHERE name = ?').get(name) as
    { name: string; items: string } | undefined;
  return row ? ReportSchema.parse({ name: row.name, items: JSON.parse(row.items) }) : undefined;
}

export function saveReport(db: CipherDatabase, report: Report, now = new Date()): void {
  const at = now.toISOString();
  db.prepare(
    `INSERT INTO reports (name, items, created_at, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(name) DO UPDATE SET items = excluded.items, updated_at = excluded.updated_at`,
  ).run(report.name, JSON.stringify(report.items), at, at);
}

export function deleteReport(db: CipherDatabase, name: string): boolean {
  if (!findReport(db, name)) throw new AppError('NOT_FOUND', `There is no report called “${name}”.`);
  return db.prepare('DELETE FROM reports WHERE name = ?').run(name).changes > 0;
}
