// Retention on real imports: a messy extract's rejected rows (keyed by its own headers, "Date
// Committed") go by their date like the records; the labels of open columns that only purged
// or deleted records used go with them; context rows go by their month. Expected numbers are
// read a second way: dates parsed here by hand from the raw values, labels from the records kept.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateFixture } from '../../../src-main/sample/generator/generate.ts';
import { importContextDataset } from '../../../src-main/import/contextDataset.ts';
import { inferContextColumns } from '../../../src-main/import/contextColumns.ts';
import { runImport } from '../../../src-main/import/runImport.ts';
import { Workspace } from '../../../src-main/store/workspace.ts';
import { streetCrimeCsv } from '../../helpers/streetCrime.ts';
import { PASSPHRASE, tempDir } from './storeTestKit.ts';

let dir: string;
let cleanup: () => void;
const open: Workspace[] = [];
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => {
  for (const ws of open.splice(0)) if (ws.isOpen) ws.close();
  cleanup();
});

function workspace(name: string): Workspace {
  const ws = Workspace.create(join(dir, name), PASSPHRASE);
  open.push(ws);
  return ws;
}

async function extract(seed: number, rows: number): Promise<string> {
  const out = join(dir, `victims-${seed}.csv`);
  await generateFixture({ cohort: 'victims', rows, seed, dialect: 'messy', out });
  return out;
}

/**
 * The messy dialect's date cells, read without the importer: dd/mm/yyyy (a time after it) of a
 * day that exists (not 31/02/2021), or an Excel serial.
 */
function handParsedDate(cell: unknown): string | null {
  if (typeof cell !== 'string') return null;
  const uk = /^\s*(\d{2})\/(\d{2})\/(\d{4})(?:\s+\d{2}:\d{2})?\s*$/.exec(cell);
  if (uk) {
    const iso = `${uk[3]}-${uk[2]}-${uk[1]}`;
    const day = new Date(`${iso}T00:00:00Z`);
    return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(iso) ? iso : null;
  }
  if (/^\s*\d{5}\s*$/.test(cell))
    return new Date(Date.UTC(1899, 11, 30) + Number(cell) * 86_400_000).toISOString().slice(0, 10);
  return null;
}

const OPEN_COLUMNS = ['lsoa', 'offence_subgroup', 'month', 'financial_year'];

/** Labels of the open columns, as "column label" lines, sorted. */
function openLabels(ws: Workspace): string[] {
  return (
    ws.db
      .prepare(
        `SELECT column_name || ' ' || label FROM categories WHERE column_name IN (${OPEN_COLUMNS.map(() => '?').join(', ')})`,
      )
      .pluck()
      .all(...OPEN_COLUMNS) as string[]
  ).sort();
}

/** The labels the victims records with a date from `cutoff` on use, per open column. */
function labelsUsedFrom(ws: Workspace, cutoff: string): string[] {
  const used: string[] = [];
  for (const column of OPEN_COLUMNS) {
    used.push(
      ...(ws.db
        .prepare(
          `SELECT DISTINCT '${column} ' || c.label FROM victims v JOIN categories c ON c.column_name = ? AND c.code = v."${column}" WHERE v.date >= ?`,
        )
        .pluck()
        .all(column, cutoff) as string[]),
    );
  }
  return used.sort();
}

