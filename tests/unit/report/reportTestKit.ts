// Shared by the report API tests: the real services and dispatcher on a real encrypted
// workspace in a temp folder, filled from generated extracts; and a "next year" extract
// made from a second generated file whose dates move one year on.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Cohort } from '../../../shared/codebook.ts';
import type { QuerySpec } from '../../../shared/query.ts';
import { generateFixture } from '../../../src-main/sample/generator/generate.ts';
import { runImport } from '../../../src-main/import/runImport.ts';
import { createDispatcher, type Dispatcher } from '../../../src-main/ipc/dispatcher.ts';
import { createHandlers } from '../../../src-main/ipc/createHandlers.ts';
import { createMainServices, type MainServices } from '../../../src-main/ipc/mainServices.ts';
import { RecentWorkspaces } from '../../../src-main/app/workspace/recentWorkspaces.ts';
import { changeData } from '../../../src-main/app/workspace/dataChange.ts';
import { WorkspaceSession } from '../../../src-main/app/workspace/workspaceSession.ts';

export const PASSPHRASE = 'correct horse battery staple 42!';

export interface ReportWorld {
  dir: string;
  services: MainServices;
  dispatcher: Dispatcher;
  file(name: string): string;
  /** Imports a file into the open workspace and reloads the engine, as import.run does. */
  importFile(cohort: Cohort, path: string): Promise<number>;
  close(): Promise<void>;
}

export async function openWorld(): Promise<ReportWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'vso-report-'));
  const session = new WorkspaceSession({ recent: new RecentWorkspaces(join(dir, 'recent.json')) });
  const services = createMainServices({ mode: 'browser', modeReason: 'test', session });
  const dispatcher = createDispatcher(createHandlers(services), 'test');
  await dispatcher.call('workspace.create', { path: join(dir, 'team.vsow'), passphrase: PASSPHRASE });
  // Generated data: the exports say so (and name no file or import date in their source line).
  // Written in the write queue: outside it the app's connection is read-only.
  await session.exclusive(async () =>
    session.current().db.prepare(`INSERT OR REPLACE INTO meta (key, value) VALUES ('synthetic', '1')`).run(),
  );
  return {
    dir,
    services,
    dispatcher,
    file: (name) => join(dir, name),
    async importFile(cohort, path) {
      // As the app changes data: the import, the engine's reload and flagged figures, all in one turn.
      const result = await changeData(session, (ws) => runImport(ws, { cohort, path }));
      return result.accepted;
    },
    async close() {
      await services.shutdown?.();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A canonical extract of one cohort, deterministic for the seed. */
export async function generated(world: ReportWorld, cohort: Cohort, rows: number, seed: number): Promise<string> {
  const out = world.file(`${cohort}-${seed}-${rows}.csv`);
  await generateFixture({ cohort, rows, seed, dialect: 'canonical', out });
  return out;
}

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Saves each query as a table figure of that name and title: records of victims unless it says otherwise. */
export async function saveTableFigures(world: ReportWorld, figures: Record<string, Partial<QuerySpec>>): Promise<void> {
  for (const [name, query] of Object.entries(figures)) {
    await world.dispatcher.call('figures.save', {
      figure: {
        name,
        title: name,
        chart: 'table',
        query: { cohort: 'victims', measure: 'records', ...query } as QuerySpec,
      },
      overwrite: true,
    });
  }
}

/** Exports a saved figure's table as CSV to `path`, through the export session as the screen does. */
export function exportFigureCsv(world: ReportWorld, name: string, path: string) {
  return world.dispatcher.call('export.figure', { name, format: 'csv', path });
}

/**
 * Next year's extract: the records of one financial year of a generated file (another seed),
 * with every date moved on one year, so they fall in the following financial year.
 */
export function nextYearExtract(source: string, year: string, out: string): number {
  const start = Number.parseInt(year.slice(0, 4), 10);
  const from = `${start}-04-01`;
  const to = `${start + 1}-03-31`;
  const rows = parse(readFileSync(source, 'utf8'), { columns: true, bom: true }) as Array<Record<string, string>>;
  const kept = rows.filter((r) => (r.date ?? '') >= from && (r.date ?? '') <= to && !(r.date ?? '').endsWith('-02-29'));
  const headers = Object.keys(rows[0] ?? {});
  const lines = [headers.map(csvCell).join(',')];
  for (const row of kept) {
    const date = row.date ?? '';
    const moved: Record<string, string> = {
      ...row,
      date: `${Number.parseInt(date.slice(0, 4), 10) + 1}${date.slice(4)}`,
    };
    lines.push(headers.map((h) => csvCell(moved[h] ?? '')).join(','));
  }
  writeFileSync(out, `${lines.join('\n')}\n`);
  return kept.length;
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The content of every <text> element of an SVG, unescaped, in document order. */
export function svgTextsOf(svg: string): string[] {
  return [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) =>
    (m[1] ?? '').replace(/&(amp|lt|gt|quot|apos);/g, (_all, name: string) => ENTITIES[name] ?? ''),
  );
}
