// Three two-way tables of one release forming a cycle (fx × fy, then fy × fz, then fx × fz):
// the third is protected with the first two linked. A printed zero of the third empties finest
// cells that a count of the second sums over, and with the first's printed numbers that pins a
// small count the first two left open (fy y2 × fz z2 = 2: its members x2 are empty by the first
// table's 0, x0 by the third's 0, so it is at most x1 × y2 = 6). Zeros are no complements as a
// rule, so the third table must hide that zero as a last resort. The case is a random one found
// by search; the attacker is the test's own (releaseAttacker.ts), over the 3-way counts.
import { describe, expect, it } from 'vitest';
import { type EarlierTable, protectInRelease } from '../../../src-main/disclosure/protectRelease.ts';
import type { RawTable } from '../../../src-main/disclosure/queryTable.ts';
import { type Cover, type Printed, ReleaseAttacker } from './releaseAttacker.ts';

const THRESHOLD = 5;
const DOMAINS = {
  fx: ['x0', 'x1', 'x2'],
  fy: ['y0', 'y1', 'y2', 'y3'],
  fz: ['z0', 'z1', 'z2', 'z3'],
};
type Field = keyof typeof DOMAINS;
/** The counts by fx, fy, fz. */
const COUNTS = [
  [
    [2, 0, 0, 0],
    [1, 1, 0, 2],
    [0, 0, 0, 2],
    [0, 0, 0, 0],
  ],
  [
    [0, 0, 0, 1],
    [0, 0, 2, 3],
    [4, 0, 2, 0],
    [7, 0, 2, 1],
  ],
  [
    [2, 0, 0, 0],
    [0, 0, 1, 1],
    [0, 0, 0, 0],
    [0, 7, 6, 2],
  ],
];

interface Cell {
  key: Record<string, string>;
  value: number;
  hidden: boolean;
}

/** The true count of every fx, fy, fz cell under `key` (fields left out: all categories). */
function countOf(key: Record<string, string>): number {
  let sum = 0;
  DOMAINS.fx.forEach((x, i) =>
    DOMAINS.fy.forEach((y, j) =>
      DOMAINS.fz.forEach((z, k) => {
        const cell: Record<string, string> = { fx: x, fy: y, fz: z };
        if (Object.entries(key).every(([f, c]) => cell[f] === c)) sum += COUNTS[i]![j]![k]!;
      }),
    ),
  );
  return sum;
}

function rawOf(rows: Field, cols: Field): RawTable {
  const counts = DOMAINS[rows].map((r) => DOMAINS[cols].map((c) => countOf({ [rows]: r, [cols]: c })));
  const rowTotals = DOMAINS[rows].map((r) => countOf({ [rows]: r }));
  const colTotals = DOMAINS[cols].map((c) => countOf({ [cols]: c }));
  return {
    counts,
    rowTotals,
    colTotals,
    total: countOf({}),
    rows: { fields: [rows], keys: DOMAINS[rows].map((r) => [r]) },
    cols: { fields: [cols], keys: DOMAINS[cols].map((c) => [c]) },
    measure: 'records',
  };
}

/** A two-way table's numbers (cells, row totals, column totals, total) with which are hidden. */
function cellsOf(rows: Field, cols: Field, isHidden: (key: Record<string, string>) => boolean): Cell[] {
  const keys = [
    ...DOMAINS[rows].flatMap((r) => DOMAINS[cols].map((c) => ({ [rows]: r, [cols]: c }))),
    ...DOMAINS[rows].map((r) => ({ [rows]: r })),
    ...DOMAINS[cols].map((c) => ({ [cols]: c })),
    {},
  ];
  return keys.map((key) => ({ key, value: countOf(key), hidden: isHidden(key) }));
}

/** A pattern as printed, row by row with the row total last, then the column totals and the total ('#' hidden). */
function pattern(rows: Field, cols: Field, lines: string[]): (key: Record<string, string>) => boolean {
  return (key) => {
    const r = key[rows] === undefined ? DOMAINS[rows].length : DOMAINS[rows].indexOf(key[rows]);
    const c = key[cols] === undefined ? DOMAINS[cols].length : DOMAINS[cols].indexOf(key[cols]);
    return lines[r]![c] === '#';
  };
}

// The first two tables as protected before (each a release step of its own).
const FIRST = cellsOf('fx', 'fy', pattern('fx', 'fy', ['###.#', '##...', '##..#', '#.#..']));
const SECOND = cellsOf('fy', 'fz', pattern('fy', 'fz', ['#..##', '####.', '#.###', '.###.', '.....']));
const earlier: EarlierTable[] = [
  { label: 'fx by fy', fields: ['fx', 'fy'], scope: {}, cells: FIRST },
  { label: 'fy by fz', fields: ['fy', 'fz'], scope: {}, cells: SECOND },
];

const coverOf = (key: Record<string, string>): Cover =>
  Object.fromEntries(Object.entries(key).map(([f, c]) => [f, [c]]));
const printedOf = (cells: readonly Cell[]): Printed[] =>
  cells.filter((c) => !c.hidden).map((c) => ({ cover: coverOf(c.key), value: c.value }));

describe('a release of three two-way tables forming a cycle', () => {
  it('hides a zero of the third table that would pin a small count of the second', async () => {
    const raw = rawOf('fx', 'fz');
    const result = await protectInRelease({
      earlier,
      raw,
      scope: {},
      measure: 'records',
      rule: { threshold: THRESHOLD },
      domains: DOMAINS,
      leafValues: async (leaves) => leaves.map((leaf) => countOf(leaf.key)),
    });
    const third = cellsOf('fx', 'fz', (key) => {
      const r = key.fx === undefined ? null : DOMAINS.fx.indexOf(key.fx);
      const c = key.fz === undefined ? null : DOMAINS.fz.indexOf(key.fz);
      const shown =
        r === null
          ? c === null
            ? result.table.total
            : result.table.colTotals[c]
          : c === null
            ? result.table.rowTotals[r]
            : result.table.counts[r]![c];
      return shown === null;
    });
    const attacker = new ReleaseAttacker(DOMAINS);
    const before = printedOf([...FIRST, ...SECOND]);
    const after = [...before, ...printedOf(third)];
    // The count the printed zero pinned: the attacker cannot rule out that it holds 5 more.
    const pinned = { fy: 'y2', fz: 'z2' };
    expect(countOf(pinned)).toBe(2);
    expect((await attacker.range(before, coverOf(pinned))).upper).toBeGreaterThanOrEqual(2 + THRESHOLD);
    expect((await attacker.range(after, coverOf(pinned))).upper).toBeGreaterThanOrEqual(2 + THRESHOLD);
    // No small count of the release that the first two tables left open is narrowed by the third.
    const small = [...FIRST, ...SECOND, ...third].filter((c) => c.hidden && c.value > 0 && c.value < THRESHOLD);
    expect(small.length).toBeGreaterThan(0);
    for (const cell of small) {
      const open = (await attacker.range(before, coverOf(cell.key))).upper >= cell.value + THRESHOLD;
      if (!open) continue;
      const { upper } = await attacker.range(after, coverOf(cell.key));
      expect(upper, JSON.stringify(cell.key)).toBeGreaterThanOrEqual(cell.value + THRESHOLD);
    }
  });
});
