// The derived fields on packed snapshots of generated records: every value against the plain
// oracle, and the hand-checked cases (three victimisations in 13 months; three offenders'
// needs); rows with no person key or no date left out and counted.
import { describe, expect, it } from 'vitest';
import { ENHANCED_RIGHTS, NEEDS, SERVICES_USED, UNKNOWN } from '../../../../shared/codebook.ts';
import { isoToDays, NULL_DAY } from '../../../../src-main/engine/dates.ts';
import { withDerivedFields } from '../../../../src-main/engine/derived/registry.ts';
import { agreementNote, agreementOf } from '../../../../src-main/engine/derived/agreement.ts';
import { funnelOf } from '../../../../src-main/engine/derived/servicesFunnel.ts';
import { packSnapshot, type RawDimension } from '../../../../src-main/engine/packSnapshot.ts';
import type { CohortSnapshot } from '../../../../src-main/engine/snapshot.ts';
import { mulberry32 } from '../syntheticWorkspace.ts';
import { countBand, gapBand, repeatOracle, type HistoryRow } from './oracles.ts';

const FLAG = ['Yes', 'No', UNKNOWN];

function flagColumn(name: string, values: readonly (boolean | null)[]): RawDimension {
  return {
    name,
    kind: 'flag',
    open: false,
    labels: FLAG,
    codes: Uint8Array.from(values, (v) => (v === null ? 2 : v ? 0 : 1)),
  };
}

function victimsSnapshot(rows: readonly HistoryRow[], dimensions: RawDimension[] = [], windowDays?: number) {
  const packed = packSnapshot({
    cohort: 'victims',
    rowCount: rows.length,
    personIds: Int32Array.from(rows, (r) => r.person),
    dimensions,
    dates: [{ name: 'date', days: Int32Array.from(rows, (r) => r.day ?? NULL_DAY) }],
    numbers: [],
    warnings: [],
  });
  return { packed, derived: withDerivedFields(packed, windowDays ? { windowDays } : undefined) };
}

function labelAt(snapshot: CohortSnapshot, field: string, row: number): string {
  const column = snapshot.dimensions[field];
  if (!column) throw new Error(`no ${field}`);
  return column.labels[column.codes[row] as number] as string;
}

/** The packed rows as the oracle reads them (persons and days in the snapshot's row order). */
function historyOf(snapshot: CohortSnapshot): HistoryRow[] {
  const days = snapshot.dates.date?.days as Int32Array;
  return Array.from(snapshot.personIds, (person, i) => ({
    person,
    day: days[i] === NULL_DAY ? null : (days[i] as number),
  }));
}

/** Persons with known histories: bursts of victimisations, same-day pairs, gaps over a year; some rows without a person or a date. */
function generatedHistories(seed: number, persons: number): HistoryRow[] {
  const random = mulberry32(seed);
  const rows: HistoryRow[] = [];
  const start = isoToDays('2019-04-01');
  for (let p = 0; p < persons; p++) {
    const records = 1 + Math.floor(random() ** 3 * 9);
    let day = start + Math.floor(random() * 1400);
    for (let r = 0; r < records; r++) {
      rows.push({ person: p, day: random() < 0.03 ? null : day });
      const step = random();
      day += step < 0.15 ? 0 : step < 0.6 ? Math.floor(random() * 120) : Math.floor(random() * 500);
    }
  }
  // A few persons with long histories (over a hundred records, same days among them).
  for (let p = persons; p < persons + 3; p++)
    for (let r = 0; r < 150; r++) rows.push({ person: p, day: start + Math.floor(random() * 900) });
  for (let k = 0; k < persons / 10; k++) rows.push({ person: -1, day: start + Math.floor(random() * 1400) });
  // The extract's order is not by person: shuffle, so packing has work to do.
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [rows[i], rows[j]] = [rows[j] as HistoryRow, rows[i] as HistoryRow];
  }
  return rows;
}

