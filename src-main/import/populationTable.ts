// Population tables (denominators for rates per 1,000), stored by name: a CSV with `district`,
// `population` and optionally `age_band` and `sex`, checked against the codebook (the sample's
// layout), or an ONS mid-year estimates table in CSV or XLSX (onsPopulation.ts).
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import Papa from 'papaparse';
import { AGE_BANDS, DISTRICTS, SEXES } from '../../shared/codebook.ts';
import { AppError } from '../../shared/errors.ts';
import { allPopulationRows, populationRowsOf, replacePopulationTable } from '../store/populationWrites.ts';
import { safePoint, stopIfCancelled, type Steps } from '../store/safePoints.ts';
import type { Workspace } from '../store/workspace.ts';
import { readOnsPopulation } from './onsPopulation.ts';
import { openSource } from './openSource.ts';

export interface PopulationImport {
  name: string;
  rows: number;
  total: number;
}

function check(
  values: readonly string[],
  value: string | undefined,
  column: string,
  file: string,
  line: number,
): string | null {
  if (value === undefined || value.trim() === '') return null;
  const trimmed = value.trim();
  if (!values.includes(trimmed)) {
    throw new AppError(
      'INVALID_FILE',
      `${file}, row ${line}, column ${column}: “${trimmed}” is not a codebook category (${values.join(', ')}).`,
    );
  }
  return trimmed;
}

/** The table's records by column name, every header and value trimmed; a malformed file is refused. */
function readRecords(text: string, file: string): Array<Record<string, string>> {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    delimiter: ',',
    skipEmptyLines: true,
    transformHeader: (header) => header.trim(),
    transform: (value) => value.trim(),
  });
  const error = parsed.errors[0];
  if (error) {
    const where = error.row === undefined ? '' : `, row ${error.row + 2}`;
    throw new AppError('INVALID_FILE', `${file}${where}: the table cannot be read (${error.message}).`);
  }
  return parsed.data;
}

/** Replaces the table `name` with `rows`, in one transaction. */
function storePopulation(
  workspace: Workspace,
  name: string,
  rows: ReadonlyArray<{ district: string; ageBand: string | null; sex: string | null; population: number }>,
): void {
  replacePopulationTable(workspace.db, name, rows);
}

export async function importPopulationTable(
  workspace: Workspace,
  name: string,
  path: string,
  steps: Steps = {},
): Promise<PopulationImport> {
  const file = basename(path);
  const records = readRecords(await readFile(path, 'utf8'), file);
  if (records.length === 0 || !('district' in (records[0] ?? {})) || !('population' in (records[0] ?? {}))) {
    throw new AppError(
      'INVALID_FILE',
      `${file} needs the columns district and population (and optionally age_band and sex).`,
    );
  }
  const rows = records.map((r, i) => {
    const line = i + 2;
    const population = Number(r.population);
    if (!Number.isFinite(population) || population < 0) {
      throw new AppError(
        'INVALID_FILE',
        `${file}, row ${line}, column population: “${r.population ?? ''}” is not a non-negative number.`,
      );
    }
    return {
      district: check(DISTRICTS, r.district, 'district', file, line) ?? 'Unknown',
      ageBand: check(AGE_BANDS, r.age_band, 'age_band', file, line),
      sex: check(SEXES, r.sex, 'sex', file, line),
      population,
    };
  });
  // The last point a cancel leaves everything as it was: the write below is one short transaction.
  stopIfCancelled(steps, cancelledWork(file));
  storePopulation(workspace, name, rows);
  const total = rows.reduce((sum, r) => sum + r.population, 0);
  workspace.audit.append('population.import', { name, file, rows: rows.length });
  return { name, rows: rows.length, total };
}

export interface PopulationFileImport extends PopulationImport {
  /** `ons`: an ONS mid-year estimates table; `codebook`: district, age_band, sex, population. */
  format: 'ons' | 'codebook';
  byAge: boolean;
  bySex: boolean;
  /** Population by district, summed. */
  districts: Record<string, number>;
  /** Rows of other areas in the file, left out. */
  otherAreas: number;
  warnings: string[];
}

