// A hand-made needs matrix of three needs (a, b, c): twenty persons all have c, six have a, and
// two of those b. The pair a&b (2) and a (6) are hidden; the other pieces print.
import type { AuditedTable } from '../../../src-main/disclosure/needsPatternAudit.ts';

export const needs = ['a', 'b', 'c'].map((field) => ({ field, categories: ['No', 'Yes'] }));
const yes = (...fields: string[]) => Object.fromEntries(fields.map((f) => [f, ['Yes']]));

export function piece(label: string, fields: string[], value: number, shown: boolean): AuditedTable {
  return { label, scope: yes(...fields), cells: [{ key: {}, value, shown: shown ? value : null }], piece: true };
}

export const matrix: AuditedTable[] = [
  { label: 'persons', scope: {}, cells: [{ key: {}, value: 20, shown: 20 }], piece: false },
  piece('a&b', ['a', 'b'], 2, false),
  piece('a&c', ['a', 'c'], 6, true),
  piece('b&c', ['b', 'c'], 12, true),
  piece('a', ['a'], 6, false),
  piece('b', ['b'], 12, true),
  piece('c', ['c'], 20, true),
];

/** An earlier output printing a (6): recorded in the release, it gives the pair a&b away. */
export const aFirst: AuditedTable = {
  label: '‘a first’',
  scope: {},
  cells: [
    { key: { a: 'Yes' }, value: 6, shown: 6 },
    { key: { a: 'No' }, value: 14, shown: 14 },
    { key: {}, value: 20, shown: 20 },
  ],
  piece: false,
};
