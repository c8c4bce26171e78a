// The workspace's own copy of the codebook (`codebook_columns` + `categories`): seeded from the
// built-in codebook when the workspace is created, so a workspace records the codebook it was
// built with, then extended by analysts with categories and custom columns. Codes are
// append-only: a label keeps its code for ever, so stored integers never change meaning;
// `position` alone gives the display order. SQL only; the Workspace adds the audit entries.
import { z } from 'zod';
import {
  COHORTS,
  COLUMN_NAME_PATTERN,
  DIRECT_IDENTIFIERS,
  FLAG_CATEGORIES,
  type Codebook,
  type CodebookColumn,
  type Cohort,
  type ColumnKind,
  type DisclosureRole,
} from '../../shared/codebook.ts';
import { AppError } from '../../shared/errors.ts';
import type { CipherDatabase } from './cipherDatabase.ts';
import { RESERVED_COLUMN_NAMES, sqlTypeOf } from './sqlTypes.ts';

const LabelSchema = z.string().trim().min(1, 'a label cannot be empty').max(200);

export const CustomColumnSchema = z
  .object({
    name: z.string().regex(COLUMN_NAME_PATTERN, 'lower-case letters, digits and _, starting with a letter'),
    label: LabelSchema,
    kind: z.enum(['category', 'ordinal', 'flag', 'date', 'number']),
    cohorts: z.array(z.enum(COHORTS)).min(1),
    categories: z.array(LabelSchema).default([]),
    role: z.enum(['quasi_identifier', 'sensitive', 'none']).default('none'),
    open: z.boolean().default(false),
    description: z.string().max(1000).optional(),
  })
  .strict();
export type CustomColumnInput = z.input<typeof CustomColumnSchema>;

/** Labels that stay last in display order, whatever the sort. */
const ALWAYS_LAST = new Set(['Unknown', 'Not stated']);

interface ColumnRow {
  name: string;
  label: string;
  kind: ColumnKind;
  cohorts: string;
  open: number;
  role: DisclosureRole;
  derived_from: string | null;
  description: string | null;
}

export function seedCodebook(db: CipherDatabase, codebook: Codebook): void {
  const insertColumn = db.prepare(`INSERT INTO codebook_columns
    (name, label, kind, cohorts, open, role, derived_from, description, custom, position)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)`);
  const insertCategory = db.prepare(
    'INSERT INTO categories (column_name, code, label, position, custom) VALUES (?, ?, ?, ?, 0)',
  );
  codebook.columns.forEach((column, position) => {
    insertColumn.run(
      column.name,
      column.label,
      column.kind,
      JSON.stringify(column.cohorts),
      column.open ? 1 : 0,
      column.role,
      column.derivedFrom ?? null,
      column.description ?? null,
      position,
    );
    column.categories.forEach((label, code) => insertCategory.run(column.name, code, label, code));
  });
}

export function readCodebook(db: CipherDatabase, version: number): Codebook {
  const columnRows = db.prepare('SELECT * FROM codebook_columns ORDER BY position').all() as ColumnRow[];
  const categoryRows = db.prepare('SELECT column_name, label FROM categories ORDER BY column_name, position').all() as {
    column_name: string;
    label: string;
  }[];
  const labels = new Map<string, string[]>();
  for (const row of categoryRows) {
    const list = labels.get(row.column_name) ?? [];
    list.push(row.label);
    labels.set(row.column_name, list);
  }
  const columns: CodebookColumn[] = columnRows.map((row) => {
    const column: CodebookColumn = {
      name: row.name,
      label: row.label,
      kind: row.kind,
      cohorts: JSON.parse(row.cohorts) as Cohort[],
      categories: labels.get(row.name) ?? [],
      open: row.open === 1,
      role: row.role,
    };
    if (row.derived_from !== null) column.derivedFrom = row.derived_from;
    if (row.description !== null) column.description = row.description;
    return column;
  });
  return { version, columns };
}

function requireColumn(db: CipherDatabase, name: string): ColumnRow {
  const row = db.prepare('SELECT * FROM codebook_columns WHERE name = ?').get(name) as ColumnRow | undefined;
  if (row === undefined) throw new AppError('NOT_FOUND', `There is no column “${name}” in this workspace’s codebook.`);
  return row;
}

