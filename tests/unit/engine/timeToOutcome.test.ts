// Time to outcome: the quartiles of each cell's days from offence to outcome, read off
// histograms by the engine, against jStat's percentile of the sorted days of the same records
// (generated suspects with known dates), and a small case worked by hand. Then the published
// table: a cell with too few records or too few persons prints [c] for its quartiles.
import jStat from 'jstat';
import { describe, expect, it } from 'vitest';
import { publishTimeToOutcome } from '../../../src-main/app/analysis/timeToOutcome.ts';
import { NULL_DAY } from '../../../src-main/engine/dates.ts';
import { timeToOutcomeTable } from '../../../src-main/engine/analyses/outcomes.ts';
import { packSnapshot } from '../../../src-main/engine/packSnapshot.ts';
import type { CohortSnapshot } from '../../../src-main/engine/snapshot.ts';
import { TimeToOutcomeSpecSchema } from '../../../shared/contract/outcomes.ts';
import { seededRandom as random } from '../../helpers/seeded.ts';

/** jStat's percentile with its inclusive definition, k(n − 1) + 1 as the 1-based rank: type 7. */
const percentile = (jStat as unknown as { percentile(values: number[], k: number): number }).percentile;

interface Suspect {
  person: number;
  group: string;
  sex: string;
  offence: number;
  /** null: no outcome date. */
  outcome: number | null;
}

const GROUPS = ['Burglary', 'Robbery', 'Theft'];
const SEXES = ['Female', 'Male'];

function snapshotOf(suspects: readonly Suspect[]): CohortSnapshot {
  return packSnapshot({
    cohort: 'suspects',
    rowCount: suspects.length,
    personIds: Int32Array.from(suspects, (s) => s.person),
    dimensions: [
      {
        name: 'offence_group',
        kind: 'category',
        open: false,
        labels: GROUPS,
        codes: Uint8Array.from(suspects, (s) => GROUPS.indexOf(s.group)),
      },
      {
        name: 'sex',
        kind: 'category',
        open: false,
        labels: SEXES,
        codes: Uint8Array.from(suspects, (s) => SEXES.indexOf(s.sex)),
      },
    ],
    dates: [
      { name: 'date', days: Int32Array.from(suspects, (s) => s.offence) },
      { name: 'outcome_date', days: Int32Array.from(suspects, (s) => s.outcome ?? NULL_DAY) },
    ],
    numbers: [],
    warnings: [],
  });
}

function generated(count: number, seed: number): Suspect[] {
  const next = random(seed);
  const suspects: Suspect[] = [];
  let person = 0;
  for (let i = 0; i < count; i++) {
    if (next() < 0.7) person++; // about three in ten records are a person's second or later
    const offence = 18_000 + Math.floor(next() * 700);
    const outcome = next() < 0.2 ? null : offence + Math.floor(next() * next() * 400);
    suspects.push({
      person,
      group: GROUPS[Math.floor(next() * GROUPS.length)] as string,
      sex: SEXES[Math.floor(next() * SEXES.length)] as string,
      offence,
      outcome,
    });
  }
  return suspects;
}

const days = (rows: readonly Suspect[]): number[] =>
  rows.filter((s) => s.outcome !== null).map((s) => (s.outcome as number) - s.offence);

