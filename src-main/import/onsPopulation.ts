// ONS mid-year population estimates as the analyst downloads them, made into population rows
// by district (and, when the table has them, by sex and age band): the wide tables (MYE2: a
// code, a name, "All ages", then one column per single year of age 0 to 90+, under a few lines
// of title) and the long ones (a district code or name, sex, age and a count per row, as Nomis
// and the MYEB tables give them). Districts are found by their ONS code, else by their name;
// the rows of other areas (England, the county, other districts) are counted and left out.
// Single years of age are banded into the codebook's age bands on import.
import { AGE_BANDS, DISTRICT_CODES, DISTRICTS } from '../../shared/codebook.ts';
import { AppError } from '../../shared/errors.ts';

export interface OnsPopulationRow {
  district: string;
  ageBand: string | null;
  sex: string | null;
  population: number;
}

export interface OnsPopulationTable {
  rows: OnsPopulationRow[];
  /** Rows of the file read as data (after the header line). */
  rowsRead: number;
  /** Rows of other areas, left out. */
  otherAreas: number;
  byAge: boolean;
  bySex: boolean;
  /** The line of the header (1-based), and the columns used. */
  headerLine: number;
  columns: { district: string; population: string | null; sex: string | null; age: string | null; ages: number };
  warnings: string[];
}

const SIX = DISTRICTS.filter((d) => d !== 'Outside area' && d !== 'Unknown');
const HEADER_SEARCH_LINES = 30;
const CODE = /^[EWSNK]\d{8}$/;
const SINGLE_AGE = /^(\d{1,3})(\+| and over| plus)?$/i;

/** The codebook's age band of a single year of age. */
export function ageBand(age: number): string {
  if (age < 10) return '0-9';
  if (age < 18) return '10-17';
  if (age < 25) return '18-24';
  if (age >= 65) return '65+';
  const start = Math.floor((age - 5) / 10) * 10 + 5; // 25-34, 35-44, 45-54, 55-64
  return `${start}-${start + 9}`;
}

function sexOf(raw: string): string | null | undefined {
  const v = raw.trim().toLowerCase();
  if (['m', 'male', 'males', '1'].includes(v)) return 'Male';
  if (['f', 'female', 'females', '2'].includes(v)) return 'Female';
  if (['', 'p', 'persons', 'person', 'all', 'all persons', 'total', '0'].includes(v)) return null;
  return undefined;
}

/** A count: digits, maybe with thousands commas or a decimal part (ONS rounding). */
function countOf(raw: string): number | null {
  const v = raw.trim().replace(/,/g, '');
  if (!/^\d+(\.\d+)?$/.test(v)) return null;
  return Number(v);
}

function districtByName(raw: string): string | undefined {
  const v = raw.trim().toLowerCase();
  return SIX.find((d) => d.toLowerCase() === v);
}

interface Layout {
  line: number;
  code: number;
  name: number;
  sex: number;
  age: number;
  population: number;
  /** Wide tables: single-year columns and their ages. */
  ages: Array<{ index: number; age: number }>;
}

/** The header line and its columns: the first line of the top 30 naming a district column and a count. */
function findLayout(grid: ReadonlyArray<readonly string[]>, file: string): Layout {
  for (let line = 0; line < Math.min(grid.length, HEADER_SEARCH_LINES); line++) {
    const cells = (grid[line] ?? []).map((c) => c.trim().toLowerCase());
    const find = (test: (c: string) => boolean): number => cells.findIndex(test);
    const code = find((c) =>
      /^(code|area code|geography code|ladcode\d*|lad\d*cd|ltla\d*cd|area_code|geography_code)$/.test(c),
    );
    const name = find((c) =>
      /^(name|area name|area|geography|laname\d*|lad\d*nm|ltla\d*nm|district|local authority|area_name|geography_name)$/.test(
        c,
      ),
    );
    if (code < 0 && name < 0) continue;
    const ages = cells
      .map((c, index) => ({ c, index }))
      .filter(({ c, index }) => index !== code && index !== name && SINGLE_AGE.test(c))
      .map(({ c, index }) => ({ index, age: Number(SINGLE_AGE.exec(c)?.[1]) }));
    const population = find((c) =>
      /^(all ages|all_ages|population|population[ _]\d{4}|mid-\d{4}|count|obs_value|observation|value|persons|total)$/.test(
        c,
      ),
    );
    const sex = find((c) => /^(sex|gender|sex_name)$/.test(c));
    const age = find((c) => /^(age|age_name|single year of age)$/.test(c));
    if (population < 0 && ages.length === 0) continue;
    return { line, code, name, sex, age, population, ages };
  }
  throw new AppError(
    'INVALID_FILE',
    `${file}: no header line naming a district (a column such as Code, Name, ladcode or LAD19CD) and a population (All ages, single years 0 to 90, or a population or count column) in its first ${HEADER_SEARCH_LINES} lines. Choose an ONS mid-year estimates table by local authority.`,
  );
}