describe('retention purge of a real import', () => {
  it('removes the rejected rows dated before the cut-off, read through the extract’s own date header', async () => {
    const ws = workspace('ws.vsow');
    const imported = await runImport(ws, { cohort: 'victims', path: await extract(7, 6000) });
    expect(imported.rejected).toBeGreaterThan(0);
    const rejected = ws.db.prepare('SELECT id, raw FROM rejected_rows').all() as Array<{ id: number; raw: string }>;
    const cutoff = '2021-06-30';
    const old = rejected.filter((row) => {
      const date = handParsedDate((JSON.parse(row.raw) as Record<string, unknown>)['Date Committed']);
      return date !== null && date < cutoff;
    });
    // The test means something only when some go and some stay.
    expect(old.length).toBeGreaterThan(0);
    expect(old.length).toBeLessThan(rejected.length);
    const recordsBefore = ws.db.prepare('SELECT count(*) FROM victims WHERE date < ?').pluck().get(cutoff) as number;
    const labelsBefore = openLabels(ws);
    const keptLabels = labelsUsedFrom(ws, cutoff);
    expect(keptLabels.length).toBeLessThan(labelsBefore.length);

    const preview = ws.retentionPreview(4, '2025-06-30');
    expect(preview).toMatchObject({ cutoff, total: recordsBefore, rejectedRows: old.length });
    const purged = await ws.purgeRetention(4, '2025-06-30');
    expect(purged).toMatchObject({ cutoff, total: recordsBefore, rejectedRows: old.length });
    expect(purged.records).toEqual({ victims: recordsBefore, suspects: 0, offenders: 0 });

    const left = new Set(ws.db.prepare('SELECT id FROM rejected_rows').pluck().all() as number[]);
    expect(old.filter((row) => left.has(row.id))).toEqual([]);
    expect(left.size).toBe(rejected.length - old.length);
    // The labels left are exactly those the records kept use; the report counts those that went.
    expect(openLabels(ws)).toEqual(keptLabels);
    expect(purged.labels).toBe(labelsBefore.length - keptLabels.length);
    expect(ws.codebook().columns.find((c) => c.name === 'lsoa')?.categories.length).toBe(
      keptLabels.filter((l) => l.startsWith('lsoa ')).length,
    );
    const entry = ws.audit.list({ action: 'retention.purge' })[0];
    expect(entry?.detail).toMatchObject({ rejectedRows: old.length, labels: purged.labels, total: recordsBefore });
  });

  it('removes a rejected row with no readable date when its batch was imported before the cut-off', async () => {
    const ws = workspace('ws.vsow');
    const imported = await runImport(ws, { cohort: 'victims', path: await extract(3, 4000) });
    const undated = ws.db.prepare('SELECT count(*) FROM rejected_rows WHERE date IS NULL').pluck().get() as number;
    expect(undated).toBeGreaterThan(0);
    // Ten years on from the import day, everything of the batch is older than a five-year cut-off.
    const importedOn = ws.listBatches()[0]?.finishedAt?.slice(0, 10) ?? '';
    const today = `${Number(importedOn.slice(0, 4)) + 10}${importedOn.slice(4)}`;
    const purged = await ws.purgeRetention(5, today);
    expect(purged.rejectedRows).toBe(imported.rejected);
    expect(purged.total).toBe(imported.accepted);
    expect(ws.db.prepare('SELECT count(*) FROM rejected_rows').pluck().get()).toBe(0);
    expect(openLabels(ws)).toEqual([]);
  });

  it('removes context rows of months before the cut-off month, and their labels no row uses', async () => {
    const ws = workspace('ws.vsow');
    const rows = 90;
    const csv = join(dir, 'street.csv');
    writeFileSync(csv, streetCrimeCsv(rows));
    const inferred = await inferContextColumns(csv, { hasLsoaLookup: false });
    await importContextDataset(ws, { name: 'street', path: csv, columns: inferred.columns, districtFrom: null });
    // Months 2023-01 to 2023-09 in turn; a cut-off of 15 April 2023 takes January to March.
    const expected = Array.from({ length: rows }, (_, i) => 1 + (i % 9)).filter((month) => month < 4).length;
    const preview = ws.retentionPreview(2, '2025-04-15');
    expect(preview.contextRows).toEqual({ street: expected });
    const purged = await ws.purgeRetention(2, '2025-04-15');
    expect(purged.contextRows).toEqual({ street: expected });
    expect(ws.db.prepare('SELECT count(*) FROM ctx_street').pluck().get()).toBe(rows - expected);
    expect(ws.db.prepare(`SELECT rows FROM context_datasets WHERE name = 'street'`).pluck().get()).toBe(
      rows - expected,
    );
    // Every label left is one a row left uses.
    const datasetId = ws.db.prepare(`SELECT id FROM context_datasets WHERE name = 'street'`).pluck().get();
    for (const column of inferred.columns.filter((c) => c.included && c.kind === 'category')) {
      const labels = ws.db
        .prepare('SELECT code FROM context_categories WHERE dataset_id = ? AND column_name = ? ORDER BY code')
        .pluck()
        .all(datasetId, column.name);
      const used = ws.db
        .prepare(`SELECT DISTINCT "${column.name}" FROM ctx_street WHERE "${column.name}" IS NOT NULL ORDER BY 1`)
        .pluck()
        .all();
      expect(labels, column.name).toEqual(used);
    }
  });
});

describe('deleting a batch', () => {
  it('leaves the labels as if the batch had never been imported', async () => {
    const first = await extract(1, 1500);
    const second = await extract(2, 1500);
    const once = workspace('once.vsow');
    await runImport(once, { cohort: 'victims', path: first });
    const twice = workspace('twice.vsow');
    await runImport(twice, { cohort: 'victims', path: first });
    const added = await runImport(twice, { cohort: 'victims', path: second });
    const labelsWithBoth = openLabels(twice);
    expect(labelsWithBoth.length).toBeGreaterThan(openLabels(once).length);

    const deleted = twice.deleteBatch(added.batchId);
    expect(openLabels(twice)).toEqual(openLabels(once));
    expect(deleted.labels).toBe(labelsWithBoth.length - openLabels(once).length);
    expect(twice.audit.list({ action: 'batch.delete' })[0]?.detail).toMatchObject({ labels: deleted.labels });
  });
});
