// The needs audit with a filter field computed from the needs: thirty offenders, ten with no
// need, ten with a alone, eight with b alone and two with both. The matrix prints its persons
// (30), a (12) and b (10), and hides a and b together (2). An earlier output printed the persons
// with one need (18), or those of the pooled combinations (8: b alone). Crossed as a free answer,
// that output tells nothing of the pair; but an intruder knows a person with a and b has two
// needs, so 12 + 10 − 18 = 2 × pair: the pair is 2. An intruder of the test's own (every world
// of persons per answer pattern, the derived field computed here from the answers) must find
// no hidden small count held below its value plus the protection once the audit has settled.
// The same through settling, the audit in its worker on the scope the app builds. Beside it:
// the audit's reading of the rule agrees with the engine's columns record by record,
// and persons whose every answer is unknown still fit (the model refuses nothing it need not).
import { describe, expect, it } from 'vitest';
import { NEEDS, NO_NEEDS, OTHER_COMBINATIONS, UNKNOWN } from '../../../shared/codebook.ts';
import { QuerySpecSchema } from '../../../shared/query.ts';
import { needsAuditScope } from '../../../src-main/app/analysis/needsAuditScope.ts';
import { settleNeedsPieces, type SettledSession } from '../../../src-main/app/analysis/needsSettle.ts';
import {
  auditNeedsPatterns,
  type AuditedNeed,
  type AuditedTable,
  type PatternAuditResult,
} from '../../../src-main/disclosure/needsPatternAudit.ts';
import {
  categoryOf,
  derivedCategories,
  possibleMasks,
  statesOf,
  type NeedsDerivation,
} from '../../../src-main/disclosure/needsDerived.ts';
import { deriveOffenderNeeds } from '../../../src-main/engine/derived/offenderNeeds.ts';
import { packSnapshot } from '../../../src-main/engine/packSnapshot.ts';
import { mulberry32 } from '../engine/syntheticWorkspace.ts';
import { oneCell } from './oneCell.ts';

const THRESHOLD = 3;
const FROM = [
  { field: 'a', label: 'A' },
  { field: 'b', label: 'B' },
];
/** b alone is no common combination: pooled. */
const COMBINATIONS = ['A', 'A + B', OTHER_COMBINATIONS, NO_NEEDS];
const COUNTS = ['0', '1', '2', '3+'];

/** Persons per answer pattern: bit 0 need a, bit 1 need b. */
const PERSONS = [10, 10, 8, 2];

/** The test's own reading of the derived fields: the number of Yes, and which. */
function derivedOf(pattern: number): Record<string, string> {
  const yes = [pattern & 1, (pattern >> 1) & 1].filter(Boolean).length;
  const combination = ['No needs', 'A', OTHER_COMBINATIONS, 'A + B'][pattern]!;
  return { needs_count: String(yes), needs_combination: combination };
}

function inScope(pattern: number, scope: Readonly<Record<string, readonly string[]>>): boolean {
  return Object.entries(scope).every(([field, kept]) => {
    if (field === 'a') return kept.includes(pattern & 1 ? 'Yes' : 'No');
    if (field === 'b') return kept.includes(pattern & 2 ? 'Yes' : 'No');
    return kept.includes(derivedOf(pattern)[field]!);
  });
}

function table(label: string, scope: Record<string, string[]>, printed: boolean, piece: boolean): AuditedTable {
  const value = PERSONS.reduce((n, persons, p) => n + (inScope(p, scope) ? persons : 0), 0);
  return { label, scope, cells: [{ key: {}, value, shown: printed ? value : null }], piece };
}

/** The matrix as the release left it: its persons (no piece), a and b printed, the pair hidden. */
const MATRIX = [
  table('the persons of this matrix', {}, true, false),
  table('a', { a: ['Yes'] }, true, true),
  table('b', { b: ['Yes'] }, true, true),
  table('a and b', { a: ['Yes'], b: ['Yes'] }, false, true),
];

/**
 * The intruder: every world of whole persons per answer pattern that prints what was printed;
 * per hidden small count, the most it can be. Refused tables are not published.
 */
