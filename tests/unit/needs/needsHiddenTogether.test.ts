// The audit's greedy where no hiding frees a count: sixty persons with need b, two of them
// without need a. An earlier output prints the whole (60) and hides a's two answers; the matrix
// prints a (58), so the two are 60 − 58. Hiding any printed pieces over the two's answers frees
// nothing (the whole less a stays printed): the greedy hid them one by one, each step trying
// every piece left with a program of its own and choosing among equal bounds on the solver's
// noise, before refusing the pieces that narrow the count. They are now hidden together.
import { describe, expect, it } from 'vitest';
import { createdModels } from '../../../src-main/disclosure/linearProgram.ts';
import { auditNeedsPatterns, type AuditedTable } from '../../../src-main/disclosure/needsPatternAudit.ts';

const NEEDS = ['a', 'b', 'c', 'd', 'e', 'f'];
const THRESHOLD = 5;

/** Sixty persons' needs, bit k for need k: every one b, all but two a, the rest spread. */
const persons = Array.from({ length: 60 }, (_v, i) => {
  let needs = 0b10 | (i >= 2 ? 1 : 0);
  for (let k = 2; k < NEEDS.length; k++) if ((i * (k + 3)) % (k + 2) < 2) needs |= 1 << k;
  return needs;
});

function piece(needs: number[]): AuditedTable {
  const value = persons.filter((p) => needs.every((k) => (p >> k) & 1)).length;
  const small = value > 0 && value < THRESHOLD;
  return {
    label: needs.map((k) => NEEDS[k]).join('&') || 'persons',
    scope: Object.fromEntries(needs.map((k) => [NEEDS[k]!, ['Yes']])),
    cells: [{ key: {}, value, shown: small ? null : value }],
    piece: needs.length > 0,
  };
}

const without = persons.filter((p) => !(p & 1)).length;
const earlier: AuditedTable = {
  label: '‘a first’',
  scope: {},
  cells: [
    { key: { a: 'No' }, value: without, shown: null },
    { key: { a: 'Yes' }, value: persons.length - without, shown: null },
    { key: {}, value: persons.length, shown: persons.length },
  ],
  piece: false,
};

const pieces: number[][] = [];
for (let i = 0; i < NEEDS.length; i++) for (let j = i + 1; j < NEEDS.length; j++) pieces.push([i, j]);
for (let i = 0; i < NEEDS.length; i++) pieces.push([i]);
const tables = [piece([]), earlier, ...pieces.map(piece)];
const input = {
  needs: NEEDS.map((field) => ({ field, categories: ['No', 'Yes'] })),
  tables,
  threshold: THRESHOLD,
  protection: THRESHOLD,
};

describe('pieces that no hiding frees', () => {
  it('are hidden together, and the pieces that narrow the count refused', async () => {
    const before = createdModels();
    const result = await auditNeedsPatterns(input);
    const models = createdModels() - before;
    // Printed pieces over the two's answers: those not filtered to a's Yes; narrowing: a's 58s.
    const at = (needs: number[]): number => 2 + pieces.indexOf(needs);
    const printed = pieces.filter((p) => piece(p).cells[0]!.shown !== null);
    const overTheTwo = printed.filter((p) => !p.includes(0)).map(at);
    const narrowing = printed.filter((p) => p.includes(0) && piece(p).cells[0]!.value === 58).map(at);
    expect(overTheTwo.length).toBe(15);
    expect(result).toEqual({
      hidden: overTheTwo.sort((x, y) => x - y),
      refused: [],
      withheld: narrowing.sort((x, y) => x - y),
      lostEarlier: [],
    });
    // One by one, each of the n steps tried every piece left: n + (n − 1) + … + 1 programs.
    const n = overTheTwo.length;
    expect(models).toBeLessThan((n * (n + 1)) / 2);
  });
});
