// An intruder against two tables of a release that share one field (issue 19): service by risk
// of serious harm, then service by sentence type, of the same filter. Neither contains the
// other's fields, so the release never linked the first in full, only by its margins. The
// intruder knows every number both tables print, interior cells included, and bounds each
// hidden small count of either by linear programs of their own over the records per
// combination of service, risk and sentence type (HiGHS directly, not the app's models). None
// may be narrowed below its count plus the threshold.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISTRICTS, ROSH_LEVELS, OFFENDER_SERVICES, SENTENCE_TYPES } from '../../../shared/codebook.ts';
import { openRelease, publicationsOf } from '../../../src-main/store/publications.ts';
import { generated, openWorld, type ReportWorld } from '../report/reportTestKit.ts';
import { mostOverPatterns, patternSum } from './patternIntruder.ts';

const THRESHOLD = 5;
const X = 'service';
const Y = 'rosh';
const Z = 'sentence_type';
const FIELDS = [X, Y, Z] as const;
const DOMAINS: Record<string, readonly string[]> = { [X]: OFFENDER_SERVICES, [Y]: ROSH_LEVELS, [Z]: SENTENCE_TYPES };
const PATTERNS = OFFENDER_SERVICES.length * ROSH_LEVELS.length * SENTENCE_TYPES.length;

type Key = Record<string, string>;

/** A pattern's category of each field. */
function categoriesOf(pattern: number): Key {
  const key: Key = {};
  let rest = pattern;
  for (const field of FIELDS) {
    const domain = DOMAINS[field]!;
    key[field] = domain[rest % domain.length]!;
    rest = Math.floor(rest / domain.length);
  }
  return key;
}

const inCell = (pattern: number, key: Key) => Object.entries(key).every(([f, c]) => categoriesOf(pattern)[f] === c);

function specOf(district: string, rows: string[], cols: string[]) {
  return {
    cohort: 'offenders',
    measure: 'records',
    rows,
    cols,
    filters: [
      { kind: 'in', field: 'district', in: [district] },
      { kind: 'in', field: 'sex', in: ['Female'] },
    ],
  };
}

interface Target {
  id: string;
  value: number;
  members: number[];
}

describe('two tables of a release sharing one field', () => {
  let world: ReportWorld;
  beforeAll(async () => {
    world = await openWorld();
    await world.importFile('offenders', await generated(world, 'offenders', 3000, 31));
  }, 300_000);
  afterAll(async () => world?.close());

  it.each(DISTRICTS.filter((d) => d !== 'Unknown' && d !== 'Outside area').map((d) => [d]))(
    'narrows no hidden small count of either, every printed cell known: %s',
    async (district) => {
      await world.dispatcher.call('releases.start', { name: `partly linked ${district}` });
      const outputs = { [`${district} A`]: specOf(district, [X], [Y]), [`${district} B`]: specOf(district, [X], [Z]) };
      for (const [name, query] of Object.entries(outputs)) {
        await world.dispatcher.call('figures.save', { figure: { name, chart: 'table', query } });
        await world.dispatcher.call('export.figure', { name, format: 'csv', path: world.file(`${name}.csv`) });
      }
      const db = world.services.session.current().db;
      const tables = publicationsOf(db, openRelease(db)!.id).flatMap((p) => p.tables);
      expect(tables).toHaveLength(2);
      const equations: string[] = [];
      const targets: Target[] = [];
      const terms = (members: readonly number[]) => members.map((p) => `x${p}`);
      for (const [t, table] of tables.entries()) {
        for (const cell of table.cells) {
          const members = Array.from({ length: PATTERNS }, (_, p) => p).filter((p) => inCell(p, cell.key));
          if (cell.shown !== null) {
            expect(cell.value > 0 && cell.value < THRESHOLD).toBe(false);
            equations.push(`${patternSum(terms(members))} = ${cell.shown}`);
          } else if (cell.value > 0 && cell.value < THRESHOLD) {
            targets.push({ id: `table ${t + 1} ${JSON.stringify(cell.key)}`, value: cell.value, members });
          }
        }
      }
      const out: string[] = [];
      for (const target of targets) {
        const most = await mostOverPatterns(equations, terms(target.members), PATTERNS);
        if (most < target.value + THRESHOLD - 1e-6) out.push(`${target.id} holds ${target.value}, at most ${most}`);
      }
      // Small counts hidden in both tables: the attack has something to narrow.
      expect(targets.length).toBeGreaterThan(4);
      expect(out).toEqual([]);
    },
    300_000,
  );
});