describe('repeat victimisation', () => {
  it('counts a person victimised three times in 13 months, with a 12-month window, by hand', () => {
    const rows = [
      { person: 0, day: isoToDays('2023-01-01') },
      { person: 0, day: isoToDays('2023-07-01') },
      { person: 0, day: isoToDays('2024-02-01') },
      { person: 1, day: isoToDays('2023-03-01') },
    ];
    const { derived } = victimsSnapshot(rows);
    // Rows 0-2 are person 0's in date order; row 3 is person 1's only record.
    const column = (field: string) => [0, 1, 2, 3].map((i) => labelAt(derived, field, i));
    // 1 Feb 2024 is 396 days after 1 Jan 2023: only July and February are in its window.
    expect(column('repeat_in_window')).toEqual(['1', '2', '2', '1']);
    expect(column('repeat_record')).toEqual(['No', 'Yes', 'Yes', 'No']);
    expect(column('repeat_person_most')).toEqual(['2', '2', '2', '1']);
    expect(column('repeat_person')).toEqual(['Yes', 'Yes', 'Yes', 'No']);
    // 181 days, then 215 days, then none.
    expect(column('repeat_next_gap')).toEqual([
      '91-182 days',
      '183-365 days',
      'None within the window',
      'None within the window',
    ]);
    // A two-year window takes all three into the last one's.
    const wide = victimsSnapshot(rows, [], 730).derived;
    expect([0, 1, 2].map((i) => labelAt(wide, 'repeat_in_window', i))).toEqual(['1', '2', '3-4']);
  });

  it.each([365, 90, 730])(
    'agrees with the nested-loop oracle on generated histories (window %i days)',
    (windowDays) => {
      const { derived } = victimsSnapshot(generatedHistories(7 + windowDays, 3000), [], windowDays);
      const history = historyOf(derived);
      const oracle = repeatOracle(history, windowDays);
      let repeats = 0;
      history.forEach((row, i) => {
        const count = oracle.inWindow[i] ?? null;
        const noPerson = row.person < 0;
        const expected =
          count === null
            ? {
                inWindow: noPerson ? 'No person key' : UNKNOWN,
                repeat: UNKNOWN,
                gap: noPerson ? 'No person key' : UNKNOWN,
              }
            : {
                inWindow: countBand(count),
                repeat: count > 1 ? 'Yes' : 'No',
                gap: gapBand(oracle.nextGap[i] ?? null, windowDays),
              };
        if (count !== null && count > 1) repeats++;
        const most = noPerson ? undefined : oracle.mostInWindow.get(row.person);
        const expectedMost = noPerson ? 'No person key' : most === undefined ? UNKNOWN : countBand(most);
        const actual = {
          inWindow: labelAt(derived, 'repeat_in_window', i),
          repeat: labelAt(derived, 'repeat_record', i),
          gap: labelAt(derived, 'repeat_next_gap', i),
        };
        if (JSON.stringify(actual) !== JSON.stringify(expected))
          expect({ row: i, ...actual }).toEqual({ row: i, ...expected });
        expect(labelAt(derived, 'repeat_person_most', i)).toBe(expectedMost);
        expect(labelAt(derived, 'repeat_person', i)).toBe(most === undefined ? UNKNOWN : most > 1 ? 'Yes' : 'No');
      });
      // The data has what the test is about: repeats, first records and rows left out.
      expect(repeats).toBeGreaterThan(500);
      expect(history.filter((r) => r.person < 0).length).toBe(300);
      expect(derived.warnings.join(' ')).toContain('300 victims’ records have no person key');
    },
  );

  it('leaves the imported columns and the row order as they were', () => {
    const rows = generatedHistories(3, 200);
    const { packed, derived } = victimsSnapshot(rows);
    expect(derived.personIds).toBe(packed.personIds);
    expect(derived.dates).toBe(packed.dates);
    expect(Object.keys(derived.dimensions).sort()).toEqual(
      ['repeat_in_window', 'repeat_next_gap', 'repeat_person', 'repeat_person_most', 'repeat_record'].sort(),
    );
  });
});

describe('offender needs', () => {
  const needNames = NEEDS.map(([name]) => name);

  function offendersSnapshot(persons: readonly number[], needs: readonly (readonly (boolean | null)[])[]) {
    return withDerivedFields(
      packSnapshot({
        cohort: 'offenders',
        rowCount: persons.length,
        personIds: Int32Array.from(persons),
        dimensions: needNames.map((name, k) =>
          flagColumn(
            name,
            needs.map((row) => (row[k] === undefined ? false : row[k])),
          ),
        ),
        dates: [],
        numbers: [],
        warnings: [],
      }),
    );
  }

  it('counts and names the needs of three offenders, by hand', () => {
    const has = (...names: string[]) => needNames.map((n) => names.includes(n));
    const derived = offendersSnapshot(
      [0, 1, 2],
      [
        has('need_accommodation', 'need_drugs'),
        has('need_accommodation', 'need_drugs', 'need_alcohol'),
        has('need_accommodation', 'need_drugs'),
      ],
    );
    expect([0, 1, 2].map((i) => labelAt(derived, 'needs_count', i))).toEqual(['2', '3+', '2']);
    expect([0, 1, 2].map((i) => labelAt(derived, 'needs_combination', i))).toEqual([
      'Accommodation + Drugs',
      'Accommodation + Drugs + Alcohol',
      'Accommodation + Drugs',
    ]);
    // Most persons first.
    expect(derived.dimensions.needs_combination?.labels).toEqual([
      'Accommodation + Drugs',
      'Accommodation + Drugs + Alcohol',
    ]);
  });

  it('ranks combinations by persons, keeps the top ten and pools the rest, against a plain count', () => {
    const random = mulberry32(11);
    const persons: number[] = [];
    const needs: (boolean | null)[][] = [];
    for (let p = 0; p < 1500; p++) {
      const episodes = 1 + Math.floor(random() * 3);
      const base = needNames.map((_, k) => random() < 0.5 - k * 0.04);
      for (let e = 0; e < episodes; e++) {
        persons.push(p);
        needs.push(random() < 0.02 ? needNames.map(() => null) : base.map((v) => (random() < 0.1 ? !v : v)));
      }
    }
    const derived = offendersSnapshot(persons, needs);
    const label = (row: readonly (boolean | null)[]): string | null => {
      if (row.every((v) => v === null)) return null;
      const names = NEEDS.filter((_, k) => row[k] === true).map(([, l]) => l.replace('Need: ', ''));
      return names.length === 0 ? 'No needs' : names.map((n) => n[0]?.toUpperCase() + n.slice(1)).join(' + ');
    };
    const personsOf = new Map<string, Set<number>>();
    needs.forEach((row, i) => {
      const l = label(row);
      if (l === null || l === 'No needs') return;
      personsOf.set(l, (personsOf.get(l) ?? new Set()).add(persons[i] as number));
    });
    const ranked = [...personsOf].sort((a, b) => b[1].size - a[1].size);
    const top = derived.dimensions.needs_combination?.labels.slice(0, 10) ?? [];
    // Ties at the cut could order either way; the counts of the kept ones must be the ten largest.
    expect(top.map((l) => personsOf.get(l)?.size)).toEqual(ranked.slice(0, 10).map(([, s]) => s.size));
    expect(derived.dimensions.needs_combination?.labels.slice(10)).toEqual(['Other combinations', 'No needs', UNKNOWN]);
    // Row by row (packSnapshot keeps the order here: persons ascend already).
    needs.forEach((row, i) => {
      const l = label(row);
      const got = labelAt(derived, 'needs_combination', i);
      const expected = l === null ? UNKNOWN : l === 'No needs' || top.includes(l) ? l : 'Other combinations';
      if (got !== expected) expect({ row: i, got }).toEqual({ row: i, got: expected });
      const count = row.filter((v) => v === true).length;
      expect(labelAt(derived, 'needs_count', i)).toBe(l === null ? UNKNOWN : count >= 3 ? '3+' : String(count));
    });
  });
});

