// The combination field's category list tells an intruder its ranking: the engine keeps the most
// common combinations by persons, in order, and pools the rest (engine/derived/offenderNeeds.ts).
// So each kept combination has at least the persons of the next, and the last kept at least
// those of every pooled one; with nothing pooled, no combination left off holds anyone; each
// kept one holds someone.
//
// Fourteen offenders, needs drugs and alcohol, each need alike on a person's records: five with
// neither, four with drugs alone, three with alcohol alone, two with both. One combination kept
// ("Drugs"), the rest pooled. The matrix prints its persons (14), drugs (6) and alcohol (5), and
// hides both (2). Without the ranking, both could be 5 (drugs alone 1, alcohol alone 0): free.
// With it, drugs alone >= both, so both <= 6 / 2 = 3, below 2 plus the protection. The intruder
// of the test, a linear program over the four answer patterns with the printed numbers and the
// ranking read off the category list, finds it so; the audit must too.
import { describe, expect, it } from 'vitest';
import { NO_NEEDS, OTHER_COMBINATIONS } from '../../../shared/codebook.ts';
import { QuerySpecSchema, type QuerySpec } from '../../../shared/query.ts';
import type { PublishedTable } from '../../../shared/contract/release.ts';
import { settleNeedsPieces, type SettledSession } from '../../../src-main/app/analysis/needsSettle.ts';
import { auditNeedsPatterns, type PatternAuditInput } from '../../../src-main/disclosure/needsPatternAudit.ts';
import { deriveOffenderNeeds } from '../../../src-main/engine/derived/offenderNeeds.ts';
import { packSnapshot } from '../../../src-main/engine/packSnapshot.ts';
import { personLevelFields } from '../../../src-main/engine/personLevelFields.ts';
import { mostOverPatterns, patternSum } from '../disclosure/patternIntruder.ts';
import { oneCell } from './oneCell.ts';

const [DRUGS, ALCOHOL] = ['need_drugs', 'need_alcohol'];
/** In the codebook's order, as the engine reads them. */
const NEEDS = [
  { field: DRUGS, label: 'Drugs' },
  { field: ALCOHOL, label: 'Alcohol' },
];
const THRESHOLD = 3;

/** Persons per answer pattern: bit 0 drugs, bit 1 alcohol. */
const PERSONS = [5, 4, 3, 2];
const LABELS = [NO_NEEDS, 'Drugs', 'Alcohol', 'Drugs + Alcohol'];

interface Table {
  spec: QuerySpec;
  label: string;
  /** The needs it asks Yes of. */
  bits: number;
  cells: PublishedTable['cells'];
}

const within = (pattern: number, bits: number): boolean => (pattern & bits) === bits;

function table(label: string, bits: number): Table {
  const value = PERSONS.reduce((n, persons, p) => n + (within(p, bits) ? persons : 0), 0);
  const asked = NEEDS.filter((_n, k) => bits & (1 << k)).map((n) => n.field);
  return {
    spec: QuerySpecSchema.parse({
      cohort: 'offenders',
      measure: 'persons',
      filters: asked.map((field) => ({ kind: 'in', field, in: ['Yes'] })),
      rows: asked.slice(0, 1),
      cols: asked.slice(1, 2),
      disclosure: { threshold: THRESHOLD, round: null },
    }),
    label,
    bits,
    cells: oneCell(value, !(value > 0 && value < THRESHOLD)),
  };
}

const MATRIX = [table('persons', 0), table('drugs', 1), table('alcohol', 2), table('drugs and alcohol', 3)];

/** Two records a person, their needs alike; `keyless` more records of drugs alone with no person key. */
function snapshot(keyless = 0) {
  const people = PERSONS.flatMap((persons, p) => Array.from({ length: persons }, () => p));
  const records = [
    ...people.flatMap((p, person) => [0, 1].map(() => ({ person, p }))),
    ...Array.from({ length: keyless }, () => ({ person: -1, p: 1 })),
  ];
  return packSnapshot({
    cohort: 'offenders',
    rowCount: records.length,
    personIds: Int32Array.from(records, (r) => r.person),
    dimensions: NEEDS.map(({ field }, k) => ({
      name: field,
      kind: 'category' as const,
      open: true,
      labels: ['Yes', 'No'],
      codes: Uint8Array.from(records, (r) => (r.p & (1 << k) ? 0 : 1)),
    })),
    dates: [],
    numbers: [],
    warnings: [],
  });
}

/** The category list of the combination field as the engine publishes it, keeping `top`. */
function combinationDomain(top: number, keyless = 0): string[] {
  const held = snapshot(keyless);
  const column = deriveOffenderNeeds(held, top).find((c) => c.name === 'needs_combination')!;
  return [...column.labels];
}

/**
 * What the test reads off the category list, by its own rule: the kept combinations in order,
 * each with at least the persons of the next and at least one; the last kept at least those of
 * each pooled one; with nothing pooled, the combinations left off hold no one.
 */
