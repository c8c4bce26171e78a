// Which fields each person has one category of, as the engine reads it off a snapshot, against
// the categories of each person's records gathered here in Sets: generated persons with several
// records each in shuffled order, records of no person (ignored: they are nobody's), a field one
// record of one person breaks, and a field the snapshot does not hold.
import { describe, expect, it } from 'vitest';
import { packSnapshot } from '../../../src-main/engine/packSnapshot.ts';
import { personLevelFields } from '../../../src-main/engine/personLevelFields.ts';
import { seededRandom } from '../../helpers/seeded.ts';

const LABELS = ['One', 'Two', 'Three'];
const FIELDS = ['sex', 'service', 'broken', 'fixed'];

interface Row {
  person: number;
  codes: Record<string, number>;
}

function generated(seed: number): Row[] {
  const next = seededRandom(seed);
  const of = new Map<number, number>();
  const rows: Row[] = [];
  for (let i = 0; i < 2_000; i++) {
    const person = next() < 0.05 ? -1 : Math.floor(next() * 300);
    if (!of.has(person)) of.set(person, Math.floor(next() * LABELS.length));
    const own = of.get(person)!;
    const any = (): number => Math.floor(next() * LABELS.length);
    // Nobody's records differ freely: they must not make a person-level field record-level.
    rows.push({ person, codes: { sex: person < 0 ? any() : own, service: any(), broken: own, fixed: 1 } });
  }
  // One record of one person in another category of `broken`.
  const last = rows.findLast((r) => r.person >= 0 && rows.some((o) => o !== r && o.person === r.person))!;
  last.codes.broken = (last.codes.broken! + 1) % LABELS.length;
  return rows;
}

/** The fields no person has records in two categories of, from Sets per person. */
function oracle(rows: readonly Row[], fields: readonly string[]): Set<string> {
  return new Set(
    fields.filter((f) => {
      const seen = new Map<number, Set<number>>();
      for (const r of rows)
        if (r.person >= 0 && r.codes[f] !== undefined) {
          const set = seen.get(r.person) ?? new Set();
          seen.set(r.person, set.add(r.codes[f]!));
        }
      return FIELDS.includes(f) && [...seen.values()].every((s) => s.size === 1);
    }),
  );
}

describe('person-level fields of a snapshot', () => {
  it.each([1, 2, 3])('agrees with each person’s records gathered apart (seed %i)', (seed) => {
    const rows = generated(seed);
    const snapshot = packSnapshot({
      cohort: 'offenders',
      rowCount: rows.length,
      personIds: Int32Array.from(rows, (r) => r.person),
      dimensions: FIELDS.map((name) => ({
        name,
        kind: 'category' as const,
        open: false,
        labels: LABELS,
        codes: Uint8Array.from(rows, (r) => r.codes[name]!),
      })),
      dates: [],
      numbers: [],
      warnings: [],
    });
    const asked = [...FIELDS, 'absent'];
    const expected = oracle(rows, asked);
    expect(expected).toEqual(new Set(['sex', 'fixed']));
    expect(personLevelFields(snapshot, asked)).toEqual(expected);
    // Asked again (from the cache), and one at a time, the same.
    expect(personLevelFields(snapshot, asked)).toEqual(expected);
    for (const f of asked) expect(personLevelFields(snapshot, [f]).has(f)).toBe(expected.has(f));
  });
});
