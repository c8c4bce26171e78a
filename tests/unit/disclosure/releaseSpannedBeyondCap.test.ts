// A table linked first for a gap can bring a large field into the release model as a filter (one
// LSOA: two blocks). An earlier table showing that field then had every field "spanned already",
// and linked in full (a neighbour, through `nearest`) or by its margin of the field (sharedParts)
// with no size check: the model cut the field into all its categories, past the model builder's
// limit of 100,000 finest cells, where it refused with a BAD_REQUEST that said nothing the
// analyst could change. Such a table now links in full only within that limit: beyond it, by its
// parts that fit, and where those leave out what its cells say (a gap), the new table is refused,
// the refusal naming the earlier output and only fields of the new table to drop. Within the
// limit, past the joint cap of 5,000, it still links in full, as the sample's infographic needs.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.ts';
import type { PublishedTable } from '../../../shared/contract/release.ts';
import { QuerySpecSchema, type QuerySpec } from '../../../shared/query.ts';
import { gapAdvice } from '../../../src-main/app/publication/gapAdvice.ts';
import { linkEarlier } from '../../../src-main/app/publication/releaseSession.ts';
import { protectInRelease } from '../../../src-main/disclosure/protectRelease.ts';
import type { RawTable } from '../../../src-main/disclosure/queryTable.ts';

/** Each field's categories, as many as given: `lsoa: 480` is l0 … l479. */
const domainsOf = (sizes: Record<string, number>): Record<string, string[]> =>
  Object.fromEntries(
    Object.entries(sizes).map(([field, n]) => [field, Array.from({ length: n }, (_v, i) => `${field[0]}${i}`)]),
  );

// As in the fixtures: 480 LSOAs, sex with Unknown, nine age bands, thirteen offence groups, the
// nineteen ethnic groups of the 2021 census.
const DOMAINS = domainsOf({ lsoa: 480, sex: 3, age: 9, offence: 13, ethnicity: 19 });
/** How far a table over fields the model spans may take it: the model builder's limit. */
const LIMIT = 100_000;

function spec(rows: string[], filters: Array<{ field: string; in: string[] }> = [], cols: string[] = []): QuerySpec {
  return QuerySpecSchema.parse({
    cohort: 'victims',
    measure: 'records',
    rows,
    cols,
    filters: filters.map((f) => ({ kind: 'in', ...f })),
    disclosure: { threshold: 5 },
  });
}

/** A published table: its total and its one-field margins, all printed. */
function published(label: string, s: QuerySpec, domains: Record<string, string[]>) {
  const cells: PublishedTable['cells'] = [{ key: {}, row: null, col: null, value: 40, shown: 40, status: 'published' }];
  for (const field of [...s.rows, ...s.cols])
    domains[field]!.forEach((c, i) =>
      cells.push({ key: { [field]: c }, row: i, col: null, value: 8, shown: 8, status: 'published' }),
    );
  return { spec: s, label, cells };
}

/**
 * The model's finest cells, counted by hand: a field some table of the model (or the new one)
 * shows counts all its categories; one only filtered to one category, two.
 */
function cellsByHand(shown: readonly string[], filteredToOne: readonly string[]): number {
  const shownSet = new Set(shown);
  return [
    ...[...shownSet].map((f) => DOMAINS[f]!.length),
    ...filteredToOne.filter((f) => !shownSet.has(f)).map(() => 2),
  ].reduce((a, b) => a * b, 1);
}

