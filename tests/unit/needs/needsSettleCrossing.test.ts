// Settling needs together (the audit in its real worker) when a small count is given away only
// by crossing two filters, or only through rounded numbers. Crossing: thirteen persons with
// needs a and b, six women and seven men. The release already printed the men with both needs
// (4) and hid the women with both (1). The matrix over all offenders prints a and b together (5)
// as a table of its own: 5 less the men's 4 is the women's 1. Read only with tables under its
// own filters, nothing of the matrix was hidden; the men's and the women's outputs, their
// persons within the matrix's, are read with it, sex crossed with the needs. An independent
// intruder, trying every way of sharing the thirteen persons among the eight patterns (a, b,
// sex) that agrees with every printed number (a rounded one: any count that rounds to it), must
// find no hidden small count held below its value plus the protection once the matrix is
// settled. Rounding to 5 was not audited at all before. Which fields are crossed, the engine
// tells from a snapshot of the same persons (one record each, so each has one sex).
import { describe, expect, it } from 'vitest';
import type { PublishedTable } from '../../../shared/contract/release.ts';
import { QuerySpecSchema, type QuerySpec } from '../../../shared/query.ts';
import { settleNeedsPieces, type SettledSession } from '../../../src-main/app/analysis/needsSettle.ts';
import { roundToBase } from '../../../src-main/disclosure/rounding.ts';
import { packSnapshot } from '../../../src-main/engine/packSnapshot.ts';
import { personLevelFields } from '../../../src-main/engine/personLevelFields.ts';
import { oneCell } from './oneCell.ts';

const [A, B] = ['need_a', 'need_b'];
const NEEDS = [A, B].map((field) => ({ field, label: field.slice(5) }));
const FIELDS = [A, B, 'sex'];
/** Per field, the category its bit set stands for. */
const SET: Record<string, string> = { [A]: 'Yes', [B]: 'Yes', sex: 'Male' };
const DOMAINS = { [A]: ['No', 'Yes'], [B]: ['No', 'Yes'], sex: ['Female', 'Male'] };
const THRESHOLD = 3;

type Scope = Record<string, string>;
/** Persons per pattern: bit 0 need a, bit 1 need b, bit 2 a man. */
type Persons = readonly number[];
const PATTERNS = 1 << FIELDS.length;
const inScope = (p: number, scope: Scope): boolean =>
  Object.entries(scope).every(
    ([field, category]) => ((p >> FIELDS.indexOf(field)) & 1) === Number(SET[field] === category),
  );
const patternsOf = (scope: Scope): number[] => [...Array(PATTERNS).keys()].filter((p) => inScope(p, scope));

interface Table {
  spec: QuerySpec;
  label: string;
  scope: Scope;
  cells: PublishedTable['cells'];
}

/** A one-cell persons table under `scope` (filters on each field), printed (rounded to `round`) or hidden. */
function table(persons: Persons, label: string, scope: Scope, printed: boolean, round: number | null = null): Table {
  const value = patternsOf(scope).reduce((n, p) => n + persons[p]!, 0);
  const needs = Object.keys(scope).filter((f) => f !== 'sex');
  const shown = printed ? roundToBase(value, round) : null;
  return {
    spec: QuerySpecSchema.parse({
      cohort: 'offenders',
      measure: 'persons',
      filters: Object.entries(scope).map(([field, category]) => ({ kind: 'in', field, in: [category] })),
      rows: needs.slice(0, 1),
      cols: needs.slice(1, 2),
      disclosure: { threshold: THRESHOLD, round },
    }),
    label,
    scope,
    cells: oneCell(value, printed, shown ?? value),
  };
}

/** The persons a printed number allows: itself, or every count that rounds to it (half up). */
function allowed(t: Table): { lower: number; upper: number } {
  const shown = t.cells[0]!.shown!;
  const base = t.spec.disclosure?.round ?? null;
  if (base === null) return { lower: shown, upper: shown };
  return { lower: Math.max(0, Math.ceil(shown - base / 2)), upper: Math.ceil(shown + base / 2) - 1 };
}

/**
 * The most persons an intruder can place in `target`'s patterns: every sharing among the
 * patterns of as many persons as the printed whole allows, kept where every printed number holds.
 */
function mostByEveryWay(tables: readonly Table[], target: Table): number {
  const printed = tables
    .filter((t) => t.cells[0]!.shown !== null)
    .map((t) => ({ patterns: patternsOf(t.scope), ...allowed(t) }));
  const whole = printed.find((t) => t.patterns.length === PATTERNS)!;
  const targetPatterns = patternsOf(target.scope);
  const x = new Array<number>(PATTERNS).fill(0);
  let most = -1;
  const place = (p: number, left: number): void => {
    if (p === PATTERNS - 1) {
      x[p] = left;
      const holds = printed.every((t) => {
        const n = t.patterns.reduce((sum, q) => sum + x[q]!, 0);
        return n >= t.lower && n <= t.upper;
      });
      if (holds)
        most = Math.max(
          most,
          targetPatterns.reduce((n, q) => n + x[q]!, 0),
        );
      return;
    }
    for (let k = 0; k <= left; k++) {
      x[p] = k;
      place(p + 1, left - k);
    }
  };
  for (let total = whole.lower; total <= whole.upper; total++) place(0, total);
  return most;
}

