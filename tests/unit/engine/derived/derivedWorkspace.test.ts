// The derived fields through the real services on a real encrypted workspace filled by the
// importer: the tables the analyst gets (records, persons, crossed with the imported flag)
// against the oracle run on the very extract imported, and a protected export read back from
// disk. Person keys are the importer's (HMAC of the reference), so persons are matched by
// reference in the oracle.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NEXT_VICTIMISATION_BANDS, VICTIMISATION_BANDS } from '../../../../shared/codebook.ts';
import type { QueryResult, QuerySpecInput } from '../../../../shared/query.ts';
import { isoToDays } from '../../../../src-main/engine/dates.ts';
import { generated, openWorld, type ReportWorld } from '../../report/reportTestKit.ts';
import { countBand, gapBand, repeatOracle, type HistoryRow } from './oracles.ts';

let world: ReportWorld;
let victims: Record<string, string>[];
let offenders: Record<string, string>[];

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function writeCsv(path: string, rows: readonly Record<string, string>[]): void {
  const headers = Object.keys(rows[0] ?? {});
  writeFileSync(
    path,
    `${[headers.join(','), ...rows.map((r) => headers.map((h) => csvCell(r[h] ?? '')).join(','))].join('\n')}\n`,
  );
}

/** A generated extract whose persons come back often (a tenth of the references reused), with a hand-made person and some records with no reference. */
function victimsExtract(source: string): Record<string, string>[] {
  const rows = parse(readFileSync(source, 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
  const refs = rows.map((r) => r.person_ref ?? '');
  rows.forEach((row, i) => {
    if (i % 3 === 0) row.person_ref = refs[Math.floor(i / 30)] as string;
    if (i % 97 === 0) row.person_ref = '';
  });
  const template = rows[1] as Record<string, string>;
  for (const date of ['2021-01-01', '2021-07-01', '2022-02-01'])
    rows.push({
      ...template,
      person_ref: 'HAND-CHECKED-1',
      date,
      month: date.slice(0, 7),
      financial_year: date < '2021-04-01' ? '2020/21' : date < '2022-04-01' ? '2021/22' : '2022/23',
    });
  return rows;
}

beforeAll(async () => {
  world = await openWorld();
  victims = victimsExtract(await generated(world, 'victims', 3000, 17));
  writeCsv(world.file('victims.csv'), victims);
  await world.importFile('victims', world.file('victims.csv'));
  const offendersFile = await generated(world, 'offenders', 1500, 18);
  offenders = parse(readFileSync(offendersFile, 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
  await world.importFile('offenders', offendersFile);
}, 120_000);
afterAll(async () => world?.close());

const raw = (spec: QuerySpecInput): Promise<QueryResult> =>
  world.dispatcher.call('engine.query', { disclosure: null, ...spec }) as Promise<QueryResult>;

/** A one-field table as label → count. */
function byLabel(result: QueryResult): Map<string, number> {
  return new Map(result.rows.keys.map((k, i) => [k.join(' / '), result.rowTotals[i] as number]));
}

function tally(labels: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const l of labels) out.set(l, (out.get(l) ?? 0) + 1);
  return out;
}

function sameCounts(actual: Map<string, number>, expected: Map<string, number>): void {
  const keys = [...new Set([...actual.keys(), ...expected.keys()])].sort();
  expect(keys.map((k) => [k, actual.get(k) ?? 0])).toEqual(keys.map((k) => [k, expected.get(k) ?? 0]));
}

/** The oracle over the imported extract: persons numbered by reference, rows in file order. */
function victimsOracle(windowDays: number) {
  const personOf = new Map<string, number>();
  const history: HistoryRow[] = victims.map((r) => {
    const ref = r.person_ref ?? '';
    if (ref !== '' && !personOf.has(ref)) personOf.set(ref, personOf.size);
    return { person: ref === '' ? -1 : (personOf.get(ref) as number), day: r.date ? isoToDays(r.date) : null };
  });
  return { history, oracle: repeatOracle(history, windowDays) };
}

describe('repeat victimisation on an imported workspace', () => {
  it('counts records by victimisations in the window, and by time to the next, as the oracle does', async () => {
    const { history, oracle } = victimsOracle(365);
    const inWindow = history.map((r, i) =>
      r.person < 0 ? 'No person key' : oracle.inWindow[i] == null ? 'Unknown' : countBand(oracle.inWindow[i] as number),
    );
    sameCounts(byLabel(await raw({ cohort: 'victims', rows: ['repeat_in_window'] })), tally(inWindow));
    const gaps = history.map((r, i) =>
      r.person < 0 ? 'No person key' : oracle.inWindow[i] == null ? 'Unknown' : gapBand(oracle.nextGap[i] ?? null, 365),
    );
    sameCounts(byLabel(await raw({ cohort: 'victims', rows: ['repeat_next_gap'] })), tally(gaps));
    // The extract has what the test is about.
    expect(inWindow.filter((l) => l !== '1' && l !== 'No person key').length).toBeGreaterThan(100);
    expect(inWindow.filter((l) => l === 'No person key').length).toBeGreaterThan(20);
  });

  it('counts persons by the most victimisations in any window, and the repeat rate of persons', async () => {
    const { oracle } = victimsOracle(365);
    const most = [...oracle.mostInWindow.values()];
    const expected = tally(most.map(countBand));
    const result = byLabel(await raw({ cohort: 'victims', rows: ['repeat_person_most'], measure: 'persons' }));
    result.delete('No person key');
    sameCounts(result, expected);
    const repeat = await raw({ cohort: 'victims', rows: ['repeat_person'], measure: 'persons', percent: 'total' });
    const yes = repeat.rows.keys.findIndex((k) => k[0] === 'Yes');
    expect(repeat.rowTotals[yes]).toBe(most.filter((m) => m > 1).length);
  });

  it('crosses the computed repeat flag with the imported one, cell by cell', async () => {
    const { history, oracle } = victimsOracle(365);
    const imported = (v: string | undefined) => (v === 'true' ? 'Yes' : v === 'false' ? 'No' : 'Unknown');
    const pairs = history.map((r, i) => {
      const count = oracle.inWindow[i];
      const computed = count == null ? 'Unknown' : count > 1 ? 'Yes' : 'No';
      return `${computed} / ${imported(victims[i]?.repeat_victim)}`;
    });
    const result = await raw({ cohort: 'victims', rows: ['repeat_record'], cols: ['repeat_victim'] });
    const cells = new Map<string, number>();
    result.rows.keys.forEach((r, i) =>
      result.cols.keys.forEach((c, j) => cells.set(`${r[0]} / ${c[0]}`, result.counts[i]?.[j] as number)),
    );
    for (const [key, n] of [...cells]) if (n === 0) cells.delete(key);
    sameCounts(cells, tally(pairs));
    // The agreement beside the table, over the records where both flags are known.
    const known = pairs.filter((p) => !p.includes('Unknown'));
    const agreed = known.filter((p) => p === 'Yes / Yes' || p === 'No / No').length;
    expect(result.meta.warnings.join(' ')).toContain(
      `agree on ${((100 * agreed) / known.length).toFixed(1)}% of the ${known.length.toLocaleString('en-GB')} records`,
    );
  });

  it('takes the query’s own window, beside the default one, and names the fields as asked', async () => {
    const labelsAt = (windowDays: number) => {
      const { history, oracle } = victimsOracle(windowDays);
      return history.map((r, i) =>
        r.person < 0
          ? 'No person key'
          : oracle.inWindow[i] == null
            ? 'Unknown'
            : countBand(oracle.inWindow[i] as number),
      );
    };
    for (const days of [90, 730, 365]) {
      const result = await raw({ cohort: 'victims', rows: ['repeat_in_window'], window: { days } });
      expect(result.rows.fields).toEqual(['repeat_in_window']);
      expect((result.spec as { window?: { days: number } }).window).toEqual({ days });
      sameCounts(byLabel(result), tally(labelsAt(days)));
    }
    // A filter on a windowed field, by district: records that are repeats within two years.
    const { history, oracle } = victimsOracle(730);
    const repeats = history.flatMap((_r, i) => ((oracle.inWindow[i] ?? 0) > 1 ? [victims[i]?.district ?? ''] : []));
    const byDistrict = await raw({
      cohort: 'victims',
      rows: ['district'],
      filters: [{ kind: 'equals', field: 'repeat_record', equals: true }],
      window: { days: 730 },
    });
    const counted = byLabel(byDistrict);
    for (const [key, n] of [...counted]) if (n === 0) counted.delete(key);
    sameCounts(counted, tally(repeats));
    // The default window is still the one without a window.
    sameCounts(byLabel(await raw({ cohort: 'victims', rows: ['repeat_in_window'] })), tally(labelsAt(365)));
  });

  it('gives the repeat rate of offences by offence group, and of persons by sex, as the oracle does', async () => {
    const { history, oracle } = victimsOracle(365);
    /** The Yes and No cells of a table whose columns are a repeat flag, as `row / flag` → count. */
    const flagCells = (result: QueryResult): Map<string, number> => {
      const cells = new Map<string, number>();
      result.rows.keys.forEach((r, i) =>
        result.cols.keys.forEach((c, j) => {
          const n = result.counts[i]?.[j] ?? 0;
          if ((c[0] === 'Yes' || c[0] === 'No') && n > 0) cells.set(`${r[0]} / ${c[0]}`, n);
        }),
      );
      return cells;
    };
    // Offences: each dated record of a person with a key, a repeat when it is not their first in the window.
    const offences = history.flatMap((r, i) => {
      const count = oracle.inWindow[i];
      return r.person < 0 || count == null ? [] : [`${victims[i]?.offence_group} / ${count > 1 ? 'Yes' : 'No'}`];
    });
    const byGroup = await raw({ cohort: 'victims', rows: ['offence_group'], cols: ['repeat_record'] });
    sameCounts(flagCells(byGroup), tally(offences));
    // Persons: each person once per sex they are recorded with, a repeat victim when any window holds two or more.
    const persons = new Set(
      history.flatMap((r, i) => {
        const most = oracle.mostInWindow.get(r.person);
        return most === undefined ? [] : [`${r.person} ${victims[i]?.sex} / ${most > 1 ? 'Yes' : 'No'}`];
      }),
    );
    const bySex = await raw({ cohort: 'victims', rows: ['sex'], cols: ['repeat_person'], measure: 'persons' });
    sameCounts(flagCells(bySex), tally([...persons].map((p) => p.slice(p.indexOf(' ') + 1))));
    expect(offences.filter((o) => o.endsWith('Yes')).length).toBeGreaterThan(50);
    expect([...persons].filter((p) => p.endsWith('Yes')).length).toBeGreaterThan(20);
  });

  it('lists the derived fields in the codebook the screens read, with their categories', async () => {
    const codebook = (await world.dispatcher.call('codebook.get', {})) as {
      columns: { name: string; categories: string[]; cohorts: string[] }[];
    };
    const column = (name: string) => codebook.columns.find((c) => c.name === name);
    expect(column('repeat_in_window')?.categories).toEqual([...VICTIMISATION_BANDS]);
    expect(column('repeat_next_gap')?.categories).toEqual([...NEXT_VICTIMISATION_BANDS]);
    expect(column('needs_combination')?.cohorts).toEqual(['offenders']);
  });
});

describe('offender needs on an imported workspace', () => {
  it('gives the proven reoffending rate by number of needs as the extract does', async () => {
    const result = await raw({ cohort: 'offenders', rows: ['needs_count'], cols: ['reoffended'], percent: 'row' });
    const band = (r: Record<string, string>) => {
      const flags = Object.keys(r)
        .filter((k) => k.startsWith('need_'))
        .map((k) => r[k]);
      if (flags.every((f) => f === '')) return 'Unknown';
      const n = flags.filter((f) => f === 'true').length;
      return n >= 3 ? '3+' : String(n);
    };
    const reoffended = (r: Record<string, string>) =>
      r.reoffended === 'true' ? 'Yes' : r.reoffended === 'false' ? 'No' : 'Unknown';
    result.rows.keys.forEach((key, i) => {
      const rows = offenders.filter((r) => band(r) === key[0]);
      expect(result.rowTotals[i]).toBe(rows.length);
      const yes = result.cols.keys.findIndex((c) => c[0] === 'Yes');
      const reoff = rows.filter((r) => reoffended(r) === 'Yes').length;
      expect(result.counts[i]?.[yes]).toBe(reoff);
      if (rows.length > 0) expect(result.percents?.[i]?.[yes]).toBeCloseTo((100 * reoff) / rows.length, 1);
    });
  });
});

describe('an export of a derived field', () => {
  it('writes the protected table to disk with the derived categories and the published numbers', async () => {
    const query: QuerySpecInput = { cohort: 'victims', rows: ['repeat_next_gap'], cols: ['district'] };
    await world.dispatcher.call('figures.save', {
      figure: { name: 'next victimisation', title: 'Time to the next victimisation', chart: 'table', query },
      overwrite: true,
    });
    const path = world.file('next.csv');
    await world.dispatcher.call('export.figure', { name: 'next victimisation', format: 'csv', path });
    const text = readFileSync(path, 'utf8');
    const published = (await world.dispatcher.call('engine.query', query)) as QueryResult;
    expect(text).toContain('Time to the next victimisation');
    for (const [i, key] of published.rows.keys.entries()) {
      const line = text.split(/\r?\n/).find((l) => l.startsWith(`${key[0]},`) || l.startsWith(`"${key[0]}"`));
      expect(line, key[0]).toBeDefined();
      const total = published.rowTotals[i];
      if (total !== null && total !== undefined) expect(line).toContain(String(total));
    }
  });

  it('refuses, in the same release, the same fields over another window', async () => {
    const query: QuerySpecInput = {
      cohort: 'victims',
      rows: ['repeat_next_gap'],
      cols: ['district'],
      window: { days: 730 },
    };
    // The release publishes the default window's table first (as the test above may have done too).
    const { window: _twoYears, ...oneYear } = query;
    await world.dispatcher.call('figures.save', {
      figure: { name: 'next victimisation, one year', title: 'Within a year', chart: 'table', query: oneYear },
      overwrite: true,
    });
    await world.dispatcher.call('export.figure', {
      name: 'next victimisation, one year',
      format: 'csv',
      path: world.file('next-365.csv'),
    });
    expect(existsSync(world.file('next-365.csv'))).toBe(true);
    await world.dispatcher.call('figures.save', {
      figure: { name: 'next victimisation, two years', title: 'Within two years', chart: 'table', query },
      overwrite: true,
    });
    const path = world.file('next-730.csv');
    const refused = await world.dispatcher
      .call('export.figure', { name: 'next victimisation, two years', format: 'csv', path })
      .then(
        () => 'exported',
        (error: unknown) => (error as { code?: string }).code,
      );
    expect(refused).toBe('DISCLOSURE_REQUIRED');
    expect(existsSync(path)).toBe(false);
  });
});
