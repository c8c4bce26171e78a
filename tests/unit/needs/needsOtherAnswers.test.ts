// The needs audit when an earlier output's hidden small count is narrowed only through the
// total: twenty persons, two without need a (hidden by ‘a first’, beside its hidden 18 with a
// and its printed 20). No piece of the matrix over those two persons' answers narrows them, yet
// the printed a (18) gives them away: 20 less 18. Where the pairs leave a free once it is
// hidden, the audit must hide a, and not c (over their answers, its hiding frees nothing);
// where a&c prints 18 too (every person with a has c), hiding either alone frees nothing, and
// the pieces that narrow the count must be refused instead. An independent intruder (HiGHS
// over persons per need pattern, built from the tables' scopes here) checks each outcome: the
// count free as published, and narrowed were a piece printed back.
import { describe, expect, it } from 'vitest';
import { auditNeedsPatterns, type AuditedTable } from '../../../src-main/disclosure/needsPatternAudit.ts';
import { mostOverPatterns, patternSum } from '../disclosure/patternIntruder.ts';

const NEEDS = ['a', 'b', 'c'];
const THRESHOLD = 5;
/** Pattern p of the intruder: bit k set when the person has need k. */
const PATTERNS = 1 << NEEDS.length;
const EARLIER = '‘a first’, exported 2026-11-02';

type Persons = ReadonlyMap<string, number>;
type Scope = Readonly<Record<string, string>>;

const answer = (p: number, need: string): string => ((p >> NEEDS.indexOf(need)) & 1 ? 'Yes' : 'No');
const patternsIn = (scope: Scope): number[] =>
  Array.from({ length: PATTERNS }, (_v, p) => p).filter((p) =>
    Object.entries(scope).every(([need, c]) => answer(p, need) === c),
  );
const personsIn = (persons: Persons, scope: Scope): number =>
  patternsIn(scope).reduce((n, p) => n + (persons.get(NEEDS.filter((f) => answer(p, f) === 'Yes').join(',')) ?? 0), 0);

/** A piece of the matrix: the persons with every one of `needs`. */
function piece(persons: Persons, needs: string[], shown: boolean): AuditedTable {
  const value = personsIn(persons, Object.fromEntries(needs.map((f) => [f, 'Yes'])));
  const scope = Object.fromEntries(needs.map((f) => [f, ['Yes']]));
  return { label: needs.join('&'), scope, cells: [{ key: {}, value, shown: shown ? value : null }], piece: true };
}

/** The matrix's persons, the earlier output (a's two answers hidden), then the pieces printed or not. */
function release(persons: Persons, printed: string[]): AuditedTable[] {
  const cell = (key: Scope, shown: boolean) => {
    const value = personsIn(persons, key);
    return { key, value, shown: shown ? value : null };
  };
  const squares = [['a', 'b'], ['a', 'c'], ['b', 'c'], ['a'], ['b'], ['c']];
  return [
    { label: 'persons', scope: {}, cells: [cell({}, true)], piece: false },
    {
      label: EARLIER,
      scope: {},
      cells: [cell({ a: 'No' }, false), cell({ a: 'Yes' }, false), cell({}, true)],
      piece: false,
    },
    ...squares.map((needs) => piece(persons, needs, printed.includes(needs.join('&')))),
  ];
}

/** The most persons without a the intruder allows, reading every printed number but the tables `left`. */
async function mostWithoutA(tables: readonly AuditedTable[], left: ReadonlySet<number>): Promise<number> {
  const constraints = tables.flatMap((table, t) =>
    left.has(t)
      ? []
      : table.cells.flatMap((c) => {
          if (c.shown === null) return [];
          const scope = { ...Object.fromEntries(Object.entries(table.scope).map(([f, cs]) => [f, cs[0]!])), ...c.key };
          return [`${patternSum(patternsIn(scope).map((p) => `x${p}`))} = ${c.shown}`];
        }),
  );
  return mostOverPatterns(
    constraints,
    patternsIn({ a: 'No' }).map((p) => `x${p}`),
    PATTERNS,
  );
}

const audit = (tables: AuditedTable[]) =>
  auditNeedsPatterns({
    needs: NEEDS.map((field) => ({ field, categories: ['No', 'Yes'] })),
    tables,
    threshold: THRESHOLD,
    protection: THRESHOLD,
  });
const FREE = 2 + THRESHOLD;

describe('the needs audit through the total', () => {
  it('hides a piece over other answers when only it frees the earlier count', async () => {
    // Six have a, b and c; four a and c; four a and b; four a alone; two c alone.
    const persons = new Map([
      ['a,b,c', 6],
      ['a,c', 4],
      ['a,b', 4],
      ['a', 4],
      ['c', 2],
    ]);
    // Printed: a (18), a&b (10), a&c (10), and c (12), the one piece over the two persons'
    // answers, whose hiding frees nothing: it must stay printed.
    const tables = release(persons, ['a', 'a&b', 'a&c', 'c']);
    const a = tables.findIndex((t) => t.label === 'a');
    expect(await mostWithoutA(tables, new Set())).toBe(2);
    const result = await audit(tables);
    expect(result).toEqual({ hidden: [a], refused: [], withheld: [], lostEarlier: [] });
    // Free once a is hidden (the pairs hold a to at least 10), narrowed were it printed.
    expect(await mostWithoutA(tables, new Set([a]))).toBeGreaterThanOrEqual(FREE);
  });

  it('refuses the pieces that narrow the earlier count when hiding frees it no further', async () => {
    // Eight have a, b and c; ten a and c; two c alone: a (18) and a&c (18) each say 18 have a.
    const persons = new Map([
      ['a,b,c', 8],
      ['a,c', 10],
      ['c', 2],
    ]);
    const tables = release(persons, ['a', 'a&b', 'a&c']);
    const [a, ac] = [tables.findIndex((t) => t.label === 'a'), tables.findIndex((t) => t.label === 'a&c')];
    for (const alone of [a, ac]) expect(await mostWithoutA(tables, new Set([alone]))).toBe(2);
    const result = await audit(tables);
    expect(result).toEqual({ hidden: [], refused: [], withheld: [ac, a], lostEarlier: [] });
    // Free without the two refused, narrowed with either printed back.
    expect(await mostWithoutA(tables, new Set([a, ac]))).toBeGreaterThanOrEqual(FREE);
    for (const back of [a, ac]) expect(await mostWithoutA(tables, new Set([a, ac].filter((t) => t !== back)))).toBe(2);
  });
});
