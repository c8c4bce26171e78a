// Settling needs together when an earlier output's box crosses the matrix's: sex and ethnicity
// both one per person. The matrix over women prints a and b together (20). The release already
// printed the White persons of both sexes with a and b (25) and the White men with them (7), and
// hid the women of other ethnicities with them (2). The White table keeps persons both inside
// and outside the matrix's women, yet read with the men's it gives the White women (25 − 7 = 18),
// and 20 − 18 is the hidden 2. An independent intruder (HiGHS over persons per need pattern, sex
// and ethnicity) must find no hidden small count held below its value plus the protection once
// the matrix is settled.
import { describe, expect, it } from 'vitest';
import type { PublishedTable } from '../../../shared/contract/release.ts';
import { QuerySpecSchema, type QuerySpec } from '../../../shared/query.ts';
import { settleNeedsPieces, type SettledSession } from '../../../src-main/app/analysis/needsSettle.ts';
import { packSnapshot } from '../../../src-main/engine/packSnapshot.ts';
import { personLevelFields } from '../../../src-main/engine/personLevelFields.ts';
import { mostOverPatterns, patternSum } from '../disclosure/patternIntruder.ts';
import { oneCell } from './oneCell.ts';

const [A, B] = ['need_a', 'need_b'];
const NEEDS = [A, B].map((field) => ({ field, label: field.slice(5) }));
const FIELDS = [A, B, 'sex', 'ethnicity'];
/** Per field, the category its bit set stands for (the other: its first). */
const DOMAINS: Record<string, string[]> = {
  [A]: ['No', 'Yes'],
  [B]: ['No', 'Yes'],
  sex: ['Female', 'Male'],
  ethnicity: ['Other', 'White'],
};
const THRESHOLD = 3;
const PATTERNS = 1 << FIELDS.length;

type Scope = Record<string, string>;
const categoryOf = (p: number, field: string): string => DOMAINS[field]![(p >> FIELDS.indexOf(field)) & 1]!;
const patternsOf = (scope: Scope): number[] =>
  [...Array(PATTERNS).keys()].filter((p) => Object.entries(scope).every(([f, c]) => categoryOf(p, f) === c));

/** Persons per pattern: bit 0 need a, bit 1 need b, bit 2 a man, bit 3 White. */
const PERSONS: number[] = new Array<number>(PATTERNS).fill(0);
const put = (scope: Scope, n: number): void => {
  const [p] = patternsOf(scope).filter((q) => FIELDS.every((f) => f in scope || categoryOf(q, f) === DOMAINS[f]![0]));
  PERSONS[p!] = n;
};
const both = { [A]: 'Yes', [B]: 'Yes' };
put({ ...both, sex: 'Female', ethnicity: 'White' }, 18);
put({ ...both, sex: 'Female', ethnicity: 'Other' }, 2);
put({ ...both, sex: 'Male', ethnicity: 'White' }, 7);
put({ ...both, sex: 'Male', ethnicity: 'Other' }, 3);
put({ [A]: 'Yes', [B]: 'No', sex: 'Female', ethnicity: 'White' }, 5);
put({ [A]: 'No', [B]: 'Yes', sex: 'Female', ethnicity: 'Other' }, 4);
put({ [A]: 'No', [B]: 'No', sex: 'Female', ethnicity: 'White' }, 10);
put({ [A]: 'No', [B]: 'No', sex: 'Male', ethnicity: 'White' }, 6);

interface Table {
  spec: QuerySpec;
  label: string;
  scope: Scope;
  cells: PublishedTable['cells'];
}

/** A one-cell persons table under `scope` (filters on each field), printed or hidden. */
function table(label: string, scope: Scope, printed: boolean): Table {
  const value = patternsOf(scope).reduce((n, p) => n + PERSONS[p]!, 0);
  const needs = Object.keys(scope).filter((f) => f === A || f === B);
  return {
    spec: QuerySpecSchema.parse({
      cohort: 'offenders',
      measure: 'persons',
      filters: Object.entries(scope).map(([field, category]) => ({ kind: 'in', field, in: [category] })),
      rows: needs.slice(0, 1),
      cols: needs.slice(1, 2),
      disclosure: { threshold: THRESHOLD },
    }),
    label,
    scope,
    cells: oneCell(value, printed),
  };
}

