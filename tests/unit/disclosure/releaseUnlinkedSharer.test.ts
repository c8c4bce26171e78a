// An earlier table of the new table's measure that shares a field with the release model but
// links by no part at all (each part would take the model past its cap) was left out silently:
// the new table's margins less its margins give back the counts in between (victims by sex, less
// those of one year, are the other years'). It is now a gap like the others: linked in full where
// it fits one model with the new table, else the new table is refused. Two cases a reviewer
// built: a far table crowded out once a neighbour filtered on LSOA was linked for its own gap,
// and a table every part of which crosses LSOA with a third field.
import { describe, expect, it } from 'vitest';
import { QuerySpecSchema, type QuerySpec } from '../../../shared/query.ts';
import type { PublishedTable } from '../../../shared/contract/release.ts';
import { linkEarlier } from '../../../src-main/app/publication/releaseSession.ts';

/** Each field's categories, as many as given: `lsoa: 313` is l0 … l312. */
const domainsOf = (sizes: Record<string, number>): Record<string, string[]> =>
  Object.fromEntries(
    Object.entries(sizes).map(([field, n]) => [field, Array.from({ length: n }, (_v, i) => `${field[0]}${i}`)]),
  );

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

describe('an earlier table sharing fields with the model and linking by no part', () => {
  it('is linked in full once a neighbour filtered on LSOA has crowded its parts out', () => {
    const domains = domainsOf({ lsoa: 313, sex: 2, age: 10, year: 6, offence: 12 });
    const byYear = published(
      '‘By sex and offence, one year’',
      spec(['sex', 'offence'], [{ field: 'year', in: ['y0'] }]),
      domains,
    );
    const oneArea = published(
      '‘By sex and age, one area’',
      spec(['sex', 'age'], [{ field: 'lsoa', in: ['l0'] }]),
      domains,
    );
    const { earlier } = linkEarlier(spec(['sex', 'age']), [byYear, oneArea], domains);
    const linked = earlier.find((e) => e.label === byYear.label);
    // In full, or by a part that holds sex, the field it shares with the new table.
    expect(linked, 'the one-year table links').toBeDefined();
    expect(linked!.fields).toContain('sex');
  });

  it('refuses the new table where linking it in full passes the cap', () => {
    const domains = domainsOf({ lsoa: 313, sex: 2, age: 8, offence: 10 });
    const oneAge = published(
      '‘LSOA by offence, one age band’',
      spec(['lsoa', 'offence'], [{ field: 'age', in: ['a0'] }]),
      domains,
    );
    expect(() => linkEarlier(spec(['lsoa', 'sex']), [oneAge], domains)).toThrow(
      /Not protected together with ‘LSOA by offence/,
    );
  });
});
