// Time to outcome on the query workers: two real workers each tally their own persons' rows and
// the main side merges them. Every cell, margin and total is checked against the sorted days of
// the same records (jStat's type-7 percentile) and distinct persons counted with a Set; a call
// whose signal is aborted is refused as cancelled, and the workers answer the next call right.
import jStat from 'jstat';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NULL_DAY } from '../../../src-main/engine/dates.ts';
import { createEngine, type Engine } from '../../../src-main/engine/engine.ts';
import { packSnapshot } from '../../../src-main/engine/packSnapshot.ts';
import { seededRandom as random } from '../../helpers/seeded.ts';

const percentile = (jStat as unknown as { percentile(values: number[], k: number): number }).percentile;

const GROUPS = ['Burglary', 'Robbery', 'Theft', 'Violence'];
const SEXES = ['Female', 'Male', 'Unknown'];

interface Suspect {
  person: number;
  group: number;
  sex: number;
  offence: number;
  outcome: number | null;
}

/** Persons with several records each (so a worker's range must end at a person's edge to count them once). */
function generated(count: number, seed: number): Suspect[] {
  const next = random(seed);
  const suspects: Suspect[] = [];
  let person = 0;
  for (let i = 0; i < count; i++) {
    if (next() < 0.4) person++;
    const offence = 18_000 + Math.floor(next() * 900);
    suspects.push({
      person,
      group: Math.floor(next() * GROUPS.length),
      sex: Math.floor(next() * SEXES.length),
      offence,
      outcome: next() < 0.25 ? null : offence + Math.floor(next() * next() * 600),
    });
  }
  return suspects;
}

const suspects = generated(40_000, 11);
let engine: Engine;

beforeAll(async () => {
  engine = createEngine({ workers: 2 });
  await engine.loadSnapshots([
    packSnapshot({
      cohort: 'suspects',
      rowCount: suspects.length,
      personIds: Int32Array.from(suspects, (s) => s.person),
      dimensions: [
        {
          name: 'offence_group',
          kind: 'category',
          open: false,
          labels: GROUPS,
          codes: Uint8Array.from(suspects, (s) => s.group),
        },
        { name: 'sex', kind: 'category', open: false, labels: SEXES, codes: Uint8Array.from(suspects, (s) => s.sex) },
      ],
      dates: [
        { name: 'date', days: Int32Array.from(suspects, (s) => s.offence) },
        { name: 'outcome_date', days: Int32Array.from(suspects, (s) => s.outcome ?? NULL_DAY) },
      ],
      numbers: [],
      warnings: [],
    }),
  ]);
}, 120_000);

afterAll(async () => {
  await engine?.dispose();
});

function expected(rows: readonly Suspect[]) {
  const timed = rows.filter((s) => s.outcome !== null);
  const days = timed.map((s) => (s.outcome as number) - s.offence);
  return {
    records: timed.length,
    persons: new Set(timed.map((s) => s.person)).size,
    quartiles:
      days.length === 0
        ? null
        : { q1: percentile(days, 0.25), median: percentile(days, 0.5), q3: percentile(days, 0.75) },
  };
}

describe('time to outcome on the query workers', () => {
  it('gives every cell, margin and total the records, persons and quartiles of a direct computation', async () => {
    const table = await engine.timeToOutcome({ filters: [], rows: ['offence_group'], cols: ['sex'] });
    const close = (got: typeof table.total | undefined, want: ReturnType<typeof expected>): void => {
      expect(got?.records).toBe(want.records);
      expect(got?.persons).toBe(want.persons);
      for (const key of ['q1', 'median', 'q3'] as const)
        expect(got?.quartiles?.[key]).toBeCloseTo(want.quartiles?.[key] as number, 9);
    };
    GROUPS.forEach((_, g) => {
      SEXES.forEach((_, x) =>
        close(table.cells[g]?.[x], expected(suspects.filter((s) => s.group === g && s.sex === x))),
      );
      close(table.rowTotals[g], expected(suspects.filter((s) => s.group === g)));
    });
    SEXES.forEach((_, x) => close(table.colTotals[x], expected(suspects.filter((s) => s.sex === x))));
    close(table.total, expected(suspects));
    expect(table.recordsMatched).toBe(suspects.length);
  });

  it('keeps only the records its filters keep', async () => {
    const table = await engine.timeToOutcome({
      filters: [{ kind: 'in', field: 'offence_group', in: ['Robbery', 'Theft'] }],
      rows: [],
      cols: ['sex'],
    });
    const kept = suspects.filter((s) => s.group === 1 || s.group === 2);
    expect(table.recordsMatched).toBe(kept.length);
    expect(table.total.records).toBe(expected(kept).records);
    expect(table.total.quartiles?.median).toBeCloseTo(expected(kept).quartiles?.median as number, 9);
  });

  it('refuses a call whose signal is aborted as cancelled, and answers the next one', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      engine.timeToOutcome({ filters: [], rows: ['sex'], cols: [] }, { signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    const table = await engine.timeToOutcome({ filters: [], rows: ['sex'], cols: [] });
    expect(table.total.records).toBe(expected(suspects).records);
  });
});
