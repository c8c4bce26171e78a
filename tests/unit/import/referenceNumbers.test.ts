// Records' person references as numbers (referenceNumbers.ts): the first identifier column not
// blank, in priority order, normalised as normaliseIdentifier does it, numbered in the order
// first met across batches, with each number's text given once, in the batch that meets it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseIdentifier } from '../../../src-main/import/pseudonymise.ts';
import { batchOfRows } from '../../../src-main/import/recordBatch.ts';
import {
  addNewReferences,
  identifierColumnsOf,
  NO_REFERENCE,
  ReferenceNumbers,
} from '../../../src-main/import/referenceNumbers.ts';
import type { Mapping } from '../../../src-main/import/mapping.ts';

/** What the numbers should be: the first column (of `columns`) whose normalised text is not blank. */
function expectedNumbers(rows: string[][], columns: number[]): { numbers: number[]; texts: string[] } {
  const known = new Map<string, number>();
  const numbers = rows.map((cells) => {
    for (const c of columns) {
      const id = normaliseIdentifier(cells[c] ?? '');
      if (id === '') continue;
      let n = known.get(id);
      if (n === undefined) known.set(id, (n = known.size));
      return n;
    }
    return NO_REFERENCE;
  });
  return { numbers, texts: [...known.keys()] };
}

const spelling = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '--',
    'NM012345',
    'nm 012 345',
    'nm-012-345',
    'nmß1',
    'NMSS1',
    'Ünal 7',
    'UNAL7',
    'x'.repeat(300),
  ),
  fc.string({ maxLength: 12 }),
  fc.stringMatching(/^[a-z0-9 .-]{0,10}$/),
);

describe('reference numbers', () => {
  it('number each record by its first identifier not blank, in the order first met, across batches', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(spelling, spelling, spelling), { maxLength: 200 }),
        fc.integer({ min: 1, max: 40 }),
        (triples, batchSize) => {
          // Column 1 is not an identifier; columns 2 and 0 are, in that order of priority.
          const rows = triples.map(([a, b, c]) => [a, c, b]);
          const columns = [2, 0];
          const numbers = new ReferenceNumbers(columns);
          const got: number[] = [];
          const texts: string[] = [];
          for (let from = 0; from < rows.length; from += batchSize) {
            const batch = batchOfRows(
              rows.slice(from, from + batchSize).map((cells, i) => ({ cells, line: from + i + 2 })),
            );
            numbers.number(batch, 1_000);
            got.push(...(batch.references ?? []));
            addNewReferences(texts, batch);
          }
          const expected = expectedNumbers(rows, columns);
          expect(got).toEqual(expected.numbers);
          expect(texts).toEqual(expected.texts);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('treat a record too short to reach an identifier column as having none there', () => {
    const numbers = new ReferenceNumbers([3, 0]);
    const batch = batchOfRows([
      { cells: ['nm1', 'x'], line: 2 },
      { cells: ['', 'x', 'y', 'NM1'], line: 3 },
      { cells: [''], line: 4 },
    ]);
    numbers.number(batch, 100);
    expect([...(batch.references ?? [])]).toEqual([0, 0, NO_REFERENCE]);
    expect(batch.newReferences).toBe('NM1');
  });

  it('take the identifier columns from the mapping, best first', () => {
    const mapping: Mapping = {
      cohort: 'offenders',
      columns: [
        { source: 'CRN', target: 'crn' },
        { source: 'Gender', target: 'sex' },
        { source: 'PNC', target: 'pnc_id' },
        { source: 'Ref', target: 'person_ref' },
      ],
      recodes: {},
    };
    expect(identifierColumnsOf(mapping, ['Gender', 'Ref', 'PNC', 'CRN'])).toEqual([1, 2, 3]);
  });
});