/** Reads an ONS mid-year estimates table (its rows of cells, title lines included). */
export function readOnsPopulation(grid: ReadonlyArray<readonly string[]>, file: string): OnsPopulationTable {
  const layout = findLayout(grid, file);
  const header = grid[layout.line] ?? [];
  const sums = new Map<string, OnsPopulationRow>();
  const warnings: string[] = [];
  let rowsRead = 0;
  let otherAreas = 0;
  const add = (district: string, ageBandLabel: string | null, sex: string | null, population: number): void => {
    const key = `${district}|${ageBandLabel ?? ''}|${sex ?? ''}`;
    const row = sums.get(key);
    if (row) row.population += population;
    else sums.set(key, { district, ageBand: ageBandLabel, sex, population });
  };
  for (let i = layout.line + 1; i < grid.length; i++) {
    const cells = grid[i] as readonly string[];
    if (cells.every((c) => c.trim() === '')) continue;
    rowsRead++;
    const line = i + 1;
    const where = (column: string): string => `${file}, line ${line}, column ${column}`;
    const codeText = layout.code >= 0 ? (cells[layout.code] ?? '').trim().toUpperCase() : '';
    let district: string | undefined;
    if (CODE.test(codeText)) district = DISTRICT_CODES[codeText];
    else if (layout.name >= 0) district = districtByName(cells[layout.name] ?? '');
    if (district === undefined) {
      otherAreas++;
      continue;
    }
    let sex: string | null = null;
    if (layout.sex >= 0) {
      const s = sexOf(cells[layout.sex] ?? '');
      if (s === undefined)
        throw new AppError(
          'INVALID_FILE',
          `${where(header[layout.sex] ?? 'sex')}: “${cells[layout.sex] ?? ''}” is not a sex (M, F, 1, 2, Male, Female or Persons).`,
        );
      sex = s;
    }
    if (layout.ages.length > 0) {
      for (const { index, age } of layout.ages) {
        const n = countOf(cells[index] ?? '');
        if (n === null)
          throw new AppError(
            'INVALID_FILE',
            `${where(header[index] ?? String(age))}: “${cells[index] ?? ''}” is not a population count.`,
          );
        add(district, ageBand(age), sex, n);
      }
      if (layout.population >= 0) {
        const all = countOf(cells[layout.population] ?? '');
        const sum = layout.ages.reduce((s, { index }) => s + (countOf(cells[index] ?? '') ?? 0), 0);
        if (all !== null && Math.abs(all - sum) > 0.5)
          warnings.push(
            `${file}, line ${line}: ${district}'s single years add up to ${sum}, not the ${all} of ${header[layout.population]}; the single years are used.`,
          );
      }
      continue;
    }
    const n = countOf(cells[layout.population] ?? '');
    if (n === null)
      throw new AppError(
        'INVALID_FILE',
        `${where(header[layout.population] ?? 'population')}: “${cells[layout.population] ?? ''}” is not a population count.`,
      );
    let band: string | null = null;
    if (layout.age >= 0) {
      const ageText = (cells[layout.age] ?? '').trim();
      const single = SINGLE_AGE.exec(ageText);
      if (single) {
        band = ageBand(Number(single[1]));
      } else if (!/^(all ages|all|total|)$/i.test(ageText))
        throw new AppError(
          'INVALID_FILE',
          `${where(header[layout.age] ?? 'age')}: “${ageText}” is not a single year of age.`,
        );
    }
    add(district, band, sex, n);
  }
  let rows = [...sums.values()];
  // The finest breakdown the table has: totals beside it (all ages, persons) would count twice.
  const byAge = rows.some((r) => r.ageBand !== null);
  const bySex = rows.some((r) => r.sex !== null);
  if (byAge) rows = rows.filter((r) => r.ageBand !== null);
  if (bySex) rows = rows.filter((r) => r.sex !== null);
  if (rows.length === 0) {
    throw new AppError(
      'INVALID_FILE',
      `${file}: none of its ${rowsRead} rows is one of Cambridgeshire and Peterborough's six districts (by ONS code such as E07000008, or by name).`,
    );
  }
  const found = new Set(rows.map((r) => r.district));
  const missing = SIX.filter((d) => !found.has(d));
  if (missing.length > 0)
    warnings.push(
      `${file} has no rows for ${missing.join(', ')}: rates cannot be given for ${missing.length > 1 ? 'them' : 'it'}.`,
    );
  const order = (r: OnsPopulationRow): number =>
    SIX.indexOf(r.district as (typeof SIX)[number]) * 1000 +
    (r.ageBand === null ? 0 : (AGE_BANDS as readonly string[]).indexOf(r.ageBand)) * 10 +
    (r.sex === 'Male' ? 1 : 0);
  rows.sort((a, b) => order(a) - order(b));
  return {
    rows,
    rowsRead,
    otherAreas,
    byAge,
    bySex,
    headerLine: layout.line + 1,
    columns: {
      district: header[layout.code >= 0 ? layout.code : layout.name] ?? '',
      population: layout.population >= 0 ? (header[layout.population] ?? null) : null,
      sex: layout.sex >= 0 ? (header[layout.sex] ?? null) : null,
      age: layout.age >= 0 ? (header[layout.age] ?? null) : null,
      ages: layout.ages.length,
    },
    warnings,
  };
}
