// The needs audit's crossing wired through the real app: a workspace file, the dispatcher, the
// analysis service's snapshot, the release session and the audit's worker. Each generated row is
// a person of its own, so sex and district are fields of one category per person, as the engine
// must tell the settle. Among the women of Fenland, two have finance and lifestyle together; an
// earlier output of the release hid those two and printed the men of Fenland with both (m, five
// or more). The matrix over Fenland, both sexes, would print 2 + m: less the men's m, the
// women's 2. Read with sex as the set of sexes a person has records in (what the settle falls
// back to when it is told no field is one per person), 2 + m less m leaves the women anywhere from
// 2 to 2 + m, free; only with sex one per person does the audit see the subtraction. An
// independent intruder (HiGHS over persons per need pattern and sex, every printed number of the
// register an equation) must find no hidden small count narrowed once the matrix is exported.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublishedTable } from '../../../shared/contract/release.ts';
import { QuerySpecSchema } from '../../../shared/query.ts';
import { openRelease, publicationsOf, recordPublication } from '../../../src-main/store/publications.ts';
import { FINANCE, LIFESTYLE, NEED_FIELDS, THINKING, oneCell } from '../../helpers/givenAwayRegister.ts';
import type { ReportWorld } from '../report/reportTestKit.ts';
import { mostOverPatterns, patternSum } from '../disclosure/patternIntruder.ts';
import { fenlandNeedsWorld } from './fenlandNeedsWorld.ts';
import { oneCell as oneCellOf } from './oneCell.ts';

type Row = Record<string, string>;

const FENLAND = [{ kind: 'in', field: 'district', in: ['Fenland'] }];
const [WOMEN, MEN] = ['Female', 'Male'].map((sex) => [...FENLAND, { kind: 'in', field: 'sex', in: [sex] }]);
const THRESHOLD = 5;
const EARLIER = 'Pairs by sex';
/** The women of Fenland kept, their needs in turn: two with finance and lifestyle. */
const KEPT: string[][] = [
  ...Array<string[]>(2).fill([FINANCE, LIFESTYLE, THINKING]),
  ...Array<string[]>(10).fill([FINANCE, THINKING]),
  ...Array<string[]>(6).fill([LIFESTYLE, THINKING]),
  ...Array<string[]>(8).fill([THINKING]),
];

/** A recorded one-cell table: the persons of `filters` with every one of `needs`, printed or hidden. */
function oneCellTable(filters: readonly unknown[], needs: string[], value: number, printed: boolean): PublishedTable {
  return {
    spec: QuerySpecSchema.parse(oneCell(filters, ...needs)) as unknown as Record<string, unknown>,
    cells: oneCellOf(value, printed),
  };
}

/** Persons per pattern: bit k need k of NEED_FIELDS, the last bit a man. */
const PATTERNS = 1 << (NEED_FIELDS.length + 1);
const MAN = 1 << NEED_FIELDS.length;

/** The patterns a one-cell table of the register counts: its sex, if filtered, and its needs Yes. */
function patternsOf(table: PublishedTable): string[] {
  const spec = QuerySpecSchema.parse(table.spec);
  const out: string[] = [];
  for (let p = 0; p < PATTERNS; p++) {
    const inside = spec.filters.every((f) => {
      if (f.kind !== 'in') throw new Error(`An unexpected filter on ${f.field}`);
      if (f.field === 'district') return f.in.includes('Fenland');
      if (f.field === 'sex') return f.in.includes(p & MAN ? 'Male' : 'Female');
      const k = NEED_FIELDS.indexOf(f.field);
      if (k < 0) throw new Error(`An unexpected filter on ${f.field}`);
      return f.in.includes((p >> k) & 1 ? 'Yes' : 'No');
    });
    if (inside) out.push(`x${p}`);
  }
  return out;
}

describe('the needs audit’s crossing through the real app', () => {
  let world: ReportWorld;
  let menWithBoth = 0;
  const women = oneCellTable(WOMEN!, [FINANCE, LIFESTYLE], 2, false);
  let men: PublishedTable;
  beforeAll(async () => {
    world = await fenlandNeedsWorld(KEPT, 'Needs crossed by sex', {
      title: EARLIER,
      fileName: 'women.csv',
      tables: [women],
    });
    const rows = parse(readFileSync(world.file('crafted.csv'), 'utf8'), { columns: true, bom: true }) as Row[];
    menWithBoth = rows.filter(
      (r) => r.district === 'Fenland' && r.sex === 'Male' && r[FINANCE] === 'true' && r[LIFESTYLE] === 'true',
    ).length;
    // The premise: read as sets of sexes, the women's 2 could be 2 + m, free.
    if (menWithBoth < THRESHOLD) throw new Error('The fixture no longer has five men of Fenland with both.');
    men = oneCellTable(MEN!, [FINANCE, LIFESTYLE], menWithBoth, true);
    const session = world.services.session;
    await session.exclusive(async () =>
      recordPublication(session.current().db, {
        kind: 'figure',
        title: `${EARLIER}, men`,
        destination: world.file('men.csv'),
        tables: [men],
      }),
    );
  }, 300_000);
  afterAll(async () => world?.close());

  it('reads the earlier output by sex with the matrix over both sexes, and gives no small count away', async () => {
    const db = () => world.services.session.current().db;
    const query = { cohort: 'needs', measure: 'persons', filters: FENLAND };
    await world.dispatcher.call('figures.save', { figure: { name: 'needs together', chart: 'table', query } });
    await world.dispatcher.call('export.figure', {
      name: 'needs together',
      format: 'csv',
      path: world.file('needs together.csv'),
    });
    const register = publicationsOf(db(), openRelease(db())!.id).flatMap((p) => p.tables);
    const rows = register
      .filter((t) => t.cells[0]!.shown !== null)
      .map((t) => `${patternSum(patternsOf(t))} = ${t.cells[0]!.shown}`);
    expect(register).toContainEqual(men);
    const most = await mostOverPatterns(rows, patternsOf(women), PATTERNS);
    expect(most).toBeGreaterThanOrEqual(2 + THRESHOLD);
  }, 900_000);
});
