// Where a new output needs more hiding because of an earlier one, the cells say why, naming the
// earlier output and its date, also when the new output counts persons where the earlier one
// counted records, and when it merges categories the earlier one showed apart. Each such cell is
// one the table protected alone prints (a second path: protectTable on the table by itself).
import { describe, expect, it } from 'vitest';
import { protectTable } from '../../../src-main/disclosure/protectTable.ts';
import { type EarlierTable, type ReleaseInput, protectInRelease } from '../../../src-main/disclosure/protectRelease.ts';
import type { RawTable } from '../../../src-main/disclosure/queryTable.ts';

const DOMAINS = { district: ['Ely', 'March', 'Wisbech'], offence: ['Assault', 'Harassment', 'Stalking'] };
const LABEL = '‘Victims by district’, exported 2026-05-03';
type Row = [person: number, district: number, offence: number];
/** Two extracts of records (found by drawing random ones until the case arose). */
const PERSONS_CASE: Row[] = [
  [11, 1, 1],
  [9, 1, 0],
  [5, 0, 2],
  [6, 0, 1],
  [7, 0, 0],
  [3, 0, 0],
  [5, 0, 1],
  [3, 1, 2],
  [12, 0, 2],
  [8, 1, 0],
  [4, 0, 1],
  [10, 2, 2],
  [12, 0, 1],
  [8, 0, 1],
  [13, 1, 0],
  [13, 2, 0],
  [12, 2, 2],
  [1, 2, 2],
  [12, 1, 1],
  [4, 0, 0],
];
const MERGED_CASE: Row[] = [
  [9, 2, 0],
  [2, 0, 1],
  [5, 0, 1],
  [1, 2, 2],
  [8, 2, 0],
  [29, 1, 0],
  [9, 1, 1],
  [27, 1, 2],
  [4, 1, 2],
  [13, 2, 1],
  [3, 2, 1],
  [0, 1, 2],
  [12, 2, 1],
  [30, 0, 1],
  [30, 1, 1],
  [4, 1, 0],
  [3, 2, 2],
  [28, 2, 1],
  [2, 0, 1],
  [29, 0, 0],
];

type Measure = 'records' | 'persons';
type Cover = Record<string, readonly string[]>;

function count(rows: readonly Row[], measure: Measure, cover: Cover): number {
  const inside = rows.filter(
    ([, d, o]) =>
      (cover.district ?? DOMAINS.district).includes(DOMAINS.district[d]!) &&
      (cover.offence ?? DOMAINS.offence).includes(DOMAINS.offence[o]!),
  );
  return measure === 'records' ? inside.length : new Set(inside.map(([p]) => p)).size;
}

/** District x offence, the offences optionally shown as groups of categories. */
function table(rows: readonly Row[], measure: Measure, offences: { label: string; members: string[] }[]): RawTable {
  const at = (district: string | null, members: string[] | null) =>
    count(rows, measure, { ...(district ? { district: [district] } : {}), ...(members ? { offence: members } : {}) });
  return {
    counts: DOMAINS.district.map((d) => offences.map((o) => at(d, o.members))),
    rowTotals: DOMAINS.district.map((d) => at(d, null)),
    colTotals: offences.map((o) => at(null, o.members)),
    total: at(null, null),
    rows: { fields: ['district'], keys: DOMAINS.district.map((d) => [d]) },
    cols: { fields: ['offence'], keys: offences.map((o) => [o.label]) },
    measure,
  };
}

const PLAIN = DOMAINS.offence.map((o) => ({ label: o, members: [o] }));
const MERGED = [
  { label: 'Assault', members: ['Assault'] },
  { label: 'Harassment or stalking', members: ['Harassment', 'Stalking'] },
];

const valuesOf =
  (rows: readonly Row[]): ReleaseInput['leafValues'] =>
  async (leaves, measure) =>
    leaves.map((l) =>
      count(rows, measure, { ...l.scope, ...Object.fromEntries(Object.entries(l.key).map(([f, c]) => [f, [c]])) }),
    );

async function earlierRecords(rows: readonly Row[]): Promise<EarlierTable> {
  const first = await protectInRelease({
    earlier: [],
    raw: table(rows, 'records', PLAIN),
    scope: {},
    measure: 'records',
    rule: { threshold: 5 },
    domains: DOMAINS,
    leafValues: valuesOf(rows),
  });
  return {
    label: LABEL,
    fields: ['district', 'offence'],
    scope: {},
    measure: 'records',
    cells: first.cells.map((c) => ({ key: c.key, value: c.value, hidden: c.status !== 'published' })),
  };
}

async function expectReasonsNameTheEarlierOutput(
  rows: readonly Row[],
  input: Omit<ReleaseInput, 'earlier' | 'leafValues' | 'domains' | 'scope' | 'rule'>,
) {
  const rule = { threshold: 5 };
  const result = await protectInRelease({
    ...input,
    earlier: [await earlierRecords(rows)],
    scope: {},
    rule,
    domains: DOMAINS,
    leafValues: valuesOf(rows),
  });
  expect(result.reasons.length).toBeGreaterThan(0);
  const alone = await protectTable(input.raw, rule);
  for (const { row, col, reason } of result.reasons) {
    expect(reason).toBe(`hidden because of ${LABEL}`);
    const printedAlone =
      row === null
        ? alone.table.colTotals[col!]
        : col === null
          ? alone.table.rowTotals[row]
          : alone.table.counts[row]![col];
    expect(printedAlone, `${row}:${col}`).not.toBeNull();
  }
  const n = result.reasons.length;
  expect(result.report.footnote).toContain(`${n} ${n === 1 ? 'cell' : 'cells'} hidden because of ${LABEL}.`);
}

describe('extra cells hidden because of an earlier output say which and when', () => {
  it('a persons table after the records table of the same cells', async () => {
    await expectReasonsNameTheEarlierOutput(PERSONS_CASE, {
      raw: table(PERSONS_CASE, 'persons', PLAIN),
      measure: 'persons',
    });
  });

  it('a table with merged offences after the same table unmerged', async () => {
    await expectReasonsNameTheEarlierOutput(MERGED_CASE, {
      raw: table(MERGED_CASE, 'records', MERGED),
      groups: { offence: { 'Harassment or stalking': ['Harassment', 'Stalking'] } },
      measure: 'records',
    });
  });
});
