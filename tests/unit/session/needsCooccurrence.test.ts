// The co-occurrence of offender needs through the real API on a real workspace: the matrix
// (persons with a record flagging both needs; the diagonal, the need) against a count made
// here from the extract's own rows, with and without a filter; a hand-checked small case
// (needs on different records of one person do not co-occur); and, protected, each published
// cell equal to the true count, every hidden one a table cell the release hid.
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
    const filters = [{ kind: 'in', field: 'sex', in: ['Female'] }];
    const truth = matrixOf(rows.filter((r) => r.sex === 'Female'));
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

describe('a hand-checked case', () => {
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
});