/** The refusal linkEarlier throws, or the finest cells of the model it links. */
function outcome(newSpec: QuerySpec, newestFirst: ReturnType<typeof published>[]): AppError | number {
  try {
    const { earlier } = linkEarlier(newSpec, newestFirst, DOMAINS);
    const shown = [...newSpec.rows, ...newSpec.cols, ...earlier.flatMap((e) => e.fields)];
    const filtered = earlier.flatMap((e) => Object.keys(e.scope));
    return cellsByHand(shown, filtered);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
}

/** The sentence of a refusal that says what to do. */
const adviceOf = (message: string): string => message.slice(message.indexOf('Publish this table'));

const oneArea = [{ field: 'lsoa', in: ['l0'] }];

describe('an earlier table over fields the release model spans already', () => {
  const newTable = spec(['offence', 'sex', 'age']);
  const inOneArea = published('‘By offence, sex and age, one LSOA’', spec(['offence', 'sex', 'age'], oneArea), DOMAINS);

  it('is not linked in full past the model builder’s limit as a neighbour', () => {
    // LSOA × offence × ethnicity beside the same in one LSOA: 480 × 13 × 19 = 118,560 cells.
    const byArea = published('‘By LSOA, offence and ethnicity’', spec(['lsoa', 'offence', 'ethnicity']), DOMAINS);
    const inOne = published('‘By offence and ethnicity, one LSOA’', spec(['offence', 'ethnicity'], oneArea), DOMAINS);
    const table = spec(['offence', 'ethnicity']);
    // Without the one-LSOA table the release refuses it already (a neighbour past the cap).
    expect(outcome(table, [byArea])).toBeInstanceOf(AppError);
    const got = outcome(table, [inOne, byArea]);
    expect(got, 'refused rather than a model of 118,560 cells').toBeInstanceOf(AppError);
    const error = got as AppError;
    expect(error.code).toBe('DISCLOSURE_REQUIRED');
    expect(error.message).toContain('‘By LSOA, offence and ethnicity’');
    expect(error.message).toContain('they span 118,560 finest cells');
    // The one-LSOA table holds both its fields: dropping either here would leave the gap open.
    const advice = adviceOf(error.message);
    expect(advice).toMatch(/^Publish this table in a new release\b/);
    expect(advice).toContain(
      'Dropping offence or ethnicity from this table would not close the gap: ‘By offence and ethnicity, one LSOA’ holds them too.',
    );
  });

  it('is not linked in full past the limit by the rule that its fields are spanned', () => {
    const byArea = published('‘By LSOA and offence’', spec(['lsoa', 'offence']), DOMAINS);
    const got = outcome(newTable, [inOneArea, byArea]);
    expect(typeof got === 'number' ? got : 0, 'no model of 480 × 13 × 3 × 9 cells').toBeLessThanOrEqual(LIMIT);
    expect(got).toBeInstanceOf(AppError);
    const error = got as AppError;
    expect(error.code).toBe('DISCLOSURE_REQUIRED');
    expect(error.message).toContain('Not protected together with ‘By LSOA and offence’');
    // No field of the new table to drop (the one-LSOA table holds offence too); the LSOA named
    // with the outputs that hold it.
    const advice = adviceOf(error.message);
    expect(advice).toMatch(/^Publish this table in a new release\b/);
    expect(advice).toContain('Dropping offence from this table would not close the gap');
    expect(advice).toMatch(
      /The field lsoa is not in this table: it comes from ‘By LSOA and offence’ and ‘By offence, sex and age, one LSOA’/,
    );
  });

  it('links no margin of a large field past the limit because the field is filtered on', () => {
    // Records by LSOA and sex: its margins leave out what its cells say, and it is refused.
    const byArea = published('‘By LSOA and sex’', spec(['lsoa', 'sex']), DOMAINS);
    const got = outcome(newTable, [inOneArea, byArea]);
    expect(got).toBeInstanceOf(AppError);
    expect((got as AppError).message).toContain('Not protected together with ‘By LSOA and sex’: it crosses lsoa, sex');
    // Persons by LSOA and sex (no gap of the records model): linked by its margin of sex and its
    // total, never its margin of LSOA, which would cut the LSOA in full (480 × 13 × 3 × 9).
    const people = published(
      '‘Persons by LSOA and sex’',
      QuerySpecSchema.parse({ ...spec(['lsoa', 'sex']), measure: 'persons' }),
      DOMAINS,
    );
    const { earlier } = linkEarlier(newTable, [inOneArea, people], DOMAINS);
    const parts = earlier.filter((e) => e.label === '‘Persons by LSOA and sex’');
    expect(parts.map((e) => [e.fields, e.part ?? false])).toEqual([[['sex'], true]]);
    expect(outcome(newTable, [inOneArea, people])).toBe(cellsByHand(['offence', 'sex', 'age'], ['lsoa']));
  });

  it('still links in full past the joint cap within the limit, as the sample’s infographic does', () => {
    // 480 × 3 × 9 = 12,960 finest cells: as before (a known gap: it may be slow).
    const byArea = published('‘By LSOA, sex and age’', spec(['lsoa', 'sex', 'age']), DOMAINS);
    const inOne = published('‘By sex and age, one LSOA’', spec(['sex', 'age'], oneArea), DOMAINS);
    expect(outcome(spec(['sex', 'age']), [inOne, byArea])).toBe(480 * 3 * 9);
  });

  it('still links in full a table a new table past the cap by itself contains', () => {
    // LSOA × offence × sex is 18,720 cells alone; the one-LSOA table adds none of its own.
    const inOneArea = published('‘By offence and sex, one LSOA’', spec(['offence', 'sex'], oneArea), DOMAINS);
    const { earlier } = linkEarlier(spec(['lsoa', 'offence', 'sex']), [inOneArea], DOMAINS);
    expect(earlier.map((e) => [e.label, e.part ?? false])).toEqual([['‘By offence and sex, one LSOA’', false]]);
  });

  it('still links in full a table that cuts a model past the limit by itself no finer', () => {
    // LSOA × offence × ethnicity for one sex: 480 × 13 × 19 × 2 = 237,120 cells alone. The
    // earlier table, for the other two sexes, cuts sex into the same two blocks: no cell more.
    const men = [{ field: 'sex', in: ['s0'] }];
    const others = published(
      '‘By offence and ethnicity, other sexes’',
      spec(['offence', 'ethnicity'], [{ field: 'sex', in: ['s1', 's2'] }]),
      DOMAINS,
    );
    const { earlier } = linkEarlier(spec(['lsoa', 'offence', 'ethnicity'], men), [others], DOMAINS);
    expect(earlier.map((e) => [e.label, e.part ?? false])).toEqual([
      ['‘By offence and ethnicity, other sexes’', false],
    ]);
  });

  it('refuses with advice, not the model builder’s BAD_REQUEST, where the model would pass 100,000 cells', async () => {
    // New: offence × sex × age; earlier: the same in one LSOA, and LSOA × offence.
    const byArea = published('‘By LSOA and offence’', spec(['lsoa', 'offence']), DOMAINS);
    const newSpec = newTable;
    const { offence, sex, age } = DOMAINS as Record<string, string[]>;
    const pairs = offence!.flatMap((o) => sex!.map((s) => [o, s]));
    const raw: RawTable = {
      counts: pairs.map(() => age!.map(() => 1)),
      rowTotals: pairs.map(() => age!.length),
      colTotals: age!.map(() => pairs.length),
      total: pairs.length * age!.length,
      rows: { fields: ['offence', 'sex'], keys: pairs },
      cols: { fields: ['age'], keys: age!.map((a) => [a]) },
      measure: 'records',
    };
    const run = async () => {
      const { earlier } = linkEarlier(newSpec, [inOneArea, byArea], DOMAINS);
      return protectInRelease({
        earlier,
        raw,
        scope: {},
        measure: 'records',
        rule: { threshold: 5 },
        domains: DOMAINS,
        leafValues: async (leaves) => leaves.map(() => 0),
      });
    };
    const error = await run().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('DISCLOSURE_REQUIRED');
    expect((error as AppError).message).toContain('‘By LSOA and offence’');
  }, 60_000);
});

describe('tables linked whole by their spanned fields', () => {
  it('count in the size checks of the tables after them', () => {
    // New: sex × age; earlier: the same in one LSOA and for one ethnic group, then LSOA × sex
    // and ethnicity × sex. Each of the last two fits beside the first two alone; both together
    // cut LSOA and ethnicity in full: 480 × 3 × 9 × 19 = 246,240 finest cells.
    const inOne = published('‘By sex and age, one LSOA’', spec(['sex', 'age'], oneArea), DOMAINS);
    const inE0 = published(
      '‘By sex and age, ethnic group e0’',
      spec(['sex', 'age'], [{ field: 'ethnicity', in: ['e0'] }]),
      DOMAINS,
    );
    const byArea = published('‘By LSOA and sex’', spec(['lsoa', 'sex']), DOMAINS);
    const byEthnicity = published('‘By ethnicity and sex’', spec(['ethnicity', 'sex']), DOMAINS);
    const got = outcome(spec(['sex', 'age']), [inOne, inE0, byArea, byEthnicity]);
    expect(typeof got === 'number' ? got : 0, 'no model of 246,240 cells').toBeLessThanOrEqual(LIMIT);
  });
});

describe('the refusal of a cycle past the cap', () => {
  it('advises dropping only fields of the new table, and names the outputs holding the others', () => {
    const domains = domainsOf({ fx: 313, fy: 4, fz: 4 });
    const a = published('‘fx by fy’', spec(['fx', 'fy']), domains);
    const b = published('‘fy by fz’', spec(['fy', 'fz']), domains);
    let message = '';
    try {
      linkEarlier(spec(['fx', 'fz']), [b, a], domains);
    } catch (error) {
      message = (error as AppError).message;
    }
    expect(message).toMatch(/cycle over/);
    const advice = adviceOf(message);
    expect(advice).toMatch(/^Publish this table without (fx or fz|fz or fx)\b/);
    expect(advice).toMatch(/The field fy is not in this table: it comes from ‘fy by fz’ and ‘fx by fy’/);
  });
});

describe('the refusal of a neighbour another linked output shares a field with', () => {
  // New: fx × fz; earlier: fx alone (linked in full) and fx × fz for one category of fy, which
  // differs from the new table by that filter and, at 700 × 4 × 2 = 5,600 finest cells with it,
  // does not fit the joint cap.
  const domains = domainsOf({ fx: 700, fy: 4, fz: 4 });
  const fxAlone = published('‘By fx’', spec(['fx']), domains);
  const oneY = published('‘By fx and fz, one fy’', spec(['fx', 'fz'], [{ field: 'fy', in: ['f0'] }]), domains);
  const refusal = (newSpec: QuerySpec): string | null => {
    try {
      linkEarlier(newSpec, [fxAlone, oneY], domains);
      return null;
    } catch (error) {
      return (error as AppError).message;
    }
  };

  it('advises dropping only the field no other linked output holds', () => {
    const message = refusal(spec(['fx', 'fz']));
    expect(message).toContain('Not protected together with ‘By fx and fz, one fy’');
    const advice = adviceOf(message!);
    expect(advice).toMatch(/^Publish this table without fz, with fewer categories of it\b/);
    expect(advice).toContain('Dropping fx from this table would not close the gap: ‘By fx’ holds it too.');
  });

  it('is no longer refused for that output once the advice is followed', () => {
    // Without fz, as advised: linked, the neighbour by its margin of fx.
    expect(refusal(spec(['fx']))).toBeNull();
    // Without fx, the old advice: ‘By fx’ still brings fx in, and the same output refuses it.
    expect(refusal(spec(['fz']))).toContain('Not protected together with ‘By fx and fz, one fy’');
  });
});

describe('a table of the other measure over fields the model spans, past the limit whole', () => {
  const persons = (rows: string[], filters: Array<{ field: string; in: string[] }> = []) =>
    QuerySpecSchema.parse({ ...spec(rows, filters), measure: 'persons' });
  /** The note linkEarlier gives for the output `label`, or undefined. */
  const noteOf = (newSpec: QuerySpec, newestFirst: ReturnType<typeof published>[], label: string) =>
    linkEarlier(newSpec, newestFirst, DOMAINS).unlinked.find((n) => n.label === label)?.why;
  const inOne = published('‘By offence, sex and age, one LSOA’', spec(['offence', 'sex', 'age'], oneArea), DOMAINS);

  it('is named where no part of it links', () => {
    // Records: sex × age in one LSOA, for offence o0, for ethnic group e0, and by LSOA. Persons
    // by sex for o1 and e1 cut offence and ethnicity in three blocks each: 480 × 3 × 9 × 3 × 3.
    const byOne = (filter: { field: string; in: string[] }) =>
      published(`‘By sex and age, ${filter.field} ${filter.in[0]!}’`, spec(['sex', 'age'], [filter]), DOMAINS);
    const records = [
      byOne({ field: 'lsoa', in: ['l0'] }),
      byOne({ field: 'offence', in: ['o0'] }),
      byOne({ field: 'ethnicity', in: ['e0'] }),
      published('‘By LSOA, sex and age’', spec(['lsoa', 'sex', 'age']), DOMAINS),
    ];
    const filters = [
      { field: 'offence', in: ['o1'] },
      { field: 'ethnicity', in: ['e1'] },
    ];
    const people = published('‘Persons by sex, o1, e1’', persons(['sex'], filters), DOMAINS);
    const { earlier } = linkEarlier(spec(['sex', 'age']), [people, ...records], DOMAINS);
    expect(earlier.map((e) => e.label)).not.toContain('‘Persons by sex, o1, e1’');
    const why = noteOf(spec(['sex', 'age']), [people, ...records], '‘Persons by sex, o1, e1’');
    expect(why).toContain(`${(480 * 3 * 9 * 3 * 3).toLocaleString('en-GB')} finest cells`);
    expect(why).toContain('none of its numbers are checked with this table');
  });

  it('is named where only its margins or total link', () => {
    const cells = (480 * 13 * 3 * 9).toLocaleString('en-GB');
    const byAreaOffence = published('‘Persons by LSOA and offence’', persons(['lsoa', 'offence']), DOMAINS);
    const why = noteOf(spec(['offence', 'sex', 'age']), [byAreaOffence, inOne], '‘Persons by LSOA and offence’');
    expect(why).toContain(`${cells} finest cells`);
    expect(why).toContain('only its margin of offence and its total are checked');
    const byArea = published('‘Persons by LSOA’', persons(['lsoa']), DOMAINS);
    expect(noteOf(spec(['offence', 'sex', 'age']), [byArea, inOne], '‘Persons by LSOA’')).toContain(
      'only its total is checked',
    );
  });

  it('is not named where it links whole', () => {
    // Sex × age beside the same in one LSOA: persons by LSOA make 480 × 3 × 9 cells, within.
    const inOneSexAge = published('‘By sex and age, one LSOA’', spec(['sex', 'age'], oneArea), DOMAINS);
    const byArea = published('‘Persons by LSOA’', persons(['lsoa']), DOMAINS);
    const { earlier, unlinked } = linkEarlier(spec(['sex', 'age']), [byArea, inOneSexAge], DOMAINS);
    const linked = earlier.find((e) => e.label === '‘Persons by LSOA’');
    expect(linked).toBeDefined();
    expect(linked?.part).toBeUndefined();
    expect(unlinked).toEqual([]);
  });
});

describe('the advice of a gap over a field the new table only filters on', () => {
  it('advises dropping the filter, not the field', () => {
    const own = new Set(['age', 'sex']);
    const advice = gapAdvice(own, ['sex', 'lsoa'], [{ label: '‘By LSOA and sex’', fields: new Set(['lsoa', 'sex']) }], {
      filtersOnly: new Set(['sex']),
    });
    expect(advice).toMatch(/^Publish this table without the filter on sex, with fewer categories of it\b/);
    expect(advice).toContain('The field lsoa is not in this table: it comes from ‘By LSOA and sex’.');
  });
});
