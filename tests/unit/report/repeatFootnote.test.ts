// An exported table of the repeat fields names its window, and carries the agreement of the
// computed repeat flag with the extract's, read off its published cells (hidden cells: no figure).
import { describe, expect, it } from 'vitest';
import { footnoteLines } from '../../../shared/figure.ts';
import { parseQuerySpec, type QueryResult } from '../../../shared/query.ts';
import { publishedNotes } from '../../../src-main/app/publication/publishedNotes.ts';

const labelOf = (field: string): string => field;

function flags(counts: (number | null)[][]): Pick<QueryResult, 'rows' | 'cols' | 'counts'> {
  return {
    rows: { fields: ['repeat_record'], keys: [['Yes'], ['No']] },
    cols: { fields: ['repeat_victim'], keys: [['Yes'], ['No']] },
    counts,
  };
}

describe('footnotes of the repeat victimisation fields', () => {
  it('name the window of a table that uses a repeat field, the default when none is set', () => {
    const windowed = (spec: object) =>
      footnoteLines(parseQuerySpec({ cohort: 'victims', ...spec }), labelOf, null).filter((l) =>
        l.includes('rolling window'),
      );
    expect(windowed({ rows: ['repeat_person'], window: { days: 90 } })).toEqual([
      'Repeat victimisation counted within a rolling window of 90 days.',
    ]);
    expect(windowed({ rows: ['district'], filters: [{ field: 'repeat_record', in: ['Yes'] }] })).toEqual([
      'Repeat victimisation counted within a rolling window of 365 days.',
    ]);
    expect(windowed({ rows: ['district'], window: { days: 90 } })).toEqual([]);
  });

  it('carry the agreement computed from the published cells, and say so when one is hidden', () => {
    // 30 + 55 of 100 agree: 85%; expected agreement (40·35 + 60·65) / 100² = 0.53, kappa (0.85 − 0.53) / 0.47.
    const [note] = publishedNotes(
      flags([
        [30, 10],
        [5, 55],
      ]),
    );
    expect(note).toContain('agree on 85.0% of the 100 records');
    expect(note).toContain(`Cohen’s kappa ${((0.85 - 0.53) / (1 - 0.53)).toFixed(2)}`);
    expect(
      publishedNotes(
        flags([
          [30, null],
          [null, 55],
        ]),
      )[0],
    ).toContain('not shown');
    const notes = publishedNotes({ ...flags([[1, 2]]), cols: { fields: ['district'], keys: [['Fenland']] } });
    expect(notes).toEqual([]);
    const spec = parseQuerySpec({ cohort: 'victims', rows: ['repeat_record'], cols: ['repeat_victim'] });
    expect(footnoteLines(spec, labelOf, null, { notes: [note ?? ''] })).toContain(note);
  });
});
