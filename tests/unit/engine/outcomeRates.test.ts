// Outcome rates for suspects by group and by profile on a real encrypted workspace of generated
// suspects: each row's outcome groups as row percentages of its records, against the extract's
// own rows counted here (what Explore's "Outcome rates by …" switch asks for).
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueryResult } from '../../../shared/query.ts';
import { generated, openWorld, type ReportWorld } from '../report/reportTestKit.ts';

let world: ReportWorld;
let suspects: Array<Record<string, string>>;

beforeAll(async () => {
  world = await openWorld();
  const path = await generated(world, 'suspects', 3000, 23);
  suspects = parse(readFileSync(path, 'utf8'), { columns: true, bom: true }) as Array<Record<string, string>>;
  expect(await world.importFile('suspects', path)).toBe(suspects.length);
}, 120_000);
afterAll(async () => world?.close());

describe('outcome rates of suspects', () => {
  it.each(['offence_group', 'sex'])(
    'by %s: each outcome group’s share of the row, as the extract says',
    async (field) => {
      const result = (await world.dispatcher.call('engine.query', {
        cohort: 'suspects',
        rows: [field],
        cols: ['outcome_group'],
        percent: 'row',
        disclosure: null,
      })) as QueryResult;
      let compared = 0;
      result.rows.keys.forEach(([group], r) => {
        const rows = suspects.filter((s) => (s[field] || 'Unknown') === group);
        result.cols.keys.forEach(([outcome], c) => {
          const n = rows.filter((s) => (s.outcome_group || 'Unknown') === outcome).length;
          expect(result.counts[r]?.[c], `${group} / ${outcome}`).toBe(n);
          if (rows.length === 0) return;
          expect(result.percents?.[r]?.[c]).toBeCloseTo((100 * n) / rows.length, 9);
          if (n > 0) compared += 1;
        });
      });
      expect(compared).toBeGreaterThan(5);
    },
  );
});
