// An intruder against a release that holds a count with no row or column fields (issue 19): the
// persons of a filter, published as one number, are the grand total of every table of the same
// filter. Over seeded offenders where three women of Fenland have an unknown drugs need, the
// release publishes the persons by drugs need (its Unknown cell of 3 hidden) and, before or
// after it, the filter's persons as a table with no axes, other tables of the same filter,
// tables whose only field keeps one category, tables of two fields sharing one (linked by
// their margins) and counts and tables of records of the same filter (linked by their totals
// and margins, persons at most records). The
// intruder knows every number the register says was printed and that each person has one
// record (one answer per need); over the persons per pattern of answers they bound each hidden
// small count by linear programs of their own (HiGHS directly, not the app's models). None may
// be narrowed below its count plus the threshold.
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QuerySpecSchema } from '../../../shared/query.ts';
import { checkInRelease } from '../../../src-main/app/publication/disclosureCheck.ts';
import { openRelease, publicationsOf } from '../../../src-main/store/publications.ts';
import { generated, openWorld, type ReportWorld } from '../report/reportTestKit.ts';
import { mostOverPatterns, patternSum } from './patternIntruder.ts';

type Row = Record<string, string>;
type Key = Record<string, string>;
type Filter = { kind: 'in'; field: string; in: string[] };

const THRESHOLD = 5;
/** The needs the release shows; a pattern is one answer for each. */
const NEEDS = ['need_drugs', 'need_ete', 'need_finance'];
const ANSWERS = ['Yes', 'No', 'Unknown'];
const PATTERNS = ANSWERS.length ** NEEDS.length;
const FILTERS: Filter[] = [
  { kind: 'in', field: 'sex', in: ['Female'] },
  { kind: 'in', field: 'district', in: ['Fenland'] },
];
const kept = (r: Row): boolean => r.sex === 'Female' && r.district === 'Fenland';
/** Women of Fenland whose drugs need is unknown: a small count under the filter. */
const UNKNOWN_DRUGS = 3;

const answerOf = (flag: string | undefined): string => (flag === 'true' ? 'Yes' : flag === 'false' ? 'No' : 'Unknown');

function answersOf(pattern: number): string[] {
  return NEEDS.map((_, k) => ANSWERS[Math.floor(pattern / ANSWERS.length ** k) % ANSWERS.length]!);
}

function patternOf(answers: readonly string[]): number {
  return answers.reduce((p, a, k) => p + ANSWERS.indexOf(a) * ANSWERS.length ** k, 0);
}

/** Whether persons of `pattern` count in a cell with this key of a table cut with these filters. */
function inCell(pattern: number, filters: readonly Filter[], key: Key): boolean {
  const answers = answersOf(pattern);
  // Every person of the model is of the test's filter: its sex and district filters hold.
  const holds = (field: string, categories: readonly string[]): boolean => {
    if (field === 'sex' || field === 'district') return true;
    const k = NEEDS.indexOf(field);
    if (k < 0) throw new Error(`no model of the field ${field}`);
    return categories.includes(answers[k]!);
  };
  return filters.every((f) => holds(f.field, f.in)) && Object.entries(key).every(([f, c]) => holds(f, [c]));
}

interface Seeded {
  world: ReportWorld;
  /** Persons of the filter per pattern of answers. */
  persons: number[];
}

