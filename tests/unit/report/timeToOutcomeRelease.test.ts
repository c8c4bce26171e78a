// The time-to-outcome export goes through the release like any exported table, through the real
// dispatcher on a real encrypted workspace: suspects by offence group (records) exported first,
// then time to outcome by offence group. Its counts are the records with an outcome date, so
// the two files subtracted give the records without one: protected on its own, it pins the 2
// records of Robbery and arson without an outcome date between 0 and 2. The attacker (an LP over the finest cells, offence group by whether
// the record has an outcome date) reads both files back from disk and knows both at once; the
// same attacker against the time-to-outcome table protected on its own narrows those 2.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cover, ReleaseAttacker, type Printed } from '../disclosure/releaseAttacker.ts';
import { openWorld, type ReportWorld } from './reportTestKit.ts';
import { importTimedSuspects, TIMED_GROUPS } from './timedSuspects.ts';

const THRESHOLD = 5;
const TIMED = ['Yes', 'No'];

let world: ReportWorld;

/** The lines of a CSV export before its notes, as objects by header. */
function csvTable(path: string): Array<Record<string, string>> {
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  const table = text.split(/\r?\n\r?\n/)[0] ?? '';
  return parse(table, { columns: true, relax_column_count: true }) as Array<Record<string, string>>;
}

beforeAll(async () => {
  world = await openWorld();
  const records = await importTimedSuspects(world);
  expect(records).toBe(Object.values(TIMED_GROUPS).reduce((n, g) => n + g.timed + g.untimed, 0));
}, 300_000);
afterAll(async () => world?.close());

describe('the time-to-outcome export in a release', () => {
  it('is recorded in the register and protected together with the suspects table', async () => {
    await world.dispatcher.call('figures.save', {
      figure: {
        name: 'Suspects by offence group',
        title: 'Suspects by offence group',
        chart: 'table',
        query: { cohort: 'suspects', rows: ['offence_group'], measure: 'records' },
      },
      overwrite: true,
    });
    const tableFile = world.file('suspects.csv.out.csv');
    await world.dispatcher.call('export.figure', { name: 'Suspects by offence group', format: 'csv', path: tableFile });
    const outcomeFile = world.file('outcomes.csv');
    const outcome = await world.dispatcher.call('export.timeToOutcome', {
      spec: { rows: ['offence_group'], disclosure: { threshold: THRESHOLD } },
      path: outcomeFile,
      format: 'csv',
      title: 'Days to outcome by offence group',
    });

    // (a) The register lists both, newest first, with the cells the second hid because of the first.
    const register = await world.dispatcher.call('publications.list', {});
    expect(register.publications.map((p) => [p.kind, p.title])).toEqual([
      ['table', 'Days to outcome by offence group'],
      ['table', 'Suspects by offence group'],
    ]);
    const [outcomeEntry] = register.publications;
    expect(outcomeEntry!.destination).toBe(outcome.path);
    expect(outcomeEntry!.reasons).toEqual(outcome.reasons);
    expect(outcome.reasons.map((r) => r.reason)).toEqual([
      expect.stringContaining('hidden because of ‘Suspects by offence group’'),
    ]);

    // (c) Both files read back from disk: every printed count, as the attacker sees it.
    const groups = Object.keys(TIMED_GROUPS);
    const tableRows = csvTable(tableFile);
    const outcomeRows = csvTable(outcomeFile);
    const domain = outcomeRows.map((r) => r['Offence group']!).filter((g) => g !== 'All');
    expect(domain).toEqual(expect.arrayContaining(groups));
    const countOf = (group: string, timed: readonly string[]): number =>
      timed.reduce(
        (n, t) =>
          n + (TIMED_GROUPS[group] ? (t === 'Yes' ? TIMED_GROUPS[group].timed : TIMED_GROUPS[group].untimed) : 0),
        0,
      );
    const printed: Printed[] = [];
    const numberOf = (text: string | undefined): number | null =>
      text !== undefined && /^\d+$/.test(text) ? Number(text) : null;
    for (const row of outcomeRows) {
      const group = row['Offence group']!;
      const value = numberOf(row.Records);
      const cover: Cover = group === 'All' ? { timed: ['Yes'] } : { offence_group: [group], timed: ['Yes'] };
      if (value !== null) {
        expect(value).toBe(
          group === 'All' ? groups.reduce((n, g) => n + countOf(g, ['Yes']), 0) : countOf(group, ['Yes']),
        );
        printed.push({ cover, value });
      } else {
        for (const quartile of ['Lower quartile (days)', 'Median (days)', 'Upper quartile (days)'])
          expect(row[quartile]).toBe('[c]');
      }
    }
    const headers = Object.keys(tableRows[0] ?? {});
    for (const row of tableRows) {
      const group = row[headers[0]!]!;
      const value = numberOf(row[headers[1]!]);
      if (value === null || !(domain.includes(group) || /^(All|Total)$/.test(group))) continue;
      const cover: Cover = domain.includes(group) ? { offence_group: [group] } : {};
      printed.push({ cover, value });
    }
    expect(readFileSync(outcomeFile, 'utf8')).toContain(
      `# ${outcome.reasons[0]!.cells} cells hidden because of ‘Suspects by offence group’`,
    );

    // (b) Knowing both files at once, no small count is narrowed to fewer than THRESHOLD values.
    const attacker = new ReleaseAttacker({ offence_group: domain, timed: TIMED });
    const narrowed = async (known: readonly Printed[]): Promise<string[]> => {
      const found: string[] = [];
      for (const group of groups) {
        for (const timed of [['Yes'], ['No'], TIMED]) {
          const value = countOf(group, timed);
          if (value === 0 || value >= THRESHOLD) continue;
          const range = await attacker.range(known, { offence_group: [group], timed });
          if (range.upper - range.lower + 1 < THRESHOLD) found.push(`${group} ${timed.join('+')} = ${value}`);
        }
      }
      return found;
    };
    expect(await narrowed(printed)).toEqual([]);

    // The same attack can succeed: the time-to-outcome table protected on its own (as Explore
    // shows it), beside the suspects table, narrows the records without an outcome date.
    const alone = await world.dispatcher.call('engine.timeToOutcome', {
      rows: ['offence_group'],
      disclosure: { threshold: THRESHOLD },
    });
    const printedAlone: Printed[] = printed.filter((p) => p.cover.timed === undefined);
    alone.rows.keys.forEach(([group], r) => {
      const value = alone.cells[r]![0]!.records;
      if (value !== null) printedAlone.push({ cover: { offence_group: [group!], timed: ['Yes'] }, value });
    });
    if (alone.total.records !== null) printedAlone.push({ cover: { timed: ['Yes'] }, value: alone.total.records });
    expect((await narrowed(printedAlone)).length).toBeGreaterThan(0);
  }, 600_000);
});
