// The co-occurrence of offender needs through the real API on a real workspace: the matrix
// (persons with a record flagging both needs; the diagonal, the need) against a count made
// here from the extract's own rows, with and without a filter; hand-checked small cases (needs
// on different records of one person do not co-occur; women whose alcohol need a table with
// its unknown answers hid, shown by the matrix); and, protected, each published cell equal to
// the true count, every hidden one a count the release hid.
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NEEDS } from '../../../shared/codebook.ts';
import { needShortLabel } from '../../../shared/needsCooccurrence.ts';
import type { QueryResult } from '../../../shared/query.ts';
import { generated, openWorld, type ReportWorld } from '../report/reportTestKit.ts';

type Row = Record<string, string>;
let world: ReportWorld;
let rows: Row[] = [];

beforeAll(async () => {
  world = await openWorld();
  const file = await generated(world, 'offenders', 3000, 11);
  rows = parse(readFileSync(file, 'utf8'), { columns: true, bom: true }) as Row[];
  await world.importFile('offenders', file);
}, 300_000);
afterAll(async () => world?.close());

const needFields = NEEDS.map(([field]) => field);
const labels = NEEDS.map(([, label]) => needShortLabel(label));

/** Persons with a record flagging both needs (the same need twice: flagging it), counted here from the rows. */
function matrixOf(records: readonly Row[]): number[][] {
  return needFields.map((a) =>
    needFields.map(
      (b) => new Set(records.filter((r) => r[a] === 'true' && r[b] === 'true').map((r) => r.person_ref)).size,
    ),
  );
}

async function query(spec: Record<string, unknown>): Promise<QueryResult> {
  return (await world.dispatcher.call('engine.query', { cohort: 'needs', measure: 'persons', ...spec })) as QueryResult;
}

describe('the co-occurrence of needs', () => {
  it('tells the needs audit whether every offender record has a person key, as the extract says', async () => {
    // The combination's ranking counts a record without a key as a person; the audit reads it
    // only where there is none.
    const keyed = rows.every((r) => r.person_ref !== '');
    expect(await world.services.analysis.everyRecordKeyed('offenders')).toBe(keyed);
  });

  it('counts persons with both needs on a record, as counted from the extract', async () => {
    const raw = await query({ disclosure: null });
    expect(raw.rows.keys.map((k) => k[0])).toEqual(labels);
    expect(raw.cols.keys.map((k) => k[0])).toEqual(labels);
    const expected = matrixOf(rows);
    expect(raw.counts).toEqual(expected);
    expect(raw.total).toBe(new Set(rows.map((r) => r.person_ref)).size);
    // Symmetric, and no pair holds more persons than either need.
    expected.forEach((line, i) => line.forEach((v) => expect(v).toBeLessThanOrEqual(expected[i]![i]!)));

    const women = await query({ disclosure: null, filters: [{ kind: 'in', field: 'sex', in: ['Female'] }] });
    expect(women.counts).toEqual(matrixOf(rows.filter((r) => r.sex === 'Female')));
  });

  it('publishes each cell as its true count or hides it, and never shows a small count', async () => {
    // Women of one district: few enough that small counts of a need and of a pair arise.
    const filters = [
      { kind: 'in', field: 'sex', in: ['Female'] },
      { kind: 'in', field: 'district', in: ['Fenland'] },
    ];
    const truth = matrixOf(rows.filter((r) => r.sex === 'Female' && r.district === 'Fenland'));
    expect(truth.flat().some((v) => v > 0 && v < 5)).toBe(true);
    const published = await query({ filters });
    let hidden = 0;
    published.counts.forEach((line, i) =>
      line.forEach((v, j) => {
        if (v === null) hidden++;
        else expect(v).toBe(truth[i]![j]);
        if (truth[i]![j]! > 0 && truth[i]![j]! < 5) expect(v).toBeNull();
      }),
    );
    expect(hidden).toBeGreaterThan(0);
    expect(published.suppressed.length).toBe(hidden);
    expect(published.meta.warnings.join(' ')).toContain('cells do not add up');
  }, 300_000);
});