function intruderMost(tables: readonly AuditedTable[], result: PatternAuditResult): Map<string, number> {
  const gone = new Set([...result.hidden, ...result.withheld, ...result.refused.map((r) => r.table)]);
  const printed = tables.filter((t, i) => !gone.has(i) && t.cells[0]!.shown !== null);
  const published = new Set(tables.filter((_, i) => !result.refused.some((r) => r.table === i)));
  const targets = [...published].filter((t) => t.cells[0]!.shown === null || gone.has(tables.indexOf(t)));
  const small = targets.filter((t) => t.cells[0]!.value > 0 && t.cells[0]!.value < THRESHOLD);
  const most = new Map(small.map((t) => [t.label, -1]));
  const total = 30;
  const world = [0, 0, 0, 0];
  for (world[0] = 0; world[0] <= total; world[0]++)
    for (world[1] = 0; world[0] + world[1] <= total; world[1]++)
      for (world[2] = 0; world[0] + world[1] + world[2] <= total; world[2]++)
        for (world[3] = 0; world[0] + world[1] + world[2] + world[3] <= total; world[3]++) {
          const sum = (t: AuditedTable) => world.reduce((n, x, p) => n + (inScope(p, t.scope) ? x : 0), 0);
          if (!printed.every((t) => sum(t) === t.cells[0]!.shown)) continue;
          for (const t of small) most.set(t.label, Math.max(most.get(t.label)!, sum(t)));
        }
  return most;
}

const narrowed = (most: Map<string, number>, tables: readonly AuditedTable[]): string[] =>
  [...most]
    .filter(([label, m]) => m < tables.find((t) => t.label === label)!.cells[0]!.value + THRESHOLD)
    .map(([label, m]) => `${label} at most ${m}`);

function audit(derived: AuditedNeed, tables: AuditedTable[]): Promise<PatternAuditResult> {
  const needs: AuditedNeed[] = [
    { field: 'a', categories: ['No', 'Yes'] },
    { field: 'b', categories: ['No', 'Yes'] },
    derived,
  ];
  return auditNeedsPatterns({ needs, tables, threshold: THRESHOLD, protection: THRESHOLD });
}

const NOTHING: PatternAuditResult = { hidden: [], refused: [], withheld: [], lostEarlier: [] };

describe('the needs audit with a field computed from the needs', () => {
  const cases = [
    {
      name: 'the number of needs',
      field: { field: 'needs_count', categories: COUNTS, crossed: true },
      rule: 'count',
      earlier: table('‘One need’, exported 2026-12-01', { needs_count: ['1'] }, true, false),
    },
    {
      name: 'the pooled combinations',
      field: { field: 'needs_combination', categories: COMBINATIONS, crossed: true },
      rule: 'combination',
      earlier: table(
        '‘Other combinations’, exported 2026-12-01',
        { needs_combination: [OTHER_COMBINATIONS] },
        true,
        false,
      ),
    },
  ] as const;

  for (const { name, field, rule, earlier } of cases) {
    it(`hides a piece when ${name} printed earlier pins the pair`, async () => {
      const tables = [earlier, ...MATRIX];
      // As the release left them, the intruder knows the pair exactly.
      expect(narrowed(intruderMost(tables, NOTHING), tables)).toEqual(['a and b at most 2']);
      // A free answer, the field tells the audit nothing of the pair: it hid nothing.
      expect(await audit(field, tables)).toEqual(NOTHING);
      const result = await audit({ ...field, derived: { rule, from: FROM } }, tables);
      expect(result.refused).toEqual([]);
      expect(result.unmodelled).toBeUndefined();
      expect(result.hidden.length).toBeGreaterThan(0);
      for (const t of result.hidden) expect(tables[t]!.piece).toBe(true);
      expect(narrowed(intruderMost(tables, result), tables)).toEqual([]);
    });
  }

  it('reads the field as free where a category is none the rule gives', async () => {
    // "A + C": a need the audit does not know of. The rule cannot place its persons.
    const field = { field: 'needs_combination', categories: [...COMBINATIONS, 'A + C'], crossed: true };
    const tables = [table('earlier', { needs_combination: [OTHER_COMBINATIONS] }, true, false), ...MATRIX];
    expect(await audit({ ...field, derived: { rule: 'combination', from: FROM } }, tables)).toEqual(NOTHING);
  });

  it('is read so by the scope the app builds', () => {
    const spec = QuerySpecSchema.parse({
      cohort: 'offenders',
      measure: 'persons',
      filters: [{ kind: 'in', field: 'needs_count', in: ['1'] }],
      rows: [],
      disclosure: { threshold: THRESHOLD },
    });
    const domains = { a: ['Yes', 'No'], b: ['Yes', 'No'], needs_count: COUNTS, sex: ['Female', 'Male'] };
    const scope = needsAuditScope(
      [{ spec, label: 'one need', cells: oneCell(18, true) }],
      { ...spec, filters: [] },
      FROM,
      domains,
      () => false,
      new Set(['needs_count']),
    );
    expect(scope.needs.at(-1)).toEqual({
      field: 'needs_count',
      categories: COUNTS,
      crossed: true,
      derived: { rule: 'count', from: FROM },
    });
  });
});

