// A saved spec's filters are checked by their kind: category lists against the codebook,
// ranges and flag booleans never (they name no category).
import { describe, expect, it } from 'vitest';
import { BUILT_IN_CODEBOOK } from '../../../shared/codebook.ts';
import { QuerySpecSchema } from '../../../shared/query.ts';
import { specProblems } from '../../../src-main/app/analysis/specValidation.ts';

describe('specProblems', () => {
  it('names the categories of in and notIn filters the codebook no longer has, and only those', () => {
    const spec = QuerySpecSchema.parse({
      cohort: 'victims',
      rows: ['sex'],
      filters: [
        { kind: 'in', field: 'sex', in: ['Female', 'Martian'] },
        { kind: 'notIn', field: 'district', notIn: ['Atlantis'] },
        { kind: 'equals', field: 'repeat_victim', equals: true },
        { kind: 'dateRange', field: 'date', from: '2022-01-01' },
      ],
    });
    expect(specProblems(spec, BUILT_IN_CODEBOOK)).toEqual([
      'the category “Martian” of Sex no longer exists',
      'the category “Atlantis” of District no longer exists',
    ]);
  });

  it('reads an untagged (older) filter by the kind it is given when parsed', () => {
    const spec = QuerySpecSchema.parse({ cohort: 'victims', rows: ['sex'], filters: [{ field: 'sex', notIn: ['X'] }] });
    expect(specProblems(spec, BUILT_IN_CODEBOOK)).toEqual(['the category “X” of Sex no longer exists']);
  });
});
