// A table that shares a field with the release model but links by no part (each part of it
// would take the model past its cap) is linked in full (releaseSession.ts, unlinkedSharer).
// Here end to end, through the real dispatcher on a real encrypted workspace: victims by age
// band in one financial year, where one age band is a small count (hidden); the same by offence
// group in the other years (printed); sex by age band in the LSOA with most victims; then sex by
// age band of all victims. LSOA has hundreds of categories, so once the one-LSOA table is linked
// (a neighbour of the new one) no margin of the two yearly tables fits the model: unlinked, the
// new table prints the small age band's total over all years, and less the other years' total
// it gives back the hidden count.
//
// The oracle is an attacker written apart from the code under test (releaseAttacker.ts, an LP
// over the finest cells of the data, LSOA and year cut as the filters cut them) holding every
// printed number of the release, with the true counts read straight from the extract. No small
// count of any cell, nor of any cell split by the filters, may be narrowed to fewer than
// `threshold` values.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGE_BANDS, OFFENCE_GROUPS, SEXES } from '../../../shared/codebook.ts';
import type { QuerySpec } from '../../../shared/query.ts';
import { openRelease, publicationsOf } from '../../../src-main/store/publications.ts';
import { type Cover, type Printed, ReleaseAttacker } from '../disclosure/releaseAttacker.ts';
import { exportFigureCsv, generated, openWorld, saveTableFigures, type ReportWorld } from './reportTestKit.ts';

const THRESHOLD = 5;
const OTHER = 'other';

let world: ReportWorld;
let rows: Array<Record<string, string>>;
let area: string;
/** The year and the age band whose count is small that year, and the other years. */
let year: string;
let band: string;
let otherYears: string[];

beforeAll(async () => {
  world = await openWorld();
  const extract = await generated(world, 'victims', 600, 11);
  await world.importFile('victims', extract);
  rows = parse(readFileSync(extract, 'utf8'), { columns: true, bom: true }) as Array<Record<string, string>>;
  const perArea = new Map<string, number>();
  for (const r of rows) perArea.set(r.lsoa!, (perArea.get(r.lsoa!) ?? 0) + 1);
  area = [...perArea].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
  const years = [...new Set(rows.map((r) => r.financial_year!))].sort();
  const count = (a: string, inYear: (y: string) => boolean) =>
    rows.filter((r) => r.age_band === a && inYear(r.financial_year!)).length;
  const pick = years
    .flatMap((y) => AGE_BANDS.map((a) => ({ y, a })))
    .find(
      ({ y, a }) =>
        count(a, (v) => v === y) >= 1 && count(a, (v) => v === y) < THRESHOLD && count(a, (v) => v !== y) >= 10,
    );
  if (!pick) throw new Error('no small age band in one year in this extract');
  ({ y: year, a: band } = pick);
  otherYears = years.filter((y) => y !== year);
}, 300_000);
afterAll(async () => world?.close());

/** The field's block a record or a category falls in: LSOA and year as the filters cut them. */
function blockOf(field: string, category: string): string {
  if (field === 'lsoa') return category === area ? area : OTHER;
  if (field === 'financial_year') return category === year ? year : OTHER;
  return category;
}

const DOMAINS = (): Record<string, readonly string[]> => ({
  sex: SEXES,
  age_band: AGE_BANDS,
  offence_group: OFFENCE_GROUPS,
  lsoa: [area, OTHER],
  financial_year: [year, OTHER],
});

/** The records of the extract under a cover: the true count, read apart from the workspace. */
function countOf(cover: Cover): number {
  return rows.filter((r) => Object.entries(cover).every(([f, allowed]) => allowed.includes(blockOf(f, r[f]!)))).length;
}

/** A register cell's cover: its key, and its table's filters (all of them `in` filters here). */
function coverOf(spec: QuerySpec, key: Record<string, string>): Cover {
  const cover: Record<string, string[]> = {};
  for (const f of spec.filters) if ('in' in f) cover[f.field] = [...new Set(f.in.map((c) => blockOf(f.field, c)))];
  for (const [field, category] of Object.entries(key)) cover[field] = [blockOf(field, category)];
  return cover;
}

/** A cover as one text, whatever the order of its fields. */
const idOf = (cover: Cover): string => JSON.stringify(Object.entries(cover).sort(([a], [b]) => a.localeCompare(b)));

describe('a table sharing a field with the release model, beside a neighbour that fills it', () => {
  it('is exported so that an intruder holding the whole release narrows no small count', async () => {
    const names = ['Age, one year', 'Age by offence, other years', 'Sex by age, one LSOA', 'Sex by age'];
    await saveTableFigures(world, {
      [names[0]!]: { rows: ['age_band'], filters: [{ kind: 'in', field: 'financial_year', in: [year] }] },
      [names[1]!]: {
        rows: ['age_band'],
        cols: ['offence_group'],
        filters: [{ kind: 'in', field: 'financial_year', in: otherYears }],
      },
      [names[2]!]: { rows: ['sex'], cols: ['age_band'], filters: [{ kind: 'in', field: 'lsoa', in: [area] }] },
      [names[3]!]: { rows: ['sex'], cols: ['age_band'] },
    });
    await world.dispatcher.call('releases.start', { name: 'Sharer' });
    for (const name of names) await exportFigureCsv(world, name, world.file(`${name}.csv`));

    const db = world.services.session.current().db;
    const tables = publicationsOf(db, openRelease(db)!.id).flatMap((p) =>
      p.tables.map((t) => ({ spec: t.spec as unknown as QuerySpec, cells: t.cells })),
    );
    expect(tables).toHaveLength(4);
    const printed: Printed[] = [];
    const targets: Cover[] = [];
    for (const { spec, cells } of tables) {
      for (const cell of cells) {
        const cover = coverOf(spec, cell.key as Record<string, string>);
        // The register's raw count is the extract's: the oracle reads the same records.
        expect(countOf(cover), JSON.stringify(cover)).toBe(cell.value);
        if (cell.shown !== null) printed.push({ cover, value: cell.shown });
        targets.push(cover);
        // The same cell split by each filter the release cuts with: what two tables differ by.
        for (const field of ['lsoa', 'financial_year'])
          if (!(field in cover)) for (const block of DOMAINS()[field]!) targets.push({ ...cover, [field]: [block] });
      }
    }
    const attacker = new ReleaseAttacker(DOMAINS());
    const narrowed: string[] = [];
    const seen = new Set<string>();
    for (const target of targets) {
      const id = idOf(target);
      const value = countOf(target);
      if (seen.has(id) || value === 0 || value >= THRESHOLD) continue;
      seen.add(id);
      const range = await attacker.range(printed, target);
      if (range.upper - range.lower + 1 < THRESHOLD) narrowed.push(`${id} = ${value}: ${range.lower}..${range.upper}`);
    }
    // The small age band of that year is among the counts attacked.
    expect(seen.has(idOf({ financial_year: [year], age_band: [band] }))).toBe(true);
    expect(narrowed).toEqual([]);
  }, 600_000);
});