describe('victims’ services path', () => {
  it('gives each record its furthest step, and the funnel its cumulative steps and rates', () => {
    const rights = [...ENHANCED_RIGHTS, UNKNOWN];
    const used = [...SERVICES_USED, UNKNOWN];
    const cases: [string, boolean | null, string, string][] = [
      ['None', true, 'IDVA', 'Not entitled'],
      ['Under 18', false, 'None', 'Entitled'],
      ['Under 18', false, 'ISVA', 'Entitled'],
      ['Most serious crime', true, 'None', 'Referred'],
      ['Persistently targeted', true, 'ISVA', 'Service used'],
      ['Vulnerable or intimidated', true, 'Other', 'Service used'],
      [UNKNOWN, true, 'ISVA', UNKNOWN],
      ['Under 18', null, 'ISVA', UNKNOWN],
      ['Under 18', true, UNKNOWN, UNKNOWN],
    ];
    const { derived } = victimsSnapshot(
      cases.map((_, i) => ({ person: i, day: 18000 })),
      [
        {
          name: 'enhanced_rights',
          kind: 'category',
          open: false,
          labels: rights,
          codes: Uint8Array.from(cases, (c) => rights.indexOf(c[0])),
        },
        flagColumn(
          'referred_to_services',
          cases.map((c) => c[1]),
        ),
        {
          name: 'service_used',
          kind: 'category',
          open: false,
          labels: used,
          codes: Uint8Array.from(cases, (c) => used.indexOf(c[2])),
        },
      ],
    );
    expect(cases.map((_, i) => labelAt(derived, 'services_step', i))).toEqual(cases.map((c) => c[3]));
    // Entitled only 2, referred only 1, used 2: 5 entitled, 3 referred, 2 used.
    expect(funnelOf([2, 1, 2])).toEqual([
      { step: 'Entitled', count: 5, rate: null },
      { step: 'Referred', count: 3, rate: 3 / 5 },
      { step: 'Service used', count: 2, rate: 2 / 3 },
    ]);
  });
});

describe('agreement with the imported flag', () => {
  it('gives the share agreeing and Cohen’s kappa of a 2 × 2 table, by hand', () => {
    // 35 of 50 agree; chance agreement (25·30 + 25·20) / 50² = 0.5; kappa (0.7 − 0.5) / 0.5.
    const found = agreementOf([
      [20, 5],
      [10, 15],
    ]);
    expect(found?.n).toBe(50);
    expect(found?.agreement).toBeCloseTo(0.7, 12);
    expect(found?.kappa).toBeCloseTo(0.4, 12);
  });

  it('says nothing it cannot read off the published cells', () => {
    const table = (counts: (number | null)[][]) => ({
      rows: { fields: ['repeat_record'], keys: [['Yes'], ['No']] },
      cols: { fields: ['repeat_victim'], keys: [['Yes'], ['No']] },
      counts,
    });
    expect(
      agreementNote(
        table([
          [20, 5],
          [10, 15],
        ]),
      ),
    ).toContain('agree on 70.0% of the 50 records where both are known; Cohen’s kappa 0.40');
    expect(
      agreementNote(
        table([
          [20, null],
          [null, 15],
        ]),
      ),
    ).toContain('not shown');
    expect(agreementNote({ ...table([[1, 2]]), cols: { fields: ['district'], keys: [['Fenland']] } })).toBeNull();
  });
});