export function categoryCodes(db: CipherDatabase, column: string): Map<string, number> {
  requireColumn(db, column);
  const rows = db.prepare('SELECT label, code FROM categories WHERE column_name = ? ORDER BY position').all(column) as {
    label: string;
    code: number;
  }[];
  return new Map(rows.map((row) => [row.label, row.code]));
}

/**
 * Adds the labels not yet present (existing ones are left as they are) and returns the code of
 * every label asked for. New codes are max + 1; positions keep `Unknown`/`Not stated` last, and
 * open ordinal columns (months, financial years) in label order, which is time order.
 */
export function addCategories(
  db: CipherDatabase,
  column: string,
  labels: readonly string[],
): { codes: Map<string, number>; added: string[] } {
  const row = requireCategorical(db, column);
  const wanted = labels.map(checkedLabel);
  const existing = readCategories(db, column);
  const codes = new Map(existing.map((category) => [category.label, category.code]));
  const added = [...new Set(wanted.filter((label) => !codes.has(label)))];
  if (added.length === 0) return { codes: pick(codes, wanted), added };

  // New codes follow display order, so a batch of months gets codes in time order.
  const sortByLabel = row.kind === 'ordinal' && row.open === 1;
  const newLabels = new Set(added);
  const fresh = new Map<string, number>();
  let nextCode = existing.reduce((max, category) => Math.max(max, category.code), -1) + 1;
  for (const label of displayOrder(
    existing.map((c) => c.label),
    added,
    sortByLabel,
  )) {
    if (newLabels.has(label)) fresh.set(label, nextCode++);
  }
  placeCategories(db, column, existing, fresh, sortByLabel);
  for (const [label, code] of fresh) codes.set(label, code);
  return { codes: pick(codes, wanted), added };
}

/**
 * Adds categories whose codes the caller chose: an import allocates max + 1 onwards as labels
 * first appear and writes its rows before the labels, then adds them all here in one go (one
 * read of the column's list however many labels arrive). A label already present must have
 * the code given; returns the labels added.
 */
export function addCategoriesWithCodes(
  db: CipherDatabase,
  column: string,
  entries: ReadonlyArray<readonly [label: string, code: number]>,
): string[] {
  const row = requireCategorical(db, column);
  const existing = readCategories(db, column);
  const byLabel = new Map(existing.map((category) => [category.label, category.code]));
  const usedCodes = new Set(existing.map((category) => category.code));
  const fresh = new Map<string, number>();
  for (const [raw, code] of entries) {
    const label = checkedLabel(raw);
    const known = byLabel.get(label);
    if (known === code) continue;
    if (known !== undefined || usedCodes.has(code) || !Number.isInteger(code) || code < 0) {
      throw new AppError(
        'INTERNAL',
        `The category “${label}” of “${column}” cannot take code ${code}: the codebook changed during the import.`,
      );
    }
    byLabel.set(label, code);
    usedCodes.add(code);
    fresh.set(label, code);
  }
  if (fresh.size > 0) placeCategories(db, column, existing, fresh, row.kind === 'ordinal' && row.open === 1);
  return [...fresh.keys()];
}

interface StoredCategory {
  label: string;
  code: number;
  position: number;
}

function requireCategorical(db: CipherDatabase, column: string): ColumnRow {
  const row = requireColumn(db, column);
  if (row.kind !== 'category' && row.kind !== 'ordinal') {
    throw new AppError('BAD_REQUEST', `“${column}” is a ${row.kind} column: it has no categories to add to.`);
  }
  return row;
}

