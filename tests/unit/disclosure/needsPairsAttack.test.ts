// An intruder against pairs of needs read with each other, on a crafted register: under the
// filter every offender has the thinking need, six have the finance need, and two of those the
// lifestyle need too (nothing else). Finance and lifestyle (2) is hidden; the finance need (6)
// is hidden as a count that could bound it; but finance and thinking prints 6, and thinking
// prints every person, so the intruder reads that finance is 6 and that the hidden pair is at
// most 6: below its value plus the protection. The release links a pair with tables one field
// away only, never with another pair; the audit over persons per answer pattern must catch it.
// Then the finance need published first on its own (6) leaves the pair no protection at all:
// its square is refused, with the earlier output named, and never printed.
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NEEDS } from '../../../shared/codebook.ts';
import type { QueryResult } from '../../../shared/query.ts';
import { openRelease, publicationsOf } from '../../../src-main/store/publications.ts';
import { generated, openWorld, type ReportWorld } from '../report/reportTestKit.ts';
import { mostOverPatterns, patternSum } from './patternIntruder.ts';

type Row = Record<string, string>;
type Key = Record<string, string>;
interface Printed {
  scope: Record<string, string[]>;
  cells: { key: Key; shown: number | null }[];
}

const THRESHOLD = 5;
const needFields: string[] = NEEDS.map(([field]) => field);
const [FINANCE, LIFESTYLE, THINKING] = ['need_finance', 'need_lifestyle', 'need_thinking'];
const FILTERS = [
  { kind: 'in', field: 'sex', in: ['Female'] },
  { kind: 'in', field: 'district', in: ['Fenland'] },
];
const kept = (r: Row): boolean => r.sex === 'Female' && r.district === 'Fenland';
/** Every answer is known: a pattern is one bit per need, Yes set. */
const PATTERNS = 1 << needFields.length;

function inCell(pattern: number, scope: Record<string, string[]>, key: Key): boolean {
  const answer = (field: string): string => ((pattern >> needFields.indexOf(field)) & 1 ? 'Yes' : 'No');
  const need = (field: string): boolean => needFields.includes(field);
  return (
    Object.entries(scope).every(([f, cats]) => !need(f) || cats.includes(answer(f))) &&
    Object.entries(key).every(([f, c]) => !need(f) || c === answer(f))
  );
}

async function craftedWorld(): Promise<{ world: ReportWorld; persons: Float64Array }> {
  const world = await openWorld();
  const rows = parse(readFileSync(await generated(world, 'offenders', 3000, 31), 'utf8'), {
    columns: true,
    bom: true,
  }) as Row[];
  let finance = 0;
  const records = rows.map((r, i): Row => {
    const flags = Object.fromEntries(needFields.map((f) => [f, r[f] === 'true' ? 'true' : 'false']));
    flags[FINANCE] = 'false';
    if (kept(r)) {
      flags[THINKING] = 'true';
      if (finance < 6) {
        for (const f of needFields) flags[f] = 'false';
        Object.assign(flags, { [THINKING]: 'true', [FINANCE]: 'true', [LIFESTYLE]: finance < 2 ? 'true' : 'false' });
        finance++;
      }
    }
    return { ...r, person_ref: `NP${String(100000 + i)}`, ...flags };
  });
  expect(finance).toBe(6);
  const persons = new Float64Array(PATTERNS);
  for (const r of records.filter(kept))
    persons[needFields.reduce((p, f, k) => (r[f] === 'true' ? p | (1 << k) : p), 0)]! += 1;
  const headers = Object.keys(records[0]!);
  const file = world.file('crafted.csv');
  writeFileSync(file, [headers.join(','), ...records.map((r) => headers.map((h) => r[h]).join(','))].join('\n'));
  await world.importFile('offenders', file);
  return { world, persons };
}

/** The register's tables as the intruder reads them: need filters as scope, every printed number. */
function register(world: ReportWorld): Printed[] {
  const db = world.services.session.current().db;
  return publicationsOf(db, openRelease(db)!.id)
    .flatMap((p) => p.tables)
    .map((t) => ({
      scope: Object.fromEntries((t.spec.filters as Array<{ field: string; in: string[] }>).map((f) => [f.field, f.in])),
      cells: t.cells.map((c) => ({ key: c.key, shown: c.shown })),
    }));
}

/** Hidden small counts the intruder holds below their value plus the protection (HiGHS over persons per pattern). */
async function narrowed(persons: Float64Array, printed: readonly Printed[]): Promise<string[]> {
  const constraints: string[] = [];
  const targets = new Map<string, { value: number; terms: string[] }>();
  for (const table of printed) {
    for (const cell of table.cells) {
      const terms: string[] = [];
      let value = 0;
      for (let p = 0; p < PATTERNS; p++)
        if (inCell(p, table.scope, cell.key)) {
          terms.push(`x${p}`);
          value += persons[p]!;
        }
      if (cell.shown !== null) {
        expect(cell.shown).toBe(value);
        constraints.push(`${patternSum(terms)} = ${cell.shown}`);
      } else if (value > 0 && value < THRESHOLD) {
        targets.set(JSON.stringify({ scope: table.scope, key: cell.key }), { value, terms });
      }
    }
  }
  expect(targets.size).toBeGreaterThan(0);
  const out: string[] = [];
  for (const [id, target] of targets) {
    const most = await mostOverPatterns(constraints, target.terms, PATTERNS);
    if (most < target.value + THRESHOLD - 1e-6) out.push(`${id} holds ${target.value}, at most ${most}`);
  }
  return out;
}

const matrix = { cohort: 'needs', measure: 'persons', filters: FILTERS };
const financeTable = { cohort: 'offenders', rows: [FINANCE], measure: 'persons', filters: FILTERS };

async function publish(world: ReportWorld, name: string, query: Record<string, unknown>): Promise<void> {
  await world.dispatcher.call('figures.save', { figure: { name, chart: 'table', query } });
  await world.dispatcher.call('export.figure', { name, format: 'csv', path: world.file(`${name}.csv`) });
}

describe('an intruder over pairs of needs read with each other', () => {
  let world: ReportWorld;
  let persons: Float64Array;
  beforeAll(async () => {
    ({ world, persons } = await craftedWorld());
  }, 300_000);
  afterAll(async () => world?.close());

  it('narrows no hidden pair through the printed pairs of the matrix', async () => {
    await publish(world, 'needs together', matrix);
    expect(await narrowed(persons, register(world))).toEqual([]);
  }, 600_000);

  it('refuses a pair that a need published first gives away, and says why', async () => {
    await world.dispatcher.call('releases.start', { name: 'Finance first' });
    await publish(world, 'finance', financeTable);
    const shown = (await world.dispatcher.call('engine.query', matrix)) as QueryResult;
    const [f, l] = [needFields.indexOf(FINANCE), needFields.indexOf(LIFESTYLE)];
    expect(shown.counts[f]![l]).toBeNull();
    const reason = shown.disclosure?.release?.find((r) => r.row === f && r.col === l)?.reason ?? '';
    expect(reason).toMatch(/hidden because of ‘finance’/);
    await publish(world, 'needs together after finance', matrix);
    const printed = register(world);
    // The refused square is no output of the release: no table of finance and lifestyle.
    expect(printed.some((t) => t.scope[FINANCE] && t.scope[LIFESTYLE])).toBe(false);
    expect(await narrowed(persons, printed)).toEqual([]);
  }, 600_000);
});