/** The hidden small counts the intruder holds below their value plus the protection (the threshold). */
async function narrowed(tables: readonly Table[]): Promise<string[]> {
  const terms = (scope: Scope): string[] => patternsOf(scope).map((p) => `x${p}`);
  const constraints = tables
    .filter((t) => t.cells[0]!.shown !== null)
    .map((t) => `${patternSum(terms(t.scope))} = ${t.cells[0]!.shown}`);
  const out: string[] = [];
  for (const t of tables) {
    const { value, shown } = t.cells[0]!;
    if (shown !== null || value <= 0 || value >= THRESHOLD) continue;
    const most = await mostOverPatterns(constraints, terms(t.scope), PATTERNS);
    if (most < value + THRESHOLD) out.push(`${t.label} (${value}) at most ${most}`);
  }
  return out;
}

/** The persons as the engine holds them: one record each, its fields set by its pattern's bits. */
function snapshot() {
  const patterns = PERSONS.flatMap((n, p) => new Array<number>(n).fill(p));
  return packSnapshot({
    cohort: 'offenders',
    rowCount: patterns.length,
    personIds: Int32Array.from(patterns, (_p, i) => i),
    dimensions: FIELDS.map((name, k) => ({
      name,
      kind: 'category' as const,
      open: false,
      labels: DOMAINS[name]!,
      codes: Uint8Array.from(patterns, (p) => (p >> k) & 1),
    })),
    dates: [],
    numbers: [],
    warnings: [],
  });
}

describe('settling needs together with an earlier box crossing the matrix’s', () => {
  it('reads the White persons of both sexes with the matrix over women', async () => {
    const women = { sex: 'Female' };
    const earlier = [
      table('‘White, a and b’', { ...both, ethnicity: 'White' }, true),
      table('‘White men, a and b’', { ...both, sex: 'Male', ethnicity: 'White' }, true),
      table('‘Women of other ethnicities, a and b’', { ...both, sex: 'Female', ethnicity: 'Other' }, false),
    ];
    const matrix = [
      table('persons', women, true),
      table('a and b', { ...women, ...both }, true),
      table('a', { ...women, [A]: 'Yes' }, true),
      table('b', { ...women, [B]: 'Yes' }, true),
    ];
    expect(earlier.map((t) => t.cells[0]!.value)).toEqual([25, 7, 2]);
    expect(matrix[1]!.cells[0]!.value).toBe(20);
    // The premise: printed as the release left it, the matrix gives the hidden 2 away.
    expect(await narrowed([...earlier, ...matrix])).toEqual(['‘Women of other ethnicities, a and b’ (2) at most 2']);
    const held = snapshot();
    const withheld = new Map<number, boolean>();
    const session: SettledSession = {
      personLevelFields: async (fields) => personLevelFields(held, fields),
      tablesSoFar: () => [...earlier, ...matrix],
      resolvedCount: () => matrix.length,
      withhold: (index, _reason, refuse) => withheld.set(index, refuse),
    };
    const spec = QuerySpecSchema.parse({
      cohort: 'needs',
      measure: 'persons',
      filters: [{ kind: 'in', field: 'sex', in: ['Female'] }],
      disclosure: { threshold: THRESHOLD },
    });
    const { reasons } = await settleNeedsPieces(session, spec, NEEDS, 0, DOMAINS);
    expect(reasons.size).toBeGreaterThan(0);
    const published = matrix.flatMap((t, i) =>
      withheld.get(i) === true
        ? []
        : [withheld.has(i) ? { ...t, cells: t.cells.map((c) => ({ ...c, shown: null })) } : t],
    );
    expect(await narrowed([...earlier, ...published])).toEqual([]);
  }, 120_000);
});
