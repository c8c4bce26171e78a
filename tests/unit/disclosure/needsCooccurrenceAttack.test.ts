// An intruder against the published co-occurrence of needs: one release publishes the needs
// matrix, then the ten single-need tables on their own and the number of needs per person, with
// a filter, over random seeded offenders where some needs have unknown answers and small counts
// (of a need, of a pair: one need is rare) occur. The intruder knows every number the register says was printed
// (each table's cells and margins, and each count the matrix is made of, with the filters it
// was cut with) and that each person has one record, so one answer (Yes, No, Unknown) per
// need; over the counts of persons per such pattern they bound every small count that was
// hidden by linear programs of their own (HiGHS directly, not the app's models). None may be
// narrowed so far that it is known to be below the threshold plus the protection. The same
// intruder, given the same outputs with secondary suppression off, must succeed: it is real.
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NEEDS } from '../../../shared/codebook.ts';
import type { QueryResult } from '../../../shared/query.ts';
import { openRelease, publicationsOf } from '../../../src-main/store/publications.ts';
import { generated, openWorld, type ReportWorld } from '../report/reportTestKit.ts';
import { mostOverPatterns } from './patternIntruder.ts';
import { seededRandom as random } from '../../helpers/seeded.ts';

type Row = Record<string, string>;
type Key = Record<string, string>;
type Filter = { kind: 'in'; field: string; in: string[] } | { kind: 'notIn'; field: string; notIn: string[] };
/** A printed table as the intruder reads it: the filters it was cut with, and each cell's printed number (null: hidden). */
interface Printed {
  filters: readonly Filter[];
  cells: readonly { key: Key; shown: number | null }[];
}

const THRESHOLD = 5;
const needFields: string[] = NEEDS.map(([field]) => field);
/** The needs with unknown answers (about one record in twenty-five each); the others are all known. */
const UNKNOWN_NEEDS = ['need_accommodation', 'need_drugs', 'need_attitudes'];
const ANSWERS = ['No', 'Yes', 'Unknown'];
/** A need few have (about one in twelve), so that its count and its pairs' are small under the filter. */
const RARE_NEED = 'need_finance';
/** Per need, the answers it can take: a pattern is one answer per need, numbered in mixed radix. */
const radix = needFields.map((f) => (UNKNOWN_NEEDS.includes(f) ? 3 : 2));
const PATTERNS = radix.reduce((n, r) => n * r, 1);
const FILTERS: Filter[] = [
  { kind: 'in', field: 'sex', in: ['Female'] },
  { kind: 'in', field: 'district', in: ['Fenland'] },
];
const kept = (r: Row): boolean => r.sex === 'Female' && r.district === 'Fenland';

function answersOf(pattern: number): string[] {
  const answers: string[] = [];
  let rest = pattern;
  for (const r of radix) {
    answers.push(ANSWERS[rest % r]!);
    rest = Math.floor(rest / r);
  }
  return answers;
}

function patternOf(answers: readonly string[]): number {
  let pattern = 0;
  for (let k = needFields.length - 1; k >= 0; k--) pattern = pattern * radix[k]! + ANSWERS.indexOf(answers[k]!);
  return pattern;
}

/** Whether persons of `pattern` fall in a cell with this key of a table cut with these filters. */
function inCell(answers: readonly string[], filters: readonly Filter[], key: Key): boolean {
  const category = (field: string): string => {
    const k = needFields.indexOf(field);
    if (k >= 0) return answers[k]!;
    if (field === 'needs_count') {
      const yes = answers.filter((a) => a === 'Yes').length;
      return yes >= 3 ? '3+' : String(yes);
    }
    throw new Error(`no model of the field ${field}`);
  };
  // Every person of the model is of the test's filter: the sex and district filters hold.
  const modelled = (field: string): boolean => field !== 'sex' && field !== 'district';
  return (
    filters.every(
      (f) =>
        !modelled(f.field) ||
        (f.kind === 'in' ? f.in.includes(category(f.field)) : !f.notIn.includes(category(f.field))),
    ) && Object.entries(key).every(([field, c]) => !modelled(field) || c === category(field))
  );
}

/** One seeded world: offenders of one record each, some answers unknown, imported; persons of the filter per pattern. */
interface Seeded {
  world: ReportWorld;
  persons: Float64Array;
}