const cancelledWork = (file: string): string => `The population import of ${file}`;

/**
 * Every row of a CSV or XLSX file as cells, title lines included (a workbook's first row too).
 * A cancel is heard between batches of rows, each reported as read.
 */
async function gridOf(path: string, sheet: string | undefined, steps: Steps): Promise<string[][]> {
  const source = await openSource(path, { header: false, ...(sheet === undefined ? {} : { sheet }) });
  try {
    const grid: string[][] = source.hasHeader === false ? [] : [[...source.headers]];
    for await (const batch of source.batches()) {
      for (const row of batch) grid.push(row.cells);
      await safePoint(steps, cancelledWork(basename(path)), { phase: 'reading', done: grid.length, total: null });
    }
    return grid;
  } finally {
    await source.close();
  }
}

/**
 * A population table from a CSV or XLSX file: an ONS mid-year estimates table (by district;
 * by sex and single year of age, banded on import), or the codebook's own layout (district,
 * age_band, sex, population, as the sample's). Replaces the table of that name.
 */
export async function importPopulationFile(
  workspace: Workspace,
  name: string,
  path: string,
  options: { sheet?: string; steps?: Steps } = {},
): Promise<PopulationFileImport> {
  const steps = options.steps ?? {};
  const file = basename(path);
  if (!POPULATION_NAME.test(name))
    throw new AppError(
      'BAD_REQUEST',
      `“${name}” cannot name a population table: use letters, digits, - and _ (up to 100).`,
    );
  const grid = await gridOf(path, options.sheet, steps);
  const first = (grid[0] ?? []).map((c) => c.replace(/^\uFEFF/, '').trim());
  if (first.includes('district') && first.includes('population') && extname(path).toLowerCase() !== '.xlsx') {
    const imported = await importPopulationTable(workspace, name, path, steps);
    const rows = populationRowsOf(workspace.db, name);
    return {
      ...imported,
      format: 'codebook',
      byAge: rows.some((r) => r.age_band !== null),
      bySex: rows.some((r) => r.sex !== null),
      districts: sumByDistrict(rows.map((r) => ({ district: r.district, population: r.population }))),
      otherAreas: 0,
      warnings: [],
    };
  }
  const table = readOnsPopulation(grid, file);
  stopIfCancelled(steps, cancelledWork(file));
  storePopulation(workspace, name, table.rows);
  const total = table.rows.reduce((sum, r) => sum + r.population, 0);
  workspace.audit.append('population.import', {
    name,
    file,
    format: 'ons',
    rows: table.rows.length,
    byAge: table.byAge,
    bySex: table.bySex,
    otherAreas: table.otherAreas,
  });
  return {
    name,
    rows: table.rows.length,
    total,
    format: 'ons',
    byAge: table.byAge,
    bySex: table.bySex,
    districts: sumByDistrict(table.rows),
    otherAreas: table.otherAreas,
    warnings: table.warnings,
  };
}

const POPULATION_NAME = /^[A-Za-z0-9][A-Za-z0-9 _-]{0,99}$/;

function sumByDistrict(rows: ReadonlyArray<{ district: string; population: number }>): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const r of rows) sums[r.district] = (sums[r.district] ?? 0) + r.population;
  return sums;
}

/** The population tables of the workspace, as `vso population list` and the Data screen show them. */
export function listPopulationTables(workspace: Workspace): Array<{
  name: string;
  rows: number;
  total: number;
  byAge: boolean;
  bySex: boolean;
  districts: Record<string, number>;
}> {
  const rows = allPopulationRows(workspace.db);
  const tables = new Map<string, typeof rows>();
  for (const r of rows) tables.set(r.name, [...(tables.get(r.name) ?? []), r]);
  return [...tables].map(([name, list]) => ({
    name,
    rows: list.length,
    total: list.reduce((s, r) => s + r.population, 0),
    byAge: list.some((r) => r.age_band !== null),
    bySex: list.some((r) => r.sex !== null),
    districts: sumByDistrict(list),
  }));
}