describe('settling a matrix after an output filtered on the combination of needs', () => {
  it('takes back a square, the audit run in its worker on the scope the app builds', async () => {
    const earlier = table(
      '‘Other combinations’, exported 2026-12-01',
      { needs_combination: [OTHER_COMBINATIONS] },
      true,
      false,
    );
    const asRelease = (t: AuditedTable) => {
      const needs = Object.keys(t.scope).filter((f) => f === 'a' || f === 'b');
      return {
        spec: QuerySpecSchema.parse({
          cohort: 'offenders',
          measure: 'persons',
          filters: Object.entries(t.scope).map(([field, kept]) => ({ kind: 'in', field, in: kept })),
          rows: needs.slice(0, 1),
          cols: needs.slice(1, 2),
          disclosure: { threshold: THRESHOLD },
        }),
        label: t.label,
        cells: oneCell(t.cells[0]!.value, t.cells[0]!.shown !== null),
      };
    };
    const withheld = new Map<number, boolean>();
    const session: SettledSession = {
      tablesSoFar: () => [earlier, ...MATRIX].map(asRelease),
      resolvedCount: () => MATRIX.length,
      withhold: (index, _reason, refuse) => withheld.set(index, refuse),
    };
    const spec = QuerySpecSchema.parse({ cohort: 'needs', measure: 'persons', disclosure: { threshold: THRESHOLD } });
    const domains = { a: ['Yes', 'No'], b: ['Yes', 'No'], needs_combination: COMBINATIONS };
    await settleNeedsPieces(session, spec, FROM, 0, domains);
    expect(withheld.size).toBeGreaterThan(0);
    const result: PatternAuditResult = {
      ...NOTHING,
      hidden: [...withheld].flatMap(([i, refuse]) => (refuse ? [] : [i + 1])),
      refused: [...withheld].flatMap(([i, refuse]) => (refuse ? [{ table: i + 1, because: [] }] : [])),
    };
    expect(narrowed(intruderMost([earlier, ...MATRIX], result), [earlier, ...MATRIX])).toEqual([]);
  }, 120_000);
});

describe('persons whose every answer is unknown', () => {
  it('fit the model: Unknown in the number of needs, none of them counted 0', async () => {
    // Per pattern of answers (a, b each Yes, No or Unknown), its persons; both unknown: 4. The
    // persons with no need (12) and those unknown (4) leave 18 with one need or two, of a (13)
    // and b (7): the hidden pair (2) is pinned, so a piece must go; yet the model holds them all.
    const answers = ['Yes', 'No', UNKNOWN];
    const persons = new Map([
      ['Yes,Yes', 2],
      ['Yes,No', 7],
      ['No,Yes', 5],
      ['No,No', 9],
      ['Unknown,No', 3],
      ['Yes,Unknown', 4],
      [`${UNKNOWN},${UNKNOWN}`, 4],
    ]);
    const countOf = (a: string, b: string): string =>
      a === UNKNOWN && b === UNKNOWN ? UNKNOWN : String([a, b].filter((x) => x === 'Yes').length);
    const value = (scope: Record<string, string[]>): number => {
      let n = 0;
      for (const a of answers)
        for (const b of answers) {
          const cats: Record<string, string> = { a, b, needs_count: countOf(a, b) };
          if (Object.entries(scope).every(([f, kept]) => kept.includes(cats[f]!))) n += persons.get(`${a},${b}`) ?? 0;
        }
      return n;
    };
    const printed = (label: string, scope: Record<string, string[]>, piece = false, shown = true): AuditedTable => ({
      label,
      scope,
      cells: [{ key: {}, value: value(scope), shown: shown ? value(scope) : null }],
      piece,
    });
    const tables = [
      printed('no need', { needs_count: ['0'] }),
      printed('unknown', { needs_count: [UNKNOWN] }),
      printed('persons', {}),
      printed('a', { a: ['Yes'] }, true),
      printed('b', { b: ['Yes'] }, true),
      printed('a and b', { a: ['Yes'], b: ['Yes'] }, true, false),
    ];
    const needs: AuditedNeed[] = [
      { field: 'a', categories: answers },
      { field: 'b', categories: answers },
      {
        field: 'needs_count',
        categories: [...COUNTS, UNKNOWN],
        crossed: true,
        derived: { rule: 'count', from: FROM },
      },
    ];
    const result = await auditNeedsPatterns({ needs, tables, threshold: THRESHOLD, protection: THRESHOLD });
    expect(result.unmodelled).toBeUndefined();
    expect(result.refused).toEqual([]);
    expect(result.lostEarlier).toEqual([]);
    expect(result.hidden.length).toBeGreaterThan(0);
  });
});

