// Records and persons of the same data through the real export path: domestic abuse victims
// (records) by ethnicity x district exported, then victims (distinct persons) by district, in
// one release of a real workspace. Both are written, the register holds both, and an attacker
// who knows every printed number of the two and how persons relate to records
// (recordsPersonsAttacker.ts, its own mixed-integer program) narrows no small count of either to
// fewer than 5 values. Protected apart, as the two measures were before, this data leaks: the
// persons printed for a district bound its hidden records from below, and a records cell of 1
// could be read off exactly.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuerySpecInput } from '../../../shared/query.ts';
import { currentRelease, publicationsOf } from '../../../src-main/store/publications.ts';
import { type Count, RecordsPersonsAttacker } from '../disclosure/recordsPersonsAttacker.ts';
import { generated, openWorld, type ReportWorld } from './reportTestKit.ts';

const THRESHOLD = 5;
let world: ReportWorld;

const spec = (measure: 'records' | 'persons'): QuerySpecInput => ({
  cohort: 'victims',
  rows: measure === 'records' ? ['ethnicity'] : ['district'],
  cols: measure === 'records' ? ['district'] : [],
  filters: [
    { field: 'financial_year', in: ['2022/23'] },
    { field: 'domestic_abuse', equals: true },
  ],
  measure,
});

beforeAll(async () => {
  world = await openWorld();
  await world.importFile('victims', await generated(world, 'victims', 3000, 29));
}, 300_000);
afterAll(async () => world?.close());

describe('records and persons of the same cells in one release', () => {
  it('exports both, and the pair narrows no small count of either', async () => {
    for (const measure of ['records', 'persons'] as const) {
      await world.dispatcher.call('figures.save', {
        figure: { name: `victims ${measure}`, title: `Victims ${measure}`, chart: 'table', query: spec(measure) },
        overwrite: true,
      });
      const path = world.file(`${measure}.csv`);
      await world.dispatcher.call('export.figure', { name: `victims ${measure}`, format: 'csv', path });
      expect(existsSync(path)).toBe(true);
    }
    const db = world.services.session.current().db;
    const tables = publicationsOf(db, currentRelease(db).id).map((p) => p.tables[0]!);
    expect(tables.map((t) => t.spec.measure)).toEqual(['records', 'persons']);

    const domains = { district: new Set<string>(), ethnicity: new Set<string>() };
    const numbers: (Count & { value: number })[] = [];
    for (const table of tables) {
      for (const cell of table.cells) {
        const cover = Object.fromEntries(Object.entries(cell.key).map(([f, c]) => [f, [c]]));
        for (const [field, category] of Object.entries(cell.key)) domains[field as keyof typeof domains].add(category);
        numbers.push({
          measure: table.spec.measure as Count['measure'],
          cover,
          printed: cell.shown,
          value: cell.value,
        });
      }
    }
    const attacker = new RecordsPersonsAttacker({
      district: [...domains.district],
      ethnicity: [...domains.ethnicity],
    });
    const small = numbers.filter((n) => n.printed === null && n.value > 0 && n.value < THRESHOLD);
    expect(small.some((n) => n.measure === 'persons')).toBe(true);
    for (const target of small) {
      const range = await attacker.range(numbers, target);
      expect(
        range.upper - range.lower + 1,
        `${target.measure} ${JSON.stringify(target.cover)} = ${target.value}`,
      ).toBeGreaterThanOrEqual(THRESHOLD);
    }
  }, 600_000);
});
