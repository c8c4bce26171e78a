// An intruder against the published co-occurrence of needs: one release publishes the number
// of needs per person and the needs matrix (with a filter, so that small counts arise). The
// intruder knows every number the register says was printed (the matrix's tables, their
// margins, the number of needs) and that each person has one set of needs; over the counts of
// persons per set (one record each, every need known) they bound every small count that was
// hidden by two linear programs of their own (HiGHS directly, not the app's models). None
// may be narrowed so far that it is known to be below the threshold plus the protection.
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import highsLoader from 'highs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NEEDS } from '../../../shared/codebook.ts';
import { openRelease, publicationsOf } from '../../../src-main/store/publications.ts';
import { generated, openWorld, type ReportWorld } from '../report/reportTestKit.ts';

type Row = Record<string, string>;
const THRESHOLD = 5;
const needFields: string[] = NEEDS.map(([field]) => field);
const SETS = 1 << needFields.length;
const FILTERS = [
  { kind: 'in', field: 'sex', in: ['Female'] },
  { kind: 'in', field: 'district', in: ['Fenland'] },
];
const kept = (r: Row): boolean => r.sex === 'Female' && r.district === 'Fenland';

let world: ReportWorld;
/** Persons of the filter per set of needs (bit k: the k-th need). */
const persons = new Float64Array(SETS);

beforeAll(async () => {
  world = await openWorld();
  const source = await generated(world, 'offenders', 3000, 23);
  const rows = parse(readFileSync(source, 'utf8'), { columns: true, bom: true }) as Row[];
  // One record per person, every need known: a person is one set of needs.
  const known = rows.map((r, i): Row => ({
    ...r,
    person_ref: `NM${String(100000 + i)}`,
    ...Object.fromEntries(needFields.map((f) => [f, r[f] === 'true' ? 'true' : 'false'])),
  }));
  for (const r of known) if (kept(r)) persons[maskOf(r)]! += 1;
  const headers = Object.keys(known[0]!);
  const file = world.file('known.csv');
  writeFileSync(file, [headers.join(','), ...known.map((r) => headers.map((h) => r[h]).join(','))].join('\n'));
  await world.importFile('offenders', file);
}, 300_000);
afterAll(async () => world?.close());

function maskOf(r: Row): number {
  return needFields.reduce((m, f, k) => (r[f] === 'true' ? m | (1 << k) : m), 0);
}

/** Whether persons with the set `mask` fall in a cell with this key. */
function inCell(mask: number, key: Record<string, string>): boolean {
  let bits = 0;
  for (let m = mask; m !== 0; m &= m - 1) bits++;
  return Object.entries(key).every(([field, category]) => {
    const k = needFields.indexOf(field);
    if (k >= 0) return category === (mask & (1 << k) ? 'Yes' : 'No');
    if (field === 'needs_count') return category === (bits >= 3 ? '3+' : String(bits));
    if (field === 'sex' || field === 'district') return true;
    throw new Error(`no model of the field ${field}`);
  });
}

const variable = (mask: number): string => `x${mask}`;

function cellSum(key: Record<string, string>): string[] {
  const terms: string[] = [];
  for (let mask = 0; mask < SETS; mask++) if (inCell(mask, key)) terms.push(variable(mask));
  return terms;
}

function trueValue(key: Record<string, string>): number {
  let sum = 0;
  for (let mask = 0; mask < SETS; mask++) if (inCell(mask, key)) sum += persons[mask]!;
  return sum;
}

async function publish(name: string, query: Record<string, unknown>, chart: string): Promise<void> {
  await world.dispatcher.call('figures.save', { figure: { name, chart, query } });
  await world.dispatcher.call('export.figure', { name, format: 'csv', path: world.file(`${name}.csv`) });
}

describe('an intruder over the published needs matrix and number of needs', () => {
  it('narrows no hidden small count below the threshold plus the protection', async () => {
    await publish(
      'number of needs',
      { cohort: 'offenders', rows: ['needs_count'], measure: 'persons', filters: FILTERS },
      'table',
    );
    await publish('needs together', { cohort: 'needs', measure: 'persons', filters: FILTERS }, 'table');

    const db = world.services.session.current().db;
    const release = openRelease(db)!;
    const tables = publicationsOf(db, release.id).flatMap((p) => p.tables);
    // The number of needs, each need and each pair of needs.
    expect(tables.length).toBe(1 + needFields.length + (needFields.length * (needFields.length - 1)) / 2);

    const constraints: string[] = [];
    const targets: { key: Record<string, string>; value: number }[] = [];
    for (const table of tables) {
      for (const cell of table.cells) {
        // The filter is every table's: the intruder's persons are those it keeps.
        const key = { ...cell.key };
        const value = trueValue(key);
        expect(cell.value).toBe(value);
        const terms = cellSum(key);
        if (cell.shown !== null) {
          expect(cell.shown).toBe(value);
          expect(value > 0 && value < THRESHOLD).toBe(false);
          constraints.push(`${terms.length ? terms.join(' + ') : '0 x0'} = ${cell.shown}`);
        } else if (value > 0 && value < THRESHOLD) targets.push({ key, value });
      }
    }
    expect(targets.length).toBeGreaterThan(0);

    const highs = await highsLoader();
    const bounds = Array.from({ length: SETS }, (_v, mask) => `${variable(mask)} >= 0`);
    const most = (key: Record<string, string>): number => {
      const lp = [
        'Maximize',
        ` obj: ${cellSum(key).join(' + ')}`,
        'Subject To',
        ...constraints.map((c, i) => ` c${i}: ${c}`),
        'Bounds',
        ...bounds.map((b) => ` ${b}`),
        'End',
      ].join('\n');
      const solution = highs.solve(lp);
      if (solution.Status === 'Unbounded') return Infinity;
      expect(solution.Status).toBe('Optimal');
      return solution.ObjectiveValue;
    };
    const seen = new Set<string>();
    for (const target of targets) {
      const id = JSON.stringify(Object.entries(target.key).sort());
      if (seen.has(id)) continue;
      seen.add(id);
      // A small count is safe when the intruder cannot rule out that it holds the protection more.
      expect(most(target.key), `${id} holds ${target.value}`).toBeGreaterThanOrEqual(target.value + THRESHOLD - 1e-6);
    }
  }, 600_000);
});