describe('the audit’s reading of the rule', () => {
  it('gives each record the engine’s number and combination of needs, and that alone', () => {
    const fields = NEEDS.slice(0, 5).map(([field]) => field);
    const random = mulberry32(24);
    const rows = 400;
    // Per record, per need: 0 Yes, 1 No, 2 Unknown (a few records unknown throughout).
    const codes = fields.map(() => new Uint8Array(rows));
    for (let i = 0; i < rows; i++) {
      const allUnknown = random() < 0.05;
      codes.forEach((c) => (c[i] = allUnknown ? 2 : random() < 0.1 ? 2 : random() < 0.4 ? 0 : 1));
    }
    const snapshot = packSnapshot({
      cohort: 'offenders',
      rowCount: rows,
      // Persons of one to three records, the needs drawn per record: the combinations kept are
      // ranked by persons, not records.
      personIds: Int32Array.from({ length: rows }, (_, i) => Math.floor(i / 6) * 3 + [0, 0, 0, 1, 1, 2][i % 6]!),
      dimensions: fields.map((name, k) => ({
        name,
        kind: 'flag',
        open: false,
        labels: ['Yes', 'No', UNKNOWN],
        codes: codes[k]!,
      })),
      dates: [],
      numbers: [],
      warnings: [],
    });
    // Three combinations kept: the rest are pooled.
    const [count, combination] = deriveOffenderNeeds(snapshot, 3);
    const from = NEEDS.slice(0, 5).map(([field, label]) => ({ field, label: label.replace('Need: ', '') }));
    from.forEach((n) => (n.label = n.label.charAt(0).toUpperCase() + n.label.slice(1)));
    const labels = ['Yes', 'No', UNKNOWN];
    for (const [column, rule] of [
      [count!, 'count'],
      [combination!, 'combination'],
    ] as const) {
      const derivation: NeedsDerivation = { rule, from };
      for (let i = 0; i < rows; i++) {
        const states = codes.map((c) => statesOf([labels[c[i]!]!]));
        const implied = [...derivedCategories(derivation, column.labels, states)];
        const engine = column.labels[column.codes[i] as number]!;
        if (implied.length !== 1 || implied[0] !== engine)
          expect({ i, rule, implied }).toEqual({ i, rule, implied: [engine] });
      }
    }
    expect(combination!.labels).toContain(OTHER_COMBINATIONS);

    // Merged classes: per need a set of the answers (a class no table tells apart), the pairs of
    // number and combination the audit allows are exactly those of every concrete way to answer
    // within them, the rule read here as the engine's columns label it.
    const countOf = (answers: readonly number[]): string => {
      if (answers.every((a) => a === 2)) return UNKNOWN;
      return count!.labels[Math.min(answers.filter((a) => a === 0).length, 3)]!;
    };
    const combinationOf = (answers: readonly number[]): string => {
      if (answers.every((a) => a === 2)) return UNKNOWN;
      const yes = from.filter((_, k) => answers[k] === 0).map((n) => n.label);
      if (yes.length === 0) return NO_NEEDS;
      const label = yes.join(' + ');
      return combination!.labels.includes(label) ? label : OTHER_COMBINATIONS;
    };
    for (let trial = 0; trial < 60; trial++) {
      // Per need, a nonempty set of answers (bits: 1 Yes, 2 No, 4 Unknown).
      const classes = from.map(() => 1 + Math.floor(random() * 7));
      const expected = new Set<string>();
      for (let code = 0; code < 3 ** from.length; code++) {
        const answers = from.map((_, k) => Math.floor(code / 3 ** k) % 3);
        if (answers.every((a, k) => classes[k]! & (1 << a)))
          expected.add(`${countOf(answers)}|${combinationOf(answers)}`);
      }
      const states = classes.map((c) => statesOf(labels.filter((_, a) => c & (1 << a))));
      const ofCount = categoryOf({ rule: 'count', from }, count!.labels);
      const ofCombination = categoryOf({ rule: 'combination', from }, combination!.labels);
      const allowed = new Set(possibleMasks(states).map((m) => `${ofCount(m)}|${ofCombination(m)}`));
      expect({ classes, allowed: [...allowed].sort() }).toEqual({ classes, allowed: [...expected].sort() });
    }
  });
});