describe('time to outcome in the engine', () => {
  it('gives the quartiles, records and persons of a small case worked by hand', () => {
    // Burglary: 2, 4, 7, 10, 30 days (person 1 twice) → Q1 = 4, median = 7, Q3 = 10 (ranks 2, 3, 4 of 5).
    // Robbery: 1, 2, 3, 4 days → Q1 = 1 + 0.75 × 1 = 1.75, median = 2.5, Q3 = 3.25; one record without an outcome.
    const base = 19_000;
    const at = (person: number, group: string, span: number | null): Suspect => ({
      person,
      group,
      sex: 'Male',
      offence: base,
      outcome: span === null ? null : base + span,
    });
    const suspects = [
      at(1, 'Burglary', 2),
      at(1, 'Burglary', 30),
      at(2, 'Burglary', 4),
      at(3, 'Burglary', 7),
      at(4, 'Burglary', 10),
      at(5, 'Robbery', 3),
      at(6, 'Robbery', 1),
      at(7, 'Robbery', 4),
      at(8, 'Robbery', 2),
      at(9, 'Robbery', null),
    ];
    const table = timeToOutcomeTable(snapshotOf(suspects), { filters: [], rows: ['offence_group'], cols: [] });
    expect(table.rows.keys).toEqual(GROUPS.map((g) => [g]));
    const [burglary, robbery, theft] = table.cells.map((row) => row[0]);
    expect(burglary).toEqual({ records: 5, persons: 4, quartiles: { q1: 4, median: 7, q3: 10 } });
    expect(robbery).toEqual({ records: 4, persons: 4, quartiles: { q1: 1.75, median: 2.5, q3: 3.25 } });
    expect(theft).toEqual({ records: 0, persons: 0, quartiles: null });
    // All nine: 1, 2, 2, 3, 4, 4, 7, 10, 30 → ranks 3, 5, 7 of 9.
    expect(table.total).toEqual({ records: 9, persons: 8, quartiles: { q1: 2, median: 4, q3: 7 } });
    expect(table.recordsMatched).toBe(10);
  });

  it('matches jStat over the sorted days of every cell, total and margin of generated suspects', () => {
    const suspects = generated(6_000, 24);
    const table = timeToOutcomeTable(snapshotOf(suspects), { filters: [], rows: ['offence_group'], cols: ['sex'] });
    const expectCell = (rows: readonly Suspect[], cell: (typeof table.cells)[number][number] | undefined): void => {
      const values = days(rows);
      expect(cell?.records).toBe(values.length);
      expect(cell?.persons).toBe(new Set(rows.filter((s) => s.outcome !== null).map((s) => s.person)).size);
      for (const [key, p] of [
        ['q1', 0.25],
        ['median', 0.5],
        ['q3', 0.75],
      ] as const)
        expect(cell?.quartiles?.[key]).toBeCloseTo(percentile(values, p), 9);
    };
    GROUPS.forEach((group, r) => {
      SEXES.forEach((sex, c) =>
        expectCell(
          suspects.filter((s) => s.group === group && s.sex === sex),
          table.cells[r]?.[c],
        ),
      );
      expectCell(
        suspects.filter((s) => s.group === group),
        table.rowTotals[r],
      );
    });
    SEXES.forEach((sex, c) =>
      expectCell(
        suspects.filter((s) => s.sex === sex),
        table.colTotals[c],
      ),
    );
    expectCell(suspects, table.total);
  });

  it('counts only the records its filters keep', () => {
    const suspects = generated(3_000, 7);
    const snapshot = snapshotOf(suspects);
    const table = timeToOutcomeTable(snapshot, {
      filters: [{ kind: 'in', field: 'sex', in: ['Female'] }],
      rows: [],
      cols: [],
    });
    const kept = suspects.filter((s) => s.sex === 'Female');
    expect(table.recordsMatched).toBe(kept.length);
    expect(table.total.records).toBe(days(kept).length);
    expect(table.total.quartiles?.median).toBeCloseTo(percentile(days(kept), 0.5), 9);
  });

  it('says so when the suspects have no outcome dates', () => {
    const snapshot = packSnapshot({
      cohort: 'suspects',
      rowCount: 2,
      personIds: Int32Array.of(0, 1),
      dimensions: [],
      dates: [{ name: 'date', days: Int32Array.of(19_000, 19_001) }],
      numbers: [],
      warnings: [],
    });
    const table = timeToOutcomeTable(snapshot, { filters: [], rows: [], cols: [] });
    expect(table.total).toEqual({ records: 0, persons: 0, quartiles: null });
    expect(table.warnings.join(' ')).toContain('Outcome date');
  });
});

describe('time to outcome as published', () => {
  // Burglary: 12 records of 12 persons; Robbery: 3 records; Theft: 8 records of 2 persons.
  const suspects: Suspect[] = [
    ...Array.from({ length: 12 }, (_, i) => ({
      person: i,
      group: 'Burglary',
      sex: 'Male',
      offence: 19_000,
      outcome: 19_000 + i * 3,
    })),
    ...Array.from({ length: 3 }, (_, i) => ({
      person: 20 + i,
      group: 'Robbery',
      sex: 'Male',
      offence: 19_000,
      outcome: 19_010,
    })),
    ...Array.from({ length: 8 }, (_, i) => ({
      person: 30 + (i % 2),
      group: 'Theft',
      sex: 'Female',
      offence: 19_000,
      outcome: 19_000 + i,
    })),
  ];
  const raw = timeToOutcomeTable(snapshotOf(suspects), { filters: [], rows: ['offence_group'], cols: [] });

  it('withholds the quartiles of cells with fewer records or persons than the threshold, and protects the counts', async () => {
    const spec = TimeToOutcomeSpecSchema.parse({ rows: ['offence_group'], disclosure: { threshold: 5 } });
    const result = await publishTimeToOutcome(raw, spec, 0);
    const [burglary, robbery, theft] = result.cells.map((row) => row[0]);
    expect(burglary).toMatchObject({ median: raw.cells[0]?.[0]?.quartiles?.median, suppressed: false });
    // Three records: the count is below the threshold, and so are the quartiles.
    expect(robbery).toEqual({ records: null, q1: null, median: null, q3: null, suppressed: true });
    // Eight records but two persons: the quartiles would describe two people.
    expect(theft).toMatchObject({ q1: null, median: null, q3: null, suppressed: true });
    // Robbery's count cannot be worked out as the total minus the other cells.
    const shown = result.cells.map((row) => row[0]?.records ?? null);
    expect(shown.filter((n) => n === null).length > 1 || result.total.records === null).toBe(true);
  });

  it('publishes everything with disclosure control off (Explore only)', async () => {
    const spec = TimeToOutcomeSpecSchema.parse({ rows: ['offence_group'], disclosure: null });
    const result = await publishTimeToOutcome(raw, spec, 0);
    expect(result.cells.map((row) => row[0]?.records)).toEqual([12, 3, 8]);
    expect(result.cells.every((row) => row[0]?.suppressed === false)).toBe(true);
    expect(result.total.median).toBe(raw.total.quartiles?.median);
  });
});
