// Population denominators for rates: tables the analyst imports into `populations`
// (by district, optionally by age band and sex). A rate is possible only for tables whose
// dimensions are among district, age_band and sex.
import { readPopulationTables, type StoreDatabase } from '../store/snapshotReader.ts';
import { AppError } from '../../shared/errors.ts';

export const RATE_FIELDS = ['district', 'age_band', 'sex'] as const;
type RateField = (typeof RATE_FIELDS)[number];

export interface PopulationRow {
  district: string;
  age_band: string | null;
  sex: string | null;
  population: number;
}

export type PopulationTables = ReadonlyMap<string, readonly PopulationRow[]>;

export function loadPopulations(db: StoreDatabase): Map<string, PopulationRow[]> {
  const rows = readPopulationTables(db);
  const tables = new Map<string, PopulationRow[]>();
  for (const { name, ...row } of rows) {
    const list = tables.get(name) ?? [];
    list.push(row);
    tables.set(name, list);
  }
  return tables;
}

/** Throws INVALID_SPEC unless a rate can be computed for these fields from that table. */
export function checkRateSpec(
  fields: readonly string[],
  name: string,
  tables: PopulationTables,
): readonly PopulationRow[] {
  const other = fields.filter((f) => !(RATE_FIELDS as readonly string[]).includes(f));
  if (other.length > 0) {
    throw new AppError(
      'INVALID_SPEC',
      `Rates per population need a table by district, age_band or sex only; ${other.join(', ')} has no population denominator. Remove the rate or those fields.`,
    );
  }
  const table = tables.get(name);
  if (!table || table.length === 0) {
    const known = [...tables.keys()];
    throw new AppError(
      'INVALID_SPEC',
      `There is no population table "${name}" in this workspace; ${known.length ? `use one of: ${known.join(', ')}` : 'import one first'}.`,
    );
  }
  for (const field of ['age_band', 'sex'] as const) {
    if (fields.includes(field) && !table.some((r) => r[field] !== null)) {
      throw new AppError(
        'INVALID_SPEC',
        `The population table "${name}" has no breakdown by ${field}, so rates by ${field} cannot be computed.`,
      );
    }
  }
  return table;
}

/** Population of each cell key (values of `fields`), from the coarsest level of the table that covers them. */
export function denominators(
  fields: readonly string[],
  keys: readonly (readonly string[])[],
  table: readonly PopulationRow[],
): (number | null)[] {
  const optional = (['age_band', 'sex'] as const).filter((f) => fields.includes(f));
  const usable = table.filter((r) => optional.every((f) => r[f] !== null));
  const levelOf = (r: PopulationRow): number => (r.age_band !== null ? 1 : 0) + (r.sex !== null ? 1 : 0);
  const coarsest = Math.min(...usable.map(levelOf));
  const rows = usable.filter((r) => levelOf(r) === coarsest);
  const index = fields.map((f) => f as RateField);
  const sums = new Map<string, number>();
  for (const row of rows) {
    const key = JSON.stringify(index.map((f) => row[f]));
    sums.set(key, (sums.get(key) ?? 0) + row.population);
  }
  return keys.map((key) => {
    const population = sums.get(JSON.stringify(key));
    return population && population > 0 ? population : null;
  });
}