describe('hand-checked cases', () => {
  it('counts needs on different records of one person apart', async () => {
    const small = await openWorld();
    try {
      // Three persons: A has drugs and alcohol on one record and accommodation on another; B drugs
      // alone; C drugs, alcohol and accommodation on one record.
      const template = rows[0]!;
      const record = (person: string, needs: string[]): Row => ({
        ...template,
        person_ref: person,
        ...Object.fromEntries(needFields.map((f) => [f, needs.includes(f) ? 'true' : 'false'])),
      });
      const records = [
        record('A1', ['need_drugs', 'need_alcohol']),
        record('A1', ['need_accommodation']),
        record('B2', ['need_drugs']),
        record('C3', ['need_drugs', 'need_alcohol', 'need_accommodation']),
      ];
      const headers = Object.keys(template);
      const file = small.file('hand.csv');
      writeFileSync(file, [headers.join(','), ...records.map((r) => headers.map((h) => r[h]).join(','))].join('\n'));
      await small.importFile('offenders', file);
      const raw = (await small.dispatcher.call('engine.query', {
        cohort: 'needs',
        measure: 'persons',
        disclosure: null,
      })) as QueryResult;
      const at = (a: string, b: string): number | null => raw.counts[labels.indexOf(a)]?.[labels.indexOf(b)] ?? null;
      expect(at('Drugs', 'Drugs')).toBe(3);
      expect(at('Alcohol', 'Alcohol')).toBe(2);
      expect(at('Accommodation', 'Accommodation')).toBe(2);
      expect(at('Drugs', 'Alcohol')).toBe(2);
      expect(at('Alcohol', 'Drugs')).toBe(2);
      // A's drugs and accommodation are on different records: only C has both on one.
      expect(at('Drugs', 'Accommodation')).toBe(1);
      expect(at('Alcohol', 'Accommodation')).toBe(1);
      expect(at('Finance', 'Drugs')).toBe(0);
      expect(raw.total).toBe(3);
    } finally {
      await small.close();
    }
  }, 120_000);

  it('shows the women with a need that a table of that need with its unknown answers hid', async () => {
    const small = await openWorld();
    try {
      // Women: 8 with drugs and alcohol, 30 drugs alone, 3 drugs with alcohol unknown, 10 alcohol
      // alone, 30 neither; 20 men with neither. Every other need No, one record a person.
      const template = rows[0]!;
      const records: Row[] = [];
      const add = (count: number, sex: string, drugs: string, alcohol: string): void => {
        for (let i = 0; i < count; i++)
          records.push({
            ...template,
            person_ref: `P${String(records.length + 1000)}`,
            sex,
            ...Object.fromEntries(needFields.map((f) => [f, 'false'])),
            need_drugs: drugs,
            need_alcohol: alcohol,
          });
      };
      add(8, 'Female', 'true', 'true');
      add(30, 'Female', 'true', 'false');
      add(3, 'Female', 'true', '');
      add(10, 'Female', 'false', 'true');
      add(30, 'Female', 'false', 'false');
      add(20, 'Male', 'false', 'false');
      const headers = Object.keys(template);
      const file = small.file('women.csv');
      writeFileSync(file, [headers.join(','), ...records.map((r) => headers.map((h) => r[h]).join(','))].join('\n'));
      await small.importFile('offenders', file);
      const women = [{ kind: 'in', field: 'sex', in: ['Female'] }];

      // The table the matrix used to be read from: alcohol Yes 18, No 60, Unknown 3. The 3 is
      // hidden, and so is the smaller of the others (18), or the 3 would be the total less them.
      const alcohol = (await small.dispatcher.call('engine.query', {
        cohort: 'offenders',
        rows: ['need_alcohol'],
        measure: 'persons',
        filters: women,
      })) as QueryResult;
      const at = (key: string): number | null =>
        alcohol.counts[alcohol.rows.keys.findIndex((k) => k[0] === key)]?.[0] ?? null;
      expect(alcohol.rows.keys.map((k) => k[0])).toEqual(['Yes', 'No', 'Unknown']);
      expect([at('Yes'), at('No'), at('Unknown')]).toEqual([null, 60, null]);

      // The matrix publishes only its own counts, none of them small: every one shown.
      const matrix = (await small.dispatcher.call('engine.query', {
        cohort: 'needs',
        measure: 'persons',
        filters: women,
      })) as QueryResult;
      const cell = (a: string, b: string): number | null =>
        matrix.counts[labels.indexOf(a)]?.[labels.indexOf(b)] ?? null;
      expect(cell('Alcohol', 'Alcohol')).toBe(18);
      expect(cell('Drugs', 'Drugs')).toBe(41);
      expect(cell('Drugs', 'Alcohol')).toBe(8);
      expect(cell('Alcohol', 'Drugs')).toBe(8);
      expect(cell('Finance', 'Drugs')).toBe(0);
      expect(matrix.total).toBe(81);
      expect(matrix.suppressed).toEqual([]);
    } finally {
      await small.close();
    }
  }, 120_000);

  it('hides a need whose count would bound its hidden pair', async () => {
    const small = await openWorld();
    try {
      // 6 persons with drugs, 2 of them with alcohol; 28 alcohol alone, 50 neither. The pair's 2
      // is hidden; printed, the 6 would tell that it is at most 6, short of 2 plus the protection
      // (5): so the 6 is hidden too. Alcohol's 30 bounds it to 30 and is shown.
      const template = rows[0]!;
      const records: Row[] = [];
      const add = (count: number, drugs: string, alcohol: string): void => {
        for (let i = 0; i < count; i++)
          records.push({
            ...template,
            person_ref: `Q${String(records.length + 1000)}`,
            ...Object.fromEntries(needFields.map((f) => [f, 'false'])),
            need_drugs: drugs,
            need_alcohol: alcohol,
          });
      };
      add(2, 'true', 'true');
      add(4, 'true', 'false');
      add(28, 'false', 'true');
      add(50, 'false', 'false');
      const headers = Object.keys(template);
      const file = small.file('six.csv');
      writeFileSync(file, [headers.join(','), ...records.map((r) => headers.map((h) => r[h]).join(','))].join('\n'));
      await small.importFile('offenders', file);
      const matrix = (await small.dispatcher.call('engine.query', {
        cohort: 'needs',
        measure: 'persons',
      })) as QueryResult;
      const cell = (a: string, b: string): number | null =>
        matrix.counts[labels.indexOf(a)]?.[labels.indexOf(b)] ?? null;
      expect(cell('Drugs', 'Alcohol')).toBeNull();
      expect(cell('Drugs', 'Drugs')).toBeNull();
      expect(cell('Alcohol', 'Alcohol')).toBe(30);
      expect(cell('Finance', 'Drugs')).toBe(0);
      expect(matrix.total).toBe(84);
    } finally {
      await small.close();
    }
  }, 120_000);
});