async function seededWorld(seed: number): Promise<Seeded> {
  const world = await openWorld();
  const source = await generated(world, 'offenders', 3000, seed);
  const rows = parse(readFileSync(source, 'utf8'), { columns: true, bom: true }) as Row[];
  let unknown = 0;
  const records = rows.map((r, i): Row => {
    const drugs = kept(r) && unknown < UNKNOWN_DRUGS ? '' : r.need_drugs === 'true' ? 'true' : 'false';
    if (drugs === '') unknown += 1;
    return { ...r, person_ref: `NA${String(100000 + i)}`, need_drugs: drugs };
  });
  expect(unknown).toBe(UNKNOWN_DRUGS);
  const persons = Array.from({ length: PATTERNS }, () => 0);
  for (const r of records) if (kept(r)) persons[patternOf(NEEDS.map((f) => answerOf(r[f])))]! += 1;
  const headers = Object.keys(records[0]!);
  const file = world.file('one-record-each.csv');
  writeFileSync(file, [headers.join(','), ...records.map((r) => headers.map((h) => r[h]).join(','))].join('\n'));
  await world.importFile('offenders', file);
  return { world, persons };
}

const need = (field: string, categories: string[]): Filter => ({ kind: 'in', field, in: categories });

/** The outputs a release may hold, each a persons table of the test's filter. */
const OUTPUTS: Record<string, { rows: string[]; cols?: string[]; filters: Filter[]; measure?: 'records' }> = {
  'drugs by ete': { rows: ['need_drugs'], cols: ['need_ete'], filters: [] },
  'drugs by finance': { rows: ['need_drugs'], cols: ['need_finance'], filters: [] },
  'by finance, drugs Yes': { rows: ['need_finance'], filters: [need('need_drugs', ['Yes'])] },
  'by ete, drugs Yes': { rows: ['need_ete'], filters: [need('need_drugs', ['Yes'])] },
  'records by ete': { rows: ['need_ete'], filters: [], measure: 'records' },
  'records ete by finance': { rows: ['need_ete'], cols: ['need_finance'], filters: [], measure: 'records' },
  count: { rows: [], filters: [] },
  'count of records': { rows: [], filters: [], measure: 'records' },
  'drugs Yes': { rows: [], filters: [need('need_drugs', ['Yes'])] },
  'drugs No': { rows: [], filters: [need('need_drugs', ['No'])] },
  'by drugs': { rows: ['need_drugs'], filters: [] },
  'by drugs, Yes only': { rows: ['need_drugs'], filters: [need('need_drugs', ['Yes'])] },
  'by drugs, No only': { rows: ['need_drugs'], filters: [need('need_drugs', ['No'])] },
  'by drugs, Unknown only': { rows: ['need_drugs'], filters: [need('need_drugs', ['Unknown'])] },
  'by ete': { rows: ['need_ete'], filters: [] },
  'by finance': { rows: ['need_finance'], filters: [] },
};

interface Target {
  id: string;
  value: number;
  members: number[];
}

/** Each printed number as an equation over the persons per pattern, and each hidden small count. */
function intruderView(persons: readonly number[], seed: Seeded['world']) {
  const db = seed.services.session.current().db;
  const tables = publicationsOf(db, openRelease(db)!.id).flatMap((p) => p.tables);
  const equations: { members: number[]; value: number }[] = [];
  const targets = new Map<string, Target>();
  for (const table of tables) {
    const filters = (table.spec.filters as Filter[]).slice(FILTERS.length);
    expect(table.spec.filters).toEqual([...FILTERS, ...filters]);
    for (const cell of table.cells) {
      const members = persons.flatMap((_, p) => (inCell(p, filters, cell.key) ? [p] : []));
      const value = members.reduce((s, p) => s + persons[p]!, 0);
      expect(cell.value).toBe(value);
      if (cell.shown !== null) {
        expect(value > 0 && value < THRESHOLD, `a small count printed: ${JSON.stringify(cell)}`).toBe(false);
        equations.push({ members, value: cell.shown });
      } else if (value > 0 && value < THRESHOLD) {
        const id = JSON.stringify(members);
        targets.set(id, { id: JSON.stringify({ filters, key: cell.key }), value, members });
      }
    }
  }
  return { equations, targets: [...targets.values()] };
}

