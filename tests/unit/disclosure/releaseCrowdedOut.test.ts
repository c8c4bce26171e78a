// A neighbour, or a table sharing a field, that fits one model with the new table but not beside
// the tables linked first to break a cycle was left out of the model and the analyst was not
// told: an intruder holding both could still subtract them. It must at least be named, with the
// tables it did not fit beside and what to do instead.
//
// The release: a × b and b × c, then a × c (the new table) closes a cycle, broken by linking
// a × b in full (a × b × c: 3,000 finest cells). The crowded table needs d cut in two beside
// them: 6,000 finest cells, past the 5,000 a release checks together, while with the new table
// alone it is 600.
import { describe, expect, it } from 'vitest';
import { QuerySpecSchema, type QuerySpec } from '../../../shared/query.ts';
import type { PublishedTable } from '../../../shared/contract/release.ts';
import { linkEarlier } from '../../../src-main/app/publication/releaseSession.ts';

/** Each field's categories, as many as given: `a: 30` is a0 … a29. */
const domainsOf = (sizes: Record<string, number>): Record<string, string[]> =>
  Object.fromEntries(
    Object.entries(sizes).map(([field, n]) => [field, Array.from({ length: n }, (_v, i) => `${field}${i}`)]),
  );
const DOMAINS = domainsOf({ a: 30, b: 10, c: 10, d: 3 });

function spec(rows: string[], filters: Array<{ field: string; in: string[] }> = []): QuerySpec {
  return QuerySpecSchema.parse({
    cohort: 'victims',
    measure: 'records',
    rows,
    filters: filters.map((f) => ({ kind: 'in', ...f })),
    disclosure: { threshold: 5 },
  });
}

/** A published table: its total and its one-field margins, all printed. */
function published(label: string, s: QuerySpec) {
  const cells: PublishedTable['cells'] = [{ key: {}, row: null, col: null, value: 40, shown: 40, status: 'published' }];
  for (const field of s.rows)
    DOMAINS[field]!.forEach((c, i) =>
      cells.push({ key: { [field]: c }, row: i, col: null, value: 8, shown: 8, status: 'published' }),
    );
  return { spec: s, label, cells };
}

const AB = published('‘A by B’', spec(['a', 'b']));
const BC = published('‘B by C’', spec(['b', 'c']));

describe('an earlier table crowded out of the release model by a cycle linked first', () => {
  it('names a neighbour left out, the tables it did not fit beside, and what to do', () => {
    const neighbour = published('‘A by C, one D’', spec(['a', 'c'], [{ field: 'd', in: ['d0'] }]));
    const { earlier, unlinked } = linkEarlier(spec(['a', 'c']), [neighbour, AB, BC], DOMAINS);
    // The cycle is broken by A by B in full; the neighbour is not in the model at all.
    expect(earlier.find((e) => e.label === AB.label && e.part !== true)).toBeDefined();
    expect(earlier.find((e) => e.label === neighbour.label)).toBeUndefined();
    expect(unlinked).toEqual([
      {
        label: neighbour.label,
        why: expect.stringContaining('not beside the outputs checked with this table first: ‘A by B’'),
      },
    ]);
    expect(unlinked[0]!.why).toMatch(/‘A by B’ \(a × b: with this table it closes a cycle of fields/);
    expect(unlinked[0]!.why).toMatch(/new release .*, or publish it without one of its fields \(a, c\)$/);
    expect(unlinked[0]!.why).not.toMatch(/merged categories/);
  });

  it('names a table sharing a field whose margin no longer fits', () => {
    const sharer = published('‘C, one D’', spec(['c'], [{ field: 'd', in: ['d0'] }]));
    const { earlier, unlinked } = linkEarlier(spec(['a', 'c']), [sharer, AB, BC], DOMAINS);
    expect(earlier.find((e) => e.label === sharer.label)).toBeUndefined();
    expect(unlinked).toEqual([
      {
        label: sharer.label,
        why: expect.stringContaining('not beside the outputs checked with this table first: ‘A by B’'),
      },
    ]);
  });

  it('says which of the outputs checked first was a neighbour, not part of a cycle', () => {
    // Two neighbours, each fitting beside A by B (4,000 cells) but not together (8,000).
    const domains = domainsOf({ a: 20, b: 10, c: 10, d: 2, e: 2 });
    const n1 = { ...published('‘A by C, one D’', spec(['a', 'c'], [{ field: 'd', in: ['d0'] }])) };
    const n2 = { ...published('‘A by C, one E’', spec(['a', 'c'], [{ field: 'e', in: ['e0'] }])) };
    const { unlinked } = linkEarlier(spec(['a', 'c']), [n1, n2, AB, BC], domains);
    expect(unlinked).toHaveLength(1);
    const why = unlinked[0]!.why;
    expect(why).toMatch(/‘A by B’ \(a × b: with this table it closes a cycle of fields/);
    expect(why).toMatch(/, filtered on [de]: it is one field apart from this table, or shares a field with it\)/);
    expect(why).toMatch(/come to 8000 combinations of categories/);
  });

  it('names nothing where every table is linked', () => {
    const { unlinked } = linkEarlier(spec(['a', 'c']), [AB, BC], DOMAINS);
    expect(unlinked).toEqual([]);
  });
});
