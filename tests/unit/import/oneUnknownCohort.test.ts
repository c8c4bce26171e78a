// One Unknown in a cohort, as in a context dataset: a blank cell and a literal "Unknown",
// "unknown", "N/K", " Not known " are one category in every column, closed (district, sex, age
// band: their Unknown), with a "Not stated" (ethnicity: that) and open (LSOA, offence subgroup:
// no category of their own), in the store, the engine's dimension and a filter leaving Unknown
// out. The expected counts come from the values written to the file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src-main/engine/engine.ts';
import { runImport } from '../../../src-main/import/runImport.ts';
import type { Workspace } from '../../../src-main/store/workspace.ts';
import { createWorkspace, TempDir } from './importTestKit.ts';
import { parseQuerySpec } from '../../../shared/query.ts';

const UNKNOWNS = ['', 'Unknown', 'unknown', 'N/K', ' Not known ', 'NK'];
const ROWS = 240;
const isUnknown = (v: string) => UNKNOWNS.includes(v);
/** Column by column: a known value every other row, an unknown spelling between. */
const rows = Array.from({ length: ROWS }, (_, i) => {
  const pick = (known: string) => (i % 2 === 0 ? known : (UNKNOWNS[(i >> 1) % UNKNOWNS.length] as string));
  const pickShifted = (known: string) => (i % 3 === 0 ? known : (UNKNOWNS[i % UNKNOWNS.length] as string));
  return {
    date: `${String((i % 27) + 1).padStart(2, '0')}/05/2021`,
    sex: pick(i % 4 === 0 ? 'Female' : 'Male'),
    district: pickShifted('Fenland'),
    age: pick('18-24'),
    ethnicity: pickShifted('White'),
    lsoa: pick('E01018000'),
    subgroup: pickShifted('Theft from person'),
    offence: 'Theft',
  };
});
const header = 'Offence Date,Gender,District,Age Band,Ethnicity,LSOA,Offence Subgroup,Offence Group';
const csv = [
  header,
  ...rows.map((r) => [r.date, r.sex, r.district, r.age, r.ethnicity, r.lsoa, r.subgroup, r.offence].join(',')),
].join('\n');
const COLUMNS = [
  ['sex', 'sex', 'Unknown'],
  ['district', 'district', 'Unknown'],
  ['age_band', 'age', 'Unknown'],
  ['ethnicity', 'ethnicity', 'Not stated'],
  ['lsoa', 'lsoa', 'Unknown'],
  ['offence_subgroup', 'subgroup', 'Unknown'],
] as const;

const dir = new TempDir();
let ws: Workspace;
let engine: Engine;

beforeAll(async () => {
  ws = createWorkspace(dir, 'unknown.vsow');
  const path = dir.write('victims.csv', csv);
  const result = await runImport(ws, { cohort: 'victims', path, unmapped: 'fail' });
  expect(result.accepted).toBe(ROWS);
  engine = createEngine();
  await engine.loadFromStore(ws.db, ws.codebook());
});
afterAll(async () => {
  await engine?.dispose();
  ws?.close();
  dir.remove();
});

describe('one Unknown in a cohort', () => {
  it('gives every unknown spelling of every column one category, none of them unmapped', async () => {
    for (const [column, field, unknownLabel] of COLUMNS) {
      const labels = engine.snapshot('victims')?.dimensions[column]?.labels ?? [];
      expect(
        labels.filter((l) => l === 'Unknown' || l === 'Not stated' || l.toLowerCase() === 'n/k'),
        column,
      ).toEqual([unknownLabel]);
      const result = await engine.query(parseQuerySpec({ cohort: 'victims', rows: [column], disclosure: null }));
      const counts = Object.fromEntries(result.rows.keys.map(([k], i) => [k, result.counts[i]?.[0]]));
      const expected = rows.filter((r) => isUnknown(r[field])).length;
      expect(counts[unknownLabel], column).toBe(expected);
    }
  });

  it('leaves every unknown out when Unknown is filtered out', async () => {
    for (const [column, field, unknownLabel] of COLUMNS) {
      const result = await engine.query(
        parseQuerySpec({
          cohort: 'victims',
          filters: [{ kind: 'notIn', field: column, notIn: [unknownLabel] }],
          rows: ['offence_group'],
          disclosure: null,
        }),
      );
      expect(result.total, column).toBe(rows.filter((r) => !isUnknown(r[field])).length);
    }
  });
});
