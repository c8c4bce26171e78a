// A table linked first for a gap can bring a large field into the release model as a filter (one
// LSOA: two blocks). An earlier table showing that field then had every field "spanned already",
// and linked in full (a neighbour, through `nearest`) or by its margin of the field (sharedParts)
// with no size check: the model cut the field into all its categories, passing the cap of 5,000
// finest cells many times over. Past 100,000 the model builder refused with a BAD_REQUEST that
// said nothing the analyst could change; below it, the check ran for minutes. Such a table now
// links only within the cap: beyond it, by its parts that fit, and where those leave out what
// its cells say (a gap), the new table is refused, the refusal naming the earlier output and only
// fields of the new table to drop.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.ts';
import type { PublishedTable } from '../../../shared/contract/release.ts';
import { QuerySpecSchema, type QuerySpec } from '../../../shared/query.ts';
import { linkEarlier } from '../../../src-main/app/publication/releaseSession.ts';
import { protectInRelease } from '../../../src-main/disclosure/protectRelease.ts';
import type { RawTable } from '../../../src-main/disclosure/queryTable.ts';

/** Each field's categories, as many as given: `lsoa: 480` is l0 … l479. */
const domainsOf = (sizes: Record<string, number>): Record<string, string[]> =>
  Object.fromEntries(
    Object.entries(sizes).map(([field, n]) => [field, Array.from({ length: n }, (_v, i) => `${field[0]}${i}`)]),
  );

const DOMAINS = domainsOf({ lsoa: 480, sex: 2, age: 10, offence: 13 });
const CAP = 5000;

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
function published(label: string, s: QuerySpec, domains: Record<string, string[]>) {
  const cells: PublishedTable['cells'] = [{ key: {}, row: null, col: null, value: 40, shown: 40, status: 'published' }];
  for (const field of s.rows)
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
    const shown = [...newSpec.rows, ...earlier.flatMap((e) => e.fields)];
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
  it('is not linked in full past the cap as a neighbour (LSOA × sex × age beside one LSOA)', () => {
    const byArea = published('‘By LSOA, sex and age’', spec(['lsoa', 'sex', 'age']), DOMAINS);
    const inOneArea = published('‘By sex and age, one LSOA’', spec(['sex', 'age'], oneArea), DOMAINS);
    // Without the one-LSOA table the release refuses it already (a neighbour past the cap).
    expect(outcome(spec(['sex', 'age']), [byArea])).toBeInstanceOf(AppError);
    const got = outcome(spec(['sex', 'age']), [inOneArea, byArea]);
    expect(got, 'refused rather than a model of 480 × 2 × 10 cells').toBeInstanceOf(AppError);
    const error = got as AppError;
    expect(error.code).toBe('DISCLOSURE_REQUIRED');
    expect(error.message).toContain('‘By LSOA, sex and age’');
    expect(adviceOf(error.message)).toMatch(/^Publish this table without (sex or age|age or sex)\b/);
  });

  it('is not linked in full past the cap by the rule that its fields are spanned (LSOA × offence)', () => {
    const byArea = published('‘By LSOA and offence’', spec(['lsoa', 'offence']), DOMAINS);
    const inOneArea = published('‘By offence and sex, one LSOA’', spec(['offence', 'sex'], oneArea), DOMAINS);
    const got = outcome(spec(['offence', 'sex']), [inOneArea, byArea]);
    expect(typeof got === 'number' ? got : 0, 'no model past the cap').toBeLessThanOrEqual(CAP);
    expect(got).toBeInstanceOf(AppError);
    const error = got as AppError;
    expect(error.code).toBe('DISCLOSURE_REQUIRED');
    expect(error.message).toContain('Not protected together with ‘By LSOA and offence’');
    // Only fields of the new table to drop; the LSOA named with the outputs that hold it.
    const advice = adviceOf(error.message);
    expect(advice).toMatch(/^Publish this table without offence\b/);
    expect(advice).toMatch(
      /lsoa is not a field of this table: it comes from ‘By LSOA and offence’ and ‘By offence and sex, one LSOA’/,
    );
  });

  it('links no margin of a large field past the cap because the field is filtered on', () => {
    const byArea = published('‘By LSOA and offence’', spec(['lsoa', 'offence']), DOMAINS);
    const inOneArea = published('‘By sex and age, one LSOA’', spec(['sex', 'age'], oneArea), DOMAINS);
    const got = outcome(spec(['sex', 'age']), [inOneArea, byArea]);
    expect(typeof got === 'number' ? got : 0, 'no model of 480 × 2 × 10 cells').toBeLessThanOrEqual(CAP);
  });

  it('still links in full a table a new table past the cap by itself contains', () => {
    // LSOA × offence × sex is 12,480 cells alone; the one-LSOA table adds none of its own.
    const inOneArea = published('‘By offence and sex, one LSOA’', spec(['offence', 'sex'], oneArea), DOMAINS);
    const { earlier } = linkEarlier(spec(['lsoa', 'offence', 'sex']), [inOneArea], DOMAINS);
    expect(earlier.map((e) => [e.label, e.part ?? false])).toEqual([['‘By offence and sex, one LSOA’', false]]);
  });

  it('refuses with advice, not the model builder’s BAD_REQUEST, where the model would pass 100,000 cells', async () => {
    // New: offence × sex × age; earlier: the same in one LSOA, and LSOA × offence.
    const byArea = published('‘By LSOA and offence’', spec(['lsoa', 'offence']), DOMAINS);
    const inOneArea = published(
      '‘By offence, sex and age, one LSOA’',
      spec(['offence', 'sex', 'age'], oneArea),
      DOMAINS,
    );
    const newSpec = spec(['offence', 'sex', 'age']);
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
    expect(advice).toMatch(/fy is not a field of this table: it comes from ‘fy by fz’ and ‘fx by fy’/);
  });
});