describe('both fields computed from the needs, crossed together', () => {
  it('allows only the pairs of number and combination one record gives', async () => {
    // Forty persons, one need a: Yes 18, No 20, Unknown 2. Printed: no needs (20), the persons
    // (40) and a (18); the combination Unknown (2) is hidden. No answer gives the number 0 with
    // the combination Unknown, so an intruder reads 40 − 18 − 20 = 2; the audit must see it
    // though the pieces merge No and Unknown of a (neither is told apart by any table).
    const from = [{ field: 'a', label: 'A' }];
    const persons: Record<string, number> = { Yes: 18, No: 20, [UNKNOWN]: 2 };
    const fieldsOf = (a: string): Record<string, string> => ({
      a,
      needs_count: a === 'Yes' ? '1' : a === 'No' ? '0' : UNKNOWN,
      needs_combination: a === 'Yes' ? 'A' : a === 'No' ? NO_NEEDS : UNKNOWN,
    });
    const within = (a: string, scope: Readonly<Record<string, readonly string[]>>): boolean =>
      Object.entries(scope).every(([f, kept]) => kept.includes(fieldsOf(a)[f]!));
    const one = (label: string, scope: Record<string, string[]>, printed: boolean, piece: boolean): AuditedTable => {
      const value = Object.keys(persons).reduce((n, a) => n + (within(a, scope) ? persons[a]! : 0), 0);
      return { label, scope, cells: [{ key: {}, value, shown: printed ? value : null }], piece };
    };
    const tables = [
      one('no needs', { needs_count: ['0'] }, true, false),
      one('combination unknown', { needs_combination: [UNKNOWN] }, false, false),
      one('the persons of this matrix', {}, true, false),
      one('a', { a: ['Yes'] }, true, true),
    ];
    // The intruder: every world of whole persons per answer of a that prints what is printed.
    const mostUnknown = (result: PatternAuditResult): number => {
      const gone = new Set([...result.hidden, ...result.withheld, ...result.refused.map((r) => r.table)]);
      const printed = tables.filter((t, i) => !gone.has(i) && t.cells[0]!.shown !== null);
      let most = -1;
      for (let yes = 0; yes <= 40; yes++)
        for (let no = 0; yes + no <= 40; no++)
          for (let unknown = 0; yes + no + unknown <= 40; unknown++) {
            const world: Record<string, number> = { Yes: yes, No: no, [UNKNOWN]: unknown };
            const sum = (t: AuditedTable): number =>
              Object.keys(world).reduce((n, a) => n + (within(a, t.scope) ? world[a]! : 0), 0);
            if (printed.every((t) => sum(t) === t.cells[0]!.shown)) most = Math.max(most, sum(tables[1]!));
          }
      return most;
    };
    expect(mostUnknown(NOTHING)).toBe(2);
    const needs: AuditedNeed[] = [
      { field: 'a', categories: ['Yes', 'No', UNKNOWN] },
      {
        field: 'needs_combination',
        categories: ['A', NO_NEEDS, UNKNOWN],
        crossed: true,
        derived: { rule: 'combination', from },
      },
      { field: 'needs_count', categories: [...COUNTS, UNKNOWN], crossed: true, derived: { rule: 'count', from } },
    ];
    const result = await auditNeedsPatterns({ needs, tables, threshold: THRESHOLD, protection: THRESHOLD });
    expect(result.unmodelled).toBeUndefined();
    expect(result.refused).toEqual([]);
    expect(mostUnknown(result)).toBeGreaterThanOrEqual(2 + THRESHOLD);
  });
});