function checkedLabel(label: string): string {
  const parsed = LabelSchema.safeParse(label);
  if (!parsed.success)
    throw new AppError('BAD_REQUEST', `“${label}” cannot be a category label: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

function readCategories(db: CipherDatabase, column: string): StoredCategory[] {
  return db
    .prepare('SELECT label, code, position FROM categories WHERE column_name = ? ORDER BY position')
    .all(column) as StoredCategory[];
}

/** Inserts `fresh` (label to code) and moves existing rows to their new display positions. */
function placeCategories(
  db: CipherDatabase,
  column: string,
  existing: readonly StoredCategory[],
  fresh: ReadonlyMap<string, number>,
  sortByLabel: boolean,
): void {
  const order = displayOrder(
    existing.map((category) => category.label),
    [...fresh.keys()],
    sortByLabel,
  );
  // Only rows whose place changed are rewritten: appending to a long open list stays cheap.
  const oldPosition = new Map(existing.map((category) => [category.label, category.position]));
  const setPosition = db.prepare('UPDATE categories SET position = ? WHERE column_name = ? AND label = ?');
  const insert = db.prepare(
    'INSERT INTO categories (column_name, code, label, position, custom) VALUES (?, ?, ?, ?, 1)',
  );
  // Existing rows move to their new places first, then the new labels take theirs.
  order.forEach((label, position) => {
    if (!fresh.has(label) && oldPosition.get(label) !== position) setPosition.run(position, column, label);
  });
  order.forEach((label, position) => {
    const code = fresh.get(label);
    if (code !== undefined) insert.run(column, code, label, position);
  });
}

function pick(codes: Map<string, number>, labels: readonly string[]): Map<string, number> {
  return new Map(labels.map((label) => [label, codes.get(label) as number]));
}

function displayOrder(existing: readonly string[], added: readonly string[], sortByLabel: boolean): string[] {
  const tail = existing.filter((label) => ALWAYS_LAST.has(label));
  const head = [...existing.filter((label) => !ALWAYS_LAST.has(label)), ...added.filter((l) => !ALWAYS_LAST.has(l))];
  if (sortByLabel) head.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return [...head, ...tail, ...added.filter((label) => ALWAYS_LAST.has(label))];
}

/** Adds a custom column to the codebook and to each cohort table it belongs to. */
export function addCustomColumn(db: CipherDatabase, input: CustomColumnInput): CodebookColumn {
  const parsed = CustomColumnSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError('BAD_REQUEST', `The custom column is not valid: ${z.prettifyError(parsed.error)}`);
  }
  const spec = parsed.data;
  const reserved: readonly string[] = [...RESERVED_COLUMN_NAMES, 'person_key', ...DIRECT_IDENTIFIERS];
  if (reserved.includes(spec.name)) {
    throw new AppError('BAD_REQUEST', `“${spec.name}” is reserved and cannot be a custom column name.`);
  }
  if (db.prepare('SELECT 1 FROM codebook_columns WHERE name = ?').get(spec.name) !== undefined) {
    throw new AppError('BAD_REQUEST', `There is already a column called “${spec.name}”.`);
  }
  const categorical = spec.kind === 'category' || spec.kind === 'ordinal';
  if (!categorical && spec.categories.length > 0) {
    throw new AppError('BAD_REQUEST', `A ${spec.kind} column has no categories of its own.`);
  }
  if (new Set(spec.categories).size !== spec.categories.length) {
    throw new AppError('BAD_REQUEST', 'The categories of the new column must all be different.');
  }
  const categories = spec.kind === 'flag' ? [...FLAG_CATEGORIES] : spec.categories;
  const cohorts = COHORTS.filter((cohort) => spec.cohorts.includes(cohort));
  const position =
    (db.prepare('SELECT coalesce(max(position), -1) AS p FROM codebook_columns').get() as { p: number }).p + 1;
  db.prepare(
    `INSERT INTO codebook_columns
    (name, label, kind, cohorts, open, role, derived_from, description, custom, position)
    VALUES (?, ?, ?, ?, ?, ?, NULL, ?, 1, ?)`,
  ).run(
    spec.name,
    spec.label,
    spec.kind,
    JSON.stringify(cohorts),
    spec.open ? 1 : 0,
    spec.role,
    spec.description ?? null,
    position,
  );
  const insert = db.prepare(
    'INSERT INTO categories (column_name, code, label, position, custom) VALUES (?, ?, ?, ?, 1)',
  );
  categories.forEach((label, code) => insert.run(spec.name, code, label, code));
  // The name passed COLUMN_NAME_PATTERN and the type comes from a closed list: safe to splice.
  for (const cohort of cohorts) db.exec(`ALTER TABLE ${cohort} ADD COLUMN "${spec.name}" ${sqlTypeOf(spec.kind)}`);

  const column: CodebookColumn = {
    name: spec.name,
    label: spec.label,
    kind: spec.kind,
    cohorts,
    categories,
    open: spec.open,
    role: spec.role,
  };
  if (spec.description !== undefined) column.description = spec.description;
  return column;
}