/** The most the intruder can hold a target to be, given every printed number as an equation. */
function mostOf(equations: readonly { members: number[]; value: number }[], target: Target): Promise<number> {
  const terms = (members: readonly number[]) => members.map((p) => `x${p}`);
  const constraints = equations.map((e) => `${patternSum(terms(e.members))} = ${e.value}`);
  return mostOverPatterns(constraints, terms(target.members), PATTERNS);
}

async function narrowed(view: ReturnType<typeof intruderView>): Promise<string[]> {
  const out: string[] = [];
  for (const target of view.targets) {
    const most = await mostOf(view.equations, target);
    if (most < target.value + THRESHOLD - 1e-6) out.push(`${target.id} holds ${target.value}, at most ${most}`);
  }
  return out;
}

const ORDERS: string[][] = [
  // The count after the table that hid its total, and after two more tables of the filter.
  ['drugs Yes', 'drugs No', 'by drugs', 'by ete', 'by finance', 'count'],
  // The same, the drugs table's Yes and No printed first by tables whose only field keeps one category.
  ['by drugs, Yes only', 'by drugs, No only', 'by drugs', 'by ete', 'by finance', 'count'],
  // A table of other fields after the one that hid the total: its total is the same number.
  ['drugs Yes', 'drugs No', 'by drugs', 'by ete'],
  // The count first, then the tables.
  ['count', 'drugs Yes', 'drugs No', 'by ete', 'by finance', 'by drugs'],
  ['count', 'by drugs, Unknown only', 'by drugs, Yes only', 'by drugs'],
  // Records of the same cells (one record each here): a count of records bounds the persons' total.
  ['drugs Yes', 'drugs No', 'by drugs', 'by ete', 'by finance', 'count of records'],
  // Two tables of two fields sharing one: the drugs by ete table hid its drugs Yes margin (14)
  // beside Unknown (3) and printed No and the total; a count of drugs Yes by another field
  // prints that margin as its total unless the drugs margins are linked.
  ['drugs by ete', 'by finance, drugs Yes'],
  ['drugs by finance', 'by ete, drugs Yes'],
  ['drugs by ete', 'by finance, drugs Yes', 'count'],
  ['drugs Yes', 'drugs by ete', 'drugs by finance'],
  // Records of other fields after the persons table hid its total beside Unknown: a total of
  // records bounds the persons' total from above, and their printed Yes and No from below.
  ['drugs Yes', 'drugs No', 'by drugs', 'records by ete'],
  ['drugs Yes', 'drugs No', 'by drugs', 'records ete by finance'],
];

function queryOf(rows: string[], filters: Filter[], measure: 'persons' | 'records' = 'persons', cols: string[] = []) {
  return { cohort: 'offenders', rows, cols, measure, filters: [...FILTERS, ...filters] };
}

