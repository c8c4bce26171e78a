// Two exports of one release that differ by one filter or one category, through the real
// dispatcher on a real encrypted workspace: LSOA × offence group of 20,000 generated victims,
// with and without a filter on sex (more combinations with sex than a release links in full).
// An intruder subtracts them cell by cell: where both print a cell, the difference is the count
// of the victims one has and the other has not. The oracle counts those victims itself, with
// unprotected engine queries of both specs (no disclosure code), and looks for a small one
// (1 to 4) that the two printed numbers give away exactly. The second export is refused, naming
// the first; the same table dropping a category of its own column links in full and is exported.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Filter, QueryResult, QuerySpec } from '../../../shared/query.ts';
import { openRelease, publicationsOf } from '../../../src-main/store/publications.ts';
import { generated, openWorld, type ReportWorld } from './reportTestKit.ts';

const THRESHOLD = 5;
const BASE: Partial<QuerySpec> = { rows: ['lsoa'], cols: ['offence_group'] };

let world: ReportWorld;
let release = 0;

beforeAll(async () => {
  world = await openWorld();
  await world.importFile('victims', await generated(world, 'victims', 20000, 7));
}, 600_000);
afterAll(async () => world?.close());

const keyOf = (key: Record<string, string>) => JSON.stringify(Object.entries(key).sort());

function specOf(filters: Filter[]): QuerySpec {
  return { cohort: 'victims', measure: 'records', ...BASE, filters } as QuerySpec;
}

/** Every cell of the spec's table with its true count: inner cells, both margins and the total. */
async function trueCounts(filters: Filter[]): Promise<Map<string, number>> {
  const raw = (await world.dispatcher.call('engine.query', { ...specOf(filters), disclosure: null })) as QueryResult;
  const rowKey = (r: number) => Object.fromEntries(raw.rows.fields.map((f, i) => [f, raw.rows.keys[r]![i]!]));
  const colKey = (c: number) => Object.fromEntries(raw.cols.fields.map((f, i) => [f, raw.cols.keys[c]![i]!]));
  const counts = new Map<string, number>();
  raw.rows.keys.forEach((_, r) => {
    counts.set(keyOf(rowKey(r)), raw.rowTotals[r]!);
    raw.cols.keys.forEach((_, c) => counts.set(keyOf({ ...rowKey(r), ...colKey(c) }), raw.counts[r]![c]!));
  });
  raw.cols.keys.forEach((_, c) => counts.set(keyOf(colKey(c)), raw.colTotals[c]!));
  counts.set(keyOf({}), raw.total!);
  return counts;
}

/** The printed number of every cell of a published table (null: hidden). */
function printed(title: string): Map<string, number | null> {
  const db = world.services.session.current().db;
  const publication = publicationsOf(db, openRelease(db)!.id).find((p) => p.title === title);
  if (!publication) throw new Error(`${title} was not published`);
  const table = publication.tables[0]!;
  return new Map(table.cells.map((c) => [keyOf(c.key), c.shown]));
}

/**
 * Exports `first` then `second` (each a filter list over BASE) in a release of their own. Returns
 * whether the second was refused (then with no file) and how many small counts between the two
 * the printed cells give away exactly.
 */
async function attack(first: Filter[], second: Filter[]): Promise<{ refused: string | null; revealed: number }> {
  release += 1;
  await world.dispatcher.call('releases.start', { name: `Pair ${release}` });
  const titles = [`First ${release}`, `Second ${release}`] as const;
  for (const [title, filters] of [
    [titles[0], first],
    [titles[1], second],
  ] as const) {
    await world.dispatcher.call('figures.save', {
      figure: { name: title, title, chart: 'table', query: specOf(filters) },
      overwrite: true,
    });
  }
  const path = (title: string) => world.file(`${title}.csv`);
  await world.dispatcher.call('export.figure', { name: titles[0], format: 'csv', path: path(titles[0]) });
  let refused: string | null = null;
  try {
    await world.dispatcher.call('export.figure', { name: titles[1], format: 'csv', path: path(titles[1]) });
  } catch (error) {
    expect(error).toMatchObject({ code: 'DISCLOSURE_REQUIRED' });
    expect(existsSync(path(titles[1]))).toBe(false);
    refused = (error as Error).message;
  }
  if (refused !== null) return { refused, revealed: 0 };
  // The victims one table counts and the other does not, per cell, counted without disclosure.
  const [trueFirst, trueSecond] = [await trueCounts(first), await trueCounts(second)];
  const [shownFirst, shownSecond] = [printed(titles[0]), printed(titles[1])];
  let revealed = 0;
  for (const [key, a] of shownSecond) {
    const b = shownFirst.get(key);
    if (a === null || b === null || b === undefined) continue;
    const between = Math.abs((trueSecond.get(key) ?? 0) - (trueFirst.get(key) ?? 0));
    if (between > 0 && between < THRESHOLD && Math.abs(a - b) === between) revealed += 1;
  }
  return { refused, revealed };
}

describe('two exports of a release that differ by one filter, too many combinations to link in full', () => {
  it('refuses the second of a notIn filter and the unfiltered table, naming the first', async () => {
    const { refused, revealed } = await attack([{ kind: 'notIn', field: 'sex', notIn: ['Female'] }], []);
    expect(revealed).toBe(0);
    expect(refused).toMatch(/‘First 1’.*sex/);
  }, 600_000);

  it('refuses the second of an in filter and the unfiltered table', async () => {
    const { refused, revealed } = await attack([{ kind: 'in', field: 'sex', in: ['Male'] }], []);
    expect(revealed).toBe(0);
    expect(refused).toMatch(/‘First 2’.*sex/);
  }, 600_000);

  it('links the same table less one category of its own column in full, and exports it', async () => {
    const { refused, revealed } = await attack(
      [],
      [{ kind: 'notIn', field: 'offence_group', notIn: ['Possession of weapons'] }],
    );
    expect(refused).toBeNull();
    expect(revealed).toBe(0);
  }, 600_000);
});
