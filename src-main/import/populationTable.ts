// Population tables (denominators for rates per 1,000): a CSV with `district`, `population`
// and optionally `age_band` and `sex`, checked against the codebook and stored by name.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import Papa from 'papaparse';
import { AGE_BANDS, DISTRICTS, SEXES } from '../../shared/codebook.ts';
import { AppError } from '../../shared/errors.ts';
import type { Workspace } from '../store/workspace.ts';

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

export async function importPopulationTable(
  workspace: Workspace,
  name: string,
  path: string,
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
  const db = workspace.db;
  db.transaction(() => {
    db.prepare('DELETE FROM populations WHERE name = ?').run(name);
    const insert = db.prepare(
      'INSERT INTO populations (name, district, age_band, sex, population) VALUES (?, ?, ?, ?, ?)',
    );
    for (const r of rows) insert.run(name, r.district, r.ageBand, r.sex, r.population);
  })();
  const total = rows.reduce((sum, r) => sum + r.population, 0);
  workspace.audit.append('population.import', { name, file, rows: rows.length });
  return { name, rows: rows.length, total };
}