describe('a release with a count of no axes', () => {
  let seeded: Seeded;
  beforeAll(async () => {
    seeded = await seededWorld(23);
    const { world } = seeded;
    for (const [name, { rows, cols, filters, measure }] of Object.entries(OUTPUTS)) {
      const query = queryOf(rows, filters, measure, cols);
      await world.dispatcher.call('figures.save', { figure: { name, chart: 'table', query } });
    }
  }, 300_000);
  afterAll(async () => seeded?.world.close());

  it.each(ORDERS.map((order, i) => [order.join(' > '), order, i] as const))(
    'narrows no hidden small count: %s',
    async (_name, order, release) => {
      const { world, persons } = seeded;
      await world.dispatcher.call('releases.start', { name: order.join(' > ') });
      for (const name of order) {
        await world.dispatcher.call('export.figure', {
          name,
          format: 'csv',
          path: world.file(`${release}-${name}.csv`),
        });
      }
      const view = intruderView(persons, world);
      // The drugs table's Unknown count (3) is one of the hidden small counts.
      expect(view.targets.map((t) => t.value)).toContain(UNKNOWN_DRUGS);
      expect(await narrowed(view)).toEqual([]);
    },
    300_000,
  );

  it('is checked by vso disclosure check against the total an earlier table hid', async () => {
    const { world } = seeded;
    await world.dispatcher.call('releases.start', { name: 'checked' });
    for (const name of ['drugs Yes', 'drugs No', 'by drugs', 'by ete', 'by finance']) {
      await world.dispatcher.call('export.figure', { name, format: 'csv', path: world.file(`checked-${name}.csv`) });
    }
    const [drugs] = publicationsOf(
      world.services.session.current().db,
      openRelease(world.services.session.current().db)!.id,
    )
      .filter((p) => p.title === 'by drugs')
      .flatMap((p) => p.tables);
    const total = drugs!.cells.find((c) => Object.keys(c.key).length === 0 && c.row === null && c.col === null)!;
    const unknown = drugs!.cells.find((c) => Object.keys(c.key).length === 1 && c.key.need_drugs === 'Unknown')!;
    // The drugs table hid its total beside the Unknown count: the count alone would print it.
    expect(total.shown).toBeNull();
    expect(unknown.shown).toBeNull();
    expect(unknown.value).toBeLessThan(5);
    const spec = QuerySpecSchema.parse(queryOf(OUTPUTS.count!.rows, OUTPUTS.count!.filters));
    const check = await checkInRelease(world.services.session.current(), world.services.analysis, spec, undefined);
    expect(check!.audit.ok).toBe(false);
    // The count printed: the total the drugs table hid, and with it its Unknown count, exactly
    // (the drugs table links in full: its margins bring its one field into the model).
    const narrowed = check!.audit.narrowed.find((n) => n.label === 'persons: need_drugs Unknown');
    expect(narrowed).toMatchObject({ value: unknown.value, lower: unknown.value, upper: unknown.value });
    expect(narrowed!.by).toContainEqual(expect.stringContaining('‘by drugs’'));
  }, 300_000);

  /** Publishes `names` in a new release, then checks `checked` against it as vso disclosure check does. */
  async function checkAfter(names: string[], checked: string) {
    const { world } = seeded;
    await world.dispatcher.call('releases.start', { name: `checked ${checked}` });
    for (const name of names) {
      await world.dispatcher.call('export.figure', { name, format: 'csv', path: world.file(`check-${name}.csv`) });
    }
    const { rows, cols, filters, measure } = OUTPUTS[checked]!;
    const spec = QuerySpecSchema.parse(queryOf(rows, filters, measure, cols));
    const check = await checkInRelease(world.services.session.current(), world.services.analysis, spec, undefined);
    return check!.audit;
  }

  it('is checked against the margin an earlier table of two fields hid', async () => {
    const audit = await checkAfter(['drugs by ete'], 'by finance, drugs Yes');
    // Alone the count of drugs Yes by finance prints its total: the drugs Yes margin (14) the
    // two-field table hid beside Unknown, which gives back the Unknown count (3) exactly (the
    // two-field table links in full once its margins bring both its fields into the model).
    expect(audit.ok).toBe(false);
    const unknown = audit.narrowed.find((n) => n.label === 'persons: need_drugs Unknown');
    expect(unknown).toMatchObject({ value: 3, lower: 3, upper: 3 });
    expect(unknown!.by).toContainEqual(expect.stringContaining('‘drugs by ete’'));
  }, 300_000);

  it('is checked against the persons total an earlier table hid, by a total of records', async () => {
    const audit = await checkAfter(['drugs Yes', 'drugs No', 'by drugs'], 'records by ete');
    expect(audit.ok).toBe(false);
    // Records of 53 bound the persons' hidden total (53) from above, Yes and No (50) from below.
    const total = audit.narrowed.find((n) => n.label === 'persons: total');
    expect(total).toMatchObject({ measure: 'persons', value: 53, upper: 53 });
    expect(total!.lower).toBeGreaterThanOrEqual(50);
    expect(total!.by).toContainEqual(expect.stringContaining('‘by drugs’'));
  }, 300_000);
});