function rankingRows(domain: readonly string[]): string[] {
  const kept = domain.filter((c) => LABELS.includes(c) && c !== NO_NEEDS).map((c) => LABELS.indexOf(c));
  const pooled = [1, 2, 3].filter((m) => !kept.includes(m));
  const rows = kept.map((m) => `x${m} >= 1`);
  kept.slice(1).forEach((m, i) => rows.push(`x${kept[i]} - x${m} >= 0`));
  for (const m of pooled)
    rows.push(domain.includes(OTHER_COMBINATIONS) ? `x${kept[kept.length - 1]} - x${m} >= 0` : `x${m} <= 0`);
  return rows;
}

/** The intruder: the most each hidden small count still published can be. */
async function intruderMost(domain: readonly string[] | null, gone: ReadonlyMap<number, { refuse: boolean }>) {
  const terms = (bits: number) => [0, 1, 2, 3].filter((p) => within(p, bits)).map((p) => `x${p}`);
  const printed = domain === null ? [] : rankingRows(domain);
  const targets: Table[] = [];
  MATRIX.forEach((t, at) => {
    const cell = t.cells[0]!;
    const out = gone.get(at);
    if (cell.shown !== null && out === undefined) printed.push(`${patternSum(terms(t.bits))} = ${cell.shown}`);
    else if (cell.value > 0 && cell.value < THRESHOLD && out?.refuse !== true) targets.push(t);
  });
  const most = new Map<string, number>();
  for (const t of targets) most.set(t.label, await mostOverPatterns(printed, terms(t.bits), 4));
  return most;
}

function narrowed(most: Map<string, number>): string[] {
  const value = new Map(MATRIX.map((t) => [t.label, t.cells[0]!.value]));
  return [...most]
    .filter(([label, m]) => m < value.get(label)! + THRESHOLD - 1e-6)
    .map(([l, m]) => `${l} at most ${Math.round(m * 1000) / 1000}`);
}

/** Settles the matrix as the app does: per table withheld, whether refused; and what was audited. */
async function settle(domain: string[], keyless = 0) {
  const held = snapshot(keyless);
  const withheld = new Map<number, { reason: string; refuse: boolean }>();
  const audited: PatternAuditInput[] = [];
  const session: SettledSession = {
    tablesSoFar: () => MATRIX,
    resolvedCount: () => MATRIX.length,
    withhold: (index, reason, refuse) => withheld.set(index, { reason, refuse }),
    personLevelFields: async (fields) => personLevelFields(held, fields),
    everyRecordKeyed: async () => held.personIds.every((p) => p >= 0),
    auditNeeds: (input) => {
      audited.push(input);
      return auditNeedsPatterns(input);
    },
  };
  const spec = QuerySpecSchema.parse({ cohort: 'needs', measure: 'persons', disclosure: { threshold: THRESHOLD } });
  const domains = { [DRUGS]: ['Yes', 'No'], [ALCOHOL]: ['Yes', 'No'], needs_combination: domain };
  await settleNeedsPieces(session, spec, NEEDS, 0, domains);
  return { withheld, audited };
}

describe('the needs audit reads the ranking of the combinations', () => {
  it('hides a piece where the kept combination’s rank narrows the pair', async () => {
    const domain = combinationDomain(1);
    expect(domain).toEqual(['Drugs', OTHER_COMBINATIONS, NO_NEEDS]);
    // The premise: without the ranking, the pair is free; with it, narrowed.
    expect(narrowed(await intruderMost(null, new Map()))).toEqual([]);
    expect(narrowed(await intruderMost(domain, new Map()))).toEqual(['drugs and alcohol at most 3']);
    const { withheld } = await settle(domain);
    expect([...withheld.values()].every((w) => !w.refuse)).toBe(true);
    expect(withheld.size).toBeGreaterThan(0);
    expect(narrowed(await intruderMost(domain, withheld))).toEqual([]);
  }, 60_000);

  it('refuses the pair where every combination is kept, in order', async () => {
    // Drugs alone >= alcohol alone >= both: both <= 5 / 2 with alcohol (5) printed, and <= 14 / 3
    // with the persons alone, which are no piece to hide.
    const domain = combinationDomain(10);
    expect(domain).toEqual(['Drugs', 'Alcohol', 'Drugs + Alcohol', NO_NEEDS]);
    expect(narrowed(await intruderMost(null, new Map()))).toEqual([]);
    expect(narrowed(await intruderMost(domain, new Map()))).toEqual(['drugs and alcohol at most 2.5']);
    const { withheld } = await settle(domain);
    // The persons (14) and the ranking alone hold both below 14 / 3: its piece is refused.
    expect([...withheld]).toEqual([[3, expect.objectContaining({ refuse: true })]]);
    expect(narrowed(await intruderMost(domain, withheld))).toEqual([]);
  }, 60_000);

  it('leaves the ranking out where records without a person key count in it', async () => {
    // Records with no person key count a person each in the ranking but none in the persons
    // tables: the ranking then says nothing of the persons the audit counts.
    const domain = combinationDomain(1, 3);
    expect(domain).toEqual(['Drugs', OTHER_COMBINATIONS, NO_NEEDS]);
    const { audited } = await settle(domain, 3);
    expect(audited[0]!.ranking).toBeUndefined();
  }, 60_000);
});
