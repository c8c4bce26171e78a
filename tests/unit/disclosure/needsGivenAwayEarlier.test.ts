// An earlier output whose hidden small count the release's other earlier output already gives
// away (tests/helpers/givenAwayRegister.ts): under the filter, finance and lifestyle (2) hidden
// and finance (6) printed hold the pair at most 6, below its value plus the protection. The
// matrix of needs over the same filter can mend nothing of that: its result must name the
// earlier output to the analyst instead of keeping silent, and the exported file must not (it
// would point an intruder at the lost count). Under rounding the audit reads the rounded
// numbers as the ranges that round to them, and finds the same.
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryResult } from '../../../shared/query.ts';
import { openRelease, publicationsOf } from '../../../src-main/store/publications.ts';
import {
  craftedNeeds,
  csvOf,
  FINANCE,
  LIFESTYLE,
  NEED_FIELDS,
  PAIR_TITLE,
  recordGivenAwayRegister,
} from '../../helpers/givenAwayRegister.ts';
import { generated, openWorld, type ReportWorld } from '../report/reportTestKit.ts';
import { mostOverPatterns, patternSum } from './patternIntruder.ts';

type Row = Record<string, string>;

const THRESHOLD = 5;
const FILTERS = [
  { kind: 'in', field: 'sex', in: ['Female'] },
  { kind: 'in', field: 'district', in: ['Fenland'] },
];
const kept = (r: Row): boolean => r.sex === 'Female' && r.district === 'Fenland';
/** Every answer is known: a pattern is one bit per need, Yes set. */
const PATTERNS = 1 << NEED_FIELDS.length;

async function craftedWorld(): Promise<{ world: ReportWorld; persons: Float64Array }> {
  const world = await openWorld();
  const rows = parse(readFileSync(await generated(world, 'offenders', 3000, 31), 'utf8'), {
    columns: true,
    bom: true,
  }) as Row[];
  const records = craftedNeeds(rows, kept);
  const persons = new Float64Array(PATTERNS);
  for (const r of records.filter(kept))
    persons[NEED_FIELDS.reduce((p, f, k) => (r[f] === 'true' ? p | (1 << k) : p), 0)]! += 1;
  const file = world.file('crafted.csv');
  writeFileSync(file, csvOf(records));
  await world.importFile('offenders', file);
  return { world, persons };
}

/** Titles of the register's outputs with a hidden small count the intruder holds below its value plus the protection. */
async function narrowedOutputs(world: ReportWorld, persons: Float64Array): Promise<string[]> {
  const db = world.services.session.current().db;
  const inCell = (p: number, filters: Array<{ field: string; in: string[] }>, key: Row): boolean => {
    const answer = (f: string): string => ((p >> NEED_FIELDS.indexOf(f)) & 1 ? 'Yes' : 'No');
    return (
      filters.every((f) => !NEED_FIELDS.includes(f.field) || f.in.includes(answer(f.field))) &&
      Object.entries(key).every(([f, c]) => c === answer(f))
    );
  };
  const constraints: string[] = [];
  const targets: Array<{ title: string; value: number; terms: string[] }> = [];
  for (const publication of publicationsOf(db, openRelease(db)!.id))
    for (const table of publication.tables)
      for (const cell of table.cells) {
        const filters = table.spec.filters as Array<{ field: string; in: string[] }>;
        const terms: string[] = [];
        let value = 0;
        for (let p = 0; p < PATTERNS; p++)
          if (inCell(p, filters, cell.key)) {
            terms.push(`x${p}`);
            value += persons[p]!;
          }
        if (cell.shown !== null) {
          expect(cell.shown).toBe(value);
          constraints.push(`${patternSum(terms)} = ${cell.shown}`);
        } else if (value > 0 && value < THRESHOLD) targets.push({ title: publication.title, value, terms });
      }
  const out: string[] = [];
  for (const t of targets)
    if ((await mostOverPatterns(constraints, t.terms, PATTERNS)) < t.value + THRESHOLD - 1e-6) out.push(t.title);
  return [...new Set(out)];
}

const matrix = { cohort: 'needs', measure: 'persons', filters: FILTERS };

describe('an earlier output given away before the matrix of needs', () => {
  let world: ReportWorld;
  let persons: Float64Array;
  beforeAll(async () => {
    ({ world, persons } = await craftedWorld());
    await world.dispatcher.call('releases.start', { name: 'Pairs apart' });
    const session = world.services.session;
    await session.exclusive(async () => recordGivenAwayRegister(session.current().db, FILTERS, world.dir));
  }, 300_000);
  afterAll(async () => world?.close());

  /** ‘Finance and lifestyle’, exported YYYY-MM-DD, as the register dates it. */
  function pairOutput(): string {
    const db = world.services.session.current().db;
    const publication = publicationsOf(db, openRelease(db)!.id).find((p) => p.title === PAIR_TITLE)!;
    return `‘${PAIR_TITLE}’, exported ${publication.publishedAt.slice(0, 10)}`;
  }

  it('is given away by the register alone, as an intruder reads it', async () => {
    expect(await narrowedOutputs(world, persons)).toEqual([PAIR_TITLE]);
  }, 300_000);

  it('is named in the result of the matrix', async () => {
    const shown = (await world.dispatcher.call('engine.query', matrix)) as QueryResult;
    expect(shown.disclosure?.givenAwayEarlier).toEqual([{ output: pairOutput(), counts: 1, through: 'earlier' }]);
    // The matrix's own square of the pair is refused for the finance output, as before.
    const [f, l] = [NEED_FIELDS.indexOf(FINANCE), NEED_FIELDS.indexOf(LIFESTYLE)];
    expect(shown.counts[f]![l]).toBeNull();
    expect(shown.disclosure?.release?.find((r) => r.row === f && r.col === l)?.reason).toMatch(/‘Finance’/);
  }, 600_000);

  it('is named under rounding too: the audit reads the rounded numbers', async () => {
    const disclosure = { threshold: THRESHOLD, secondary: true, round: 5, suppressZeros: false };
    const rounded = (await world.dispatcher.call('engine.query', { ...matrix, disclosure })) as QueryResult;
    expect(rounded.meta.warnings.join('\n')).not.toMatch(/were not checked together/);
    expect(rounded.disclosure?.givenAwayEarlier).toEqual([{ output: pairOutput(), counts: 1, through: 'earlier' }]);
  }, 600_000);

  it('is told to the analyst, never printed in the exported file', async () => {
    const path = world.file('needs together.csv');
    await world.dispatcher.call('figures.save', { figure: { name: 'needs together', chart: 'table', query: matrix } });
    await world.dispatcher.call('export.figure', { name: 'needs together', format: 'csv', path });
    // A file that named the output whose hidden count is lost would point an intruder at it.
    const written = readFileSync(path, 'utf8');
    expect(written).toContain('Each cell counts the distinct persons');
    expect(written).not.toContain('hidden small count');
    expect(written).not.toContain(pairOutput());
  }, 600_000);
});