async function seededWorld(seed: number): Promise<Seeded> {
  const world = await openWorld();
  const source = await generated(world, 'offenders', 3000, seed);
  const rows = parse(readFileSync(source, 'utf8'), { columns: true, bom: true }) as Row[];
  const next = random(seed);
  const records = rows.map((r, i): Row => {
    const flags = needFields.map((f) => {
      if (UNKNOWN_NEEDS.includes(f) && next() < 0.04) return '';
      if (f === RARE_NEED) return next() < 0.08 ? 'true' : 'false';
      return r[f] === 'true' ? 'true' : 'false';
    });
    return {
      ...r,
      person_ref: `NM${String(100000 + i)}`,
      ...Object.fromEntries(needFields.map((f, k) => [f, flags[k]!])),
    };
  });
  const persons = new Float64Array(PATTERNS);
  for (const r of records) {
    if (!kept(r)) continue;
    persons[patternOf(needFields.map((f) => (r[f] === 'true' ? 'Yes' : r[f] === 'false' ? 'No' : 'Unknown')))]! += 1;
  }
  const headers = Object.keys(records[0]!);
  const file = world.file('known.csv');
  writeFileSync(file, [headers.join(','), ...records.map((r) => headers.map((h) => r[h]).join(','))].join('\n'));
  await world.importFile('offenders', file);
  return { world, persons };
}

/** The true count of a cell, counted here from the persons per pattern. */
function trueValue(persons: Float64Array, filters: readonly Filter[], key: Key): number {
  let sum = 0;
  for (let p = 0; p < PATTERNS; p++) if (persons[p]! > 0 && inCell(answersOf(p), filters, key)) sum += persons[p]!;
  return sum;
}

function terms(filters: readonly Filter[], key: Key): string[] {
  const out: string[] = [];
  for (let p = 0; p < PATTERNS; p++) if (inCell(answersOf(p), filters, key)) out.push(`x${p}`);
  return out;
}

interface Target {
  id: string;
  value: number;
  terms: string[];
}

/** Each printed number as a constraint on the persons per pattern, and the hidden small counts. */
function intruderView(
  persons: Float64Array,
  printed: readonly Printed[],
): { constraints: string[]; targets: Target[] } {
  const constraints: string[] = [];
  const targets = new Map<string, Target>();
  for (const table of printed) {
    for (const cell of table.cells) {
      const value = trueValue(persons, table.filters, cell.key);
      const sum = terms(table.filters, cell.key);
      if (cell.shown !== null) {
        expect(cell.shown).toBe(value);
        expect(value > 0 && value < THRESHOLD, `a small count printed: ${JSON.stringify(cell)}`).toBe(false);
        constraints.push(`${sum.length ? sum.join(' + ') : '0 x0'} = ${cell.shown}`);
      } else if (value > 0 && value < THRESHOLD) {
        const id = JSON.stringify(sum);
        targets.set(id, { id: JSON.stringify([table.filters.slice(FILTERS.length), cell.key]), value, terms: sum });
      }
    }
  }
  return { constraints, targets: [...targets.values()] };
}

/** The most the intruder can hold a target to be, given the constraints. */
function mostOf(constraints: readonly string[], target: Target): Promise<number> {
  return mostOverPatterns(constraints, target.terms, PATTERNS);
}

/** The targets the intruder narrows below their count plus the protection. */
async function narrowed(view: { constraints: string[]; targets: Target[] }): Promise<Target[]> {
  const out: Target[] = [];
  for (const target of view.targets)
    if ((await mostOf(view.constraints, target)) < target.value + THRESHOLD - 1e-6) out.push(target);
  return out;
}

/** The matrix, then the single-need tables and the number of needs, as specs with the test's filter. */
function outputs(disclosure?: Record<string, unknown>): Array<{ name: string; query: Record<string, unknown> }> {
  const rule = disclosure ? { disclosure } : {};
  return [
    { name: 'needs together', query: { cohort: 'needs', measure: 'persons', filters: FILTERS, ...rule } },
    ...needFields.map((f) => ({
      name: `persons by ${f}`,
      query: { cohort: 'offenders', rows: [f], measure: 'persons', filters: FILTERS, ...rule },
    })),
    {
      name: 'number of needs',
      query: { cohort: 'offenders', rows: ['needs_count'], measure: 'persons', filters: FILTERS, ...rule },
    },
  ];
}