/** The hidden small counts the intruder holds below their value plus the protection (the threshold). */
function narrowed(tables: readonly Table[]): string[] {
  return tables
    .filter((t) => t.cells[0]!.shown === null && t.cells[0]!.value > 0 && t.cells[0]!.value < THRESHOLD)
    .map((t) => ({ t, most: mostByEveryWay(tables, t) }))
    .filter(({ t, most }) => most < t.cells[0]!.value + THRESHOLD)
    .map(({ t, most }) => `${t.label} (${t.cells[0]!.value}) at most ${most}`);
}

/** The matrix over all offenders, in the order resolved: the persons, the pair, then the needs. */
function matrixOf(persons: Persons, round: number | null = null): Table[] {
  const both = { [A]: 'Yes', [B]: 'Yes' };
  return [
    table(persons, 'persons', {}, true, round),
    table(persons, 'a and b', both, true, round),
    table(persons, 'a', { [A]: 'Yes' }, true, round),
    table(persons, 'b', { [B]: 'Yes' }, true, round),
  ];
}

/** The persons as the engine holds them: one record each, its fields set by its pattern's bits. */
function snapshotOf(persons: Persons) {
  const patterns = persons.flatMap((n, p) => new Array<number>(n).fill(p));
  return packSnapshot({
    cohort: 'offenders',
    rowCount: patterns.length,
    personIds: Int32Array.from(patterns, (_p, i) => i),
    dimensions: FIELDS.map((name, k) => ({
      name,
      kind: 'category' as const,
      open: false,
      labels: DOMAINS[name as keyof typeof DOMAINS]!,
      codes: Uint8Array.from(patterns, (p) => (p >> k) & 1),
    })),
    dates: [],
    numbers: [],
    warnings: [],
  });
}

/** Settles the matrix after the earlier outputs, and prints it as published: refused pieces gone, hidden ones blank. */
async function settled(
  persons: Persons,
  earlier: readonly Table[],
  matrix: readonly Table[],
  round: number | null = null,
  { engineTells = true } = {},
) {
  const withheld = new Map<number, boolean>();
  const snapshot = snapshotOf(persons);
  const session: SettledSession = {
    ...(engineTells
      ? { personLevelFields: async (fields: readonly string[]) => personLevelFields(snapshot, fields) }
      : {}),
    tablesSoFar: () => [...earlier, ...matrix],
    resolvedCount: () => matrix.length,
    withhold: (index, _reason, refuse) => withheld.set(index, refuse),
  };
  const disclosure = { threshold: THRESHOLD, round };
  const spec = QuerySpecSchema.parse({ cohort: 'needs', measure: 'persons', disclosure });
  const result = await settleNeedsPieces(session, spec, NEEDS, 0, DOMAINS);
  const published = matrix.flatMap((t, i) =>
    withheld.get(i) === true
      ? []
      : [withheld.has(i) ? { ...t, cells: t.cells.map((c) => ({ ...c, shown: null })) } : t],
  );
  return { reasons: result.reasons, published };
}

describe('settling needs together across filters and rounding', () => {
  it('takes back the square that, read with another filter’s output, gives a small count away', async () => {
    const persons = [1, 2, 2, 1, 1, 1, 1, 4];
    const both = { [A]: 'Yes', [B]: 'Yes' };
    const earlier = [
      table(persons, '‘Women with both’', { ...both, sex: 'Female' }, false),
      table(persons, '‘Men with both’', { ...both, sex: 'Male' }, true),
    ];
    const matrix = matrixOf(persons);
    // The premise: printed as the release left it, the matrix gives the women's count away.
    expect(narrowed([...earlier, ...matrix])).toEqual(['‘Women with both’ (1) at most 1']);
    const { reasons, published } = await settled(persons, earlier, matrix);
    expect(reasons.size).toBeGreaterThan(0);
    expect(narrowed([...earlier, ...published])).toEqual([]);
  }, 120_000);

  // Where nothing tells which fields are one per person, sex must not be read as the set of sexes
  // a person has records in (the women's count would look free): one per person is the reading
  // that is always a restriction of what an intruder allows.
  it('reads a field as one category per person where nothing says otherwise', async () => {
    const persons = [1, 2, 2, 1, 1, 1, 1, 4];
    const both = { [A]: 'Yes', [B]: 'Yes' };
    const earlier = [
      table(persons, '‘Women with both’', { ...both, sex: 'Female' }, false),
      table(persons, '‘Men with both’', { ...both, sex: 'Male' }, true),
    ];
    const matrix = matrixOf(persons);
    const { reasons, published } = await settled(persons, earlier, matrix, null, { engineTells: false });
    expect(reasons.size).toBeGreaterThan(0);
    expect(narrowed([...earlier, ...published])).toEqual([]);
  }, 120_000);

  it('takes back the square whose rounded number, read with the rounded whole, gives a small count away', async () => {
    // Twenty persons, all women: ten with both needs, eight with a alone, one with b alone, one with neither.
    const persons = [1, 8, 1, 10, 0, 0, 0, 0];
    const earlier = [table(persons, '‘Without a’', { [A]: 'No' }, false, 5), table(persons, '‘Everyone’', {}, true, 5)];
    const matrix = matrixOf(persons, 5);
    // The premise: a (18, printed 20: 18 to 22) and the whole (20: 18 to 22) leave at most 4 without a.
    expect(narrowed([...earlier, ...matrix])).toEqual(['‘Without a’ (2) at most 4']);
    const { reasons, published } = await settled(persons, earlier, matrix, 5);
    expect(reasons.size).toBeGreaterThan(0);
    expect(narrowed([...earlier, ...published])).toEqual([]);
  }, 120_000);
});
