// A small release whose protection is slow: Explore's typical 10 x 5 table (area by offence)
// with two earlier tables of the same release linked to it, each protected in turn as the app
// would, from one seeded cube of records (area x offence x sex x age) full of small counts. Its
// linear programs take the main thread well over 50 ms, though it holds under 1,000 numbers.
import { type ReleaseInput, protectInRelease, type EarlierTable } from '../../src-main/disclosure/protectRelease.ts';
import type { RawTable } from '../../src-main/disclosure/queryTable.ts';
import type { Scope } from '../../src-main/disclosure/tableModel.ts';

const AREAS = Array.from({ length: 10 }, (_, i) => `Area ${i + 1}`);
const OFFENCES = ['Assault', 'Burglary', 'Criminal damage', 'Fraud', 'Theft'];
const SEXES = ['F', 'M'];
const AGES = ['0-17', '18-39', '40+'];
export const DOMAINS = { area: AREAS, offence: OFFENCES, sex: SEXES, age: AGES };
type Field = keyof typeof DOMAINS;
const FIELDS: readonly Field[] = ['area', 'offence', 'sex', 'age'];

/** Records per area, offence, sex and age, from a fixed seed: the smaller `scale`, the more small counts. */
function cube(seed: number, scale: number): Map<string, number> {
  let state = seed;
  const next = (): number => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const counts = new Map<string, number>();
  for (const area of AREAS)
    for (const offence of OFFENCES)
      for (const sex of SEXES)
        for (const age of AGES) counts.set([area, offence, sex, age].join('|'), Math.floor(next() ** 2 * scale));
  return counts;
}

/** The records of the cube in every category set: one set per field (a field left out is free). */
function sum(counts: Map<string, number>, within: Partial<Record<Field, readonly string[]>>): number {
  let total = 0;
  for (const [joined, value] of counts) {
    const cell = joined.split('|');
    if (FIELDS.every((field, i) => within[field] === undefined || within[field].includes(cell[i]!))) total += value;
  }
  return total;
}

/** Area by offence under `scope`, raw. */
function areaByOffence(counts: Map<string, number>, scope: Scope): RawTable {
  const rows = AREAS.map((area) =>
    OFFENCES.map((offence) => sum(counts, { ...scope, area: [area], offence: [offence] })),
  );
  const rowTotals = rows.map((row) => row.reduce((a, b) => a + b, 0));
  const colTotals = OFFENCES.map((_, j) => rows.reduce((a, row) => a + row[j]!, 0));
  return {
    counts: rows,
    rowTotals,
    colTotals,
    total: rowTotals.reduce((a, b) => a + b, 0),
    rows: { fields: ['area'], keys: AREAS.map((a) => [a]) },
    cols: { fields: ['offence'], keys: OFFENCES.map((o) => [o]) },
    measure: 'records',
  };
}

function inputFor(counts: Map<string, number>, scope: Scope, earlier: readonly EarlierTable[]): ReleaseInput {
  return {
    earlier,
    raw: areaByOffence(counts, scope),
    scope,
    measure: 'records',
    rule: { threshold: 5 },
    domains: DOMAINS,
    leafValues: async (leaves) =>
      leaves.map((leaf) =>
        sum(counts, {
          ...leaf.scope,
          ...Object.fromEntries(Object.entries(leaf.key).map(([field, category]) => [field, [category]])),
        }),
      ),
  };
}

/** The third table of a release (area by offence, adults) after two published earlier in it (women; men). */
export async function linkedSmallRelease({ seed = 7, scale = 14 } = {}): Promise<ReleaseInput> {
  const counts = cube(seed, scale);
  const scopes: Scope[] = [{ sex: ['F'] }, { sex: ['M'] }, { age: ['18-39', '40+'] }];
  const earlier: EarlierTable[] = [];
  for (const [i, scope] of scopes.slice(0, 2).entries()) {
    const result = await protectInRelease(inputFor(counts, scope, earlier));
    earlier.push({
      label: `table ${i + 1}`,
      fields: ['area', 'offence'],
      scope,
      cells: result.cells.map((c) => ({ key: c.key, value: c.value, hidden: c.status !== 'published' })),
    });
  }
  return inputFor(counts, scopes[2]!, earlier);
}