/** A table result's every number (cells, margins, total) as the intruder reads it. */
function printedTable(result: QueryResult, filters: readonly Filter[]): Printed {
  const cells: Printed['cells'][number][] = [];
  const keyOf = (fields: readonly string[], key: readonly string[] | undefined): Key =>
    Object.fromEntries(fields.map((f, i) => [f, key?.[i] ?? '']));
  result.counts.forEach((line, r) =>
    line.forEach((v, c) =>
      cells.push({
        key: { ...keyOf(result.rows.fields, result.rows.keys[r]), ...keyOf(result.cols.fields, result.cols.keys[c]) },
        shown: v,
      }),
    ),
  );
  result.rowTotals.forEach((v, r) => cells.push({ key: keyOf(result.rows.fields, result.rows.keys[r]), shown: v }));
  cells.push({ key: {}, shown: result.total });
  return { filters, cells };
}

/** The matrix's numbers as the intruder reads them: each cell a count of persons flagging both needs. */
function printedMatrix(result: QueryResult): Printed[] {
  const yes = (k: number): Filter => ({ kind: 'in', field: needFields[k]!, in: ['Yes'] });
  const printed: Printed[] = [{ filters: FILTERS, cells: [{ key: {}, shown: result.total }] }];
  result.counts.forEach((line, i) =>
    line.forEach((v, j) => {
      if (j >= i)
        printed.push({
          filters: [...FILTERS, ...(i === j ? [yes(i)] : [yes(i), yes(j)])],
          cells: [{ key: {}, shown: v }],
        });
    }),
  );
  return printed;
}

describe.each([23, 58])('an intruder over needs published together, seed %i', (seed) => {
  let seeded: Seeded;
  beforeAll(async () => {
    seeded = await seededWorld(seed);
  }, 300_000);
  afterAll(async () => seeded?.world.close());

  it('narrows no hidden small count of a release below the threshold plus the protection', async () => {
    const { world, persons } = seeded;
    for (const { name, query } of outputs()) {
      await world.dispatcher.call('figures.save', { figure: { name, chart: 'table', query } });
      await world.dispatcher.call('export.figure', { name, format: 'csv', path: world.file(`${name}.csv`) });
    }
    const db = world.services.session.current().db;
    const tables = publicationsOf(db, openRelease(db)!.id).flatMap((p) => p.tables);
    // The matrix's persons, pairs and needs, then ten single needs and the number of needs.
    expect(tables.length).toBe(
      needFields.length + 1 + 1 + needFields.length + (needFields.length * (needFields.length - 1)) / 2,
    );
    const printed = tables.map((t): Printed => ({
      filters: (t.spec.filters as Array<{ field: string; in?: string[]; notIn?: string[] }>).map((f): Filter =>
        f.notIn !== undefined
          ? { kind: 'notIn', field: f.field, notIn: f.notIn }
          : { kind: 'in', field: f.field, in: f.in ?? [] },
      ),
      cells: t.cells.map((c) => ({ key: c.key, shown: c.shown })),
    }));
    const view = intruderView(persons, printed);
    // Small counts arise: of unknown answers, of a need, and of a pair of the matrix.
    expect(view.targets.length).toBeGreaterThan(0);
    expect(view.targets.some((t) => t.id.includes('Unknown'))).toBe(true);
    expect(view.targets.some((t) => t.id.includes(RARE_NEED))).toBe(true);
    expect((await narrowed(view)).map((t) => `${t.id} holds ${t.value}`)).toEqual([]);
  }, 900_000);

  it('with secondary suppression off, the same intruder narrows a hidden count', async () => {
    const { world, persons } = seeded;
    const printed: Printed[] = [];
    for (const { query } of outputs({ threshold: THRESHOLD, secondary: false, round: null, suppressZeros: false })) {
      const result = (await world.dispatcher.call('engine.query', query)) as QueryResult;
      printed.push(...(query.cohort === 'needs' ? printedMatrix(result) : [printedTable(result, FILTERS)]));
    }
    const view = intruderView(persons, printed);
    expect((await narrowed(view)).length).toBeGreaterThan(0);
  }, 900_000);
});
