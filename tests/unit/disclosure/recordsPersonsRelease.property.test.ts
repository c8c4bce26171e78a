// Property: a release holding records and distinct-persons tables of the same data (district x
// offence, or one of its margins), protected one after another against the register, leaves no
// small count narrowed below `threshold` values for an attacker who knows the relations between
// records and persons (recordsPersonsAttacker.ts, its own mixed-integer program). Protected
// apart, as each measure was before, a chain the generator draws leaks: the second test keeps it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type EarlierTable, protectInRelease } from '../../../src-main/disclosure/protectRelease.ts';
import type { RawTable } from '../../../src-main/disclosure/queryTable.ts';
import { type KeyedRaw, areaByOffenceBoth } from '../../../bench/disclosureJointData.ts';
import { type Count, type Cover, RecordsPersonsAttacker } from './recordsPersonsAttacker.ts';

const DOMAINS = { district: ['Ely', 'March', 'Wisbech'], offence: ['Assault', 'Harassment', 'Stalking'] };
type Field = keyof typeof DOMAINS;
type Measure = 'records' | 'persons';
const THRESHOLD = 5;

/** One record: a person, a district and an offence. */
type Row = [person: number, district: number, offence: number];

interface Output {
  measure: Measure;
  fields: Field[];
}

/** Victims with one to a few records each, some in two cells: persons are not records. */
const data: fc.Arbitrary<Row[]> = fc.array(
  fc.tuple(fc.integer({ min: 0, max: 14 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })),
  { minLength: 5, maxLength: 45 },
);

const shapes: Field[][] = [['district', 'offence'], ['district'], ['offence']];
const output: fc.Arbitrary<Output> = fc
  .tuple(fc.constantFrom<Measure>('records', 'persons'), fc.constantFrom(...shapes))
  .map(([measure, fields]) => ({ measure, fields }));
/** Two or three outputs, records and persons both among them. */
const chain = fc
  .array(output, { minLength: 2, maxLength: 3 })
  .map((outs) =>
    outs.every((o) => o.measure === outs[0]!.measure)
      ? [...outs.slice(0, -1), { ...outs.at(-1)!, measure: outs[0]!.measure === 'records' ? 'persons' : 'records' }]
      : outs,
  ) as fc.Arbitrary<Output[]>;

function countOf(rows: readonly Row[], measure: Measure, cover: Cover): number {
  const inside = rows.filter(
    ([, d, o]) =>
      (cover.district ?? DOMAINS.district).includes(DOMAINS.district[d]!) &&
      (cover.offence ?? DOMAINS.offence).includes(DOMAINS.offence[o]!),
  );
  return measure === 'records' ? inside.length : new Set(inside.map(([person]) => person)).size;
}

/** Each number of an output with what it covers and where it sits. */
function numbersOf(out: Output): { cover: Cover; row: number | null; col: number | null }[] {
  const [rowField, colField] = out.fields as [Field, Field | undefined];
  const colCats: (string | null)[] = colField ? DOMAINS[colField] : [null];
  const numbers: { cover: Cover; row: number | null; col: number | null }[] = [];
  const colCover = (c: string | null): Cover => (c && colField ? { [colField]: [c] } : {});
  DOMAINS[rowField].forEach((r, i) =>
    colCats.forEach((c, j) => numbers.push({ cover: { [rowField]: [r], ...colCover(c) }, row: i, col: j })),
  );
  DOMAINS[rowField].forEach((r, i) => numbers.push({ cover: { [rowField]: [r] }, row: i, col: null }));
  colCats.forEach((c, j) => numbers.push({ cover: colCover(c), row: null, col: j }));
  numbers.push({ cover: {}, row: null, col: null });
  return numbers;
}

function rawOf(rows: readonly Row[], out: Output): RawTable {
  const at = new Map(numbersOf(out).map((n) => [`${n.row}:${n.col}`, countOf(rows, out.measure, n.cover)]));
  const [rowField, colField] = out.fields as [Field, Field | undefined];
  const colCats = colField ? DOMAINS[colField] : [''];
  return {
    counts: DOMAINS[rowField].map((_, i) => colCats.map((_, j) => at.get(`${i}:${j}`)!)),
    rowTotals: DOMAINS[rowField].map((_, i) => at.get(`${i}:null`)!),
    colTotals: colCats.map((_, j) => at.get(`null:${j}`)!),
    total: at.get('null:null')!,
    rows: { fields: [rowField], keys: DOMAINS[rowField].map((c) => [c]) },
    cols: colField ? { fields: [colField], keys: colCats.map((c) => [c]) } : { fields: [], keys: [[]] },
    measure: out.measure,
  };
}

function printedAt(
  table: Awaited<ReturnType<typeof protectInRelease>>['table'],
  row: number | null,
  col: number | null,
) {
  if (row === null && col === null) return table.total;
  if (row === null) return table.colTotals[col!]!;
  if (col === null) return table.rowTotals[row]!;
  return table.counts[row]![col]!;
}

/**
 * Publishes the chain, each output protected against the earlier ones (all of them, or with
 * `apart` only those of its own measure, as before records and persons were linked), and returns
 * every number of the release, printed or hidden, with its true value.
 */
async function publish(rows: readonly Row[], outputs: readonly Output[], apart: boolean) {
  const earlier: (EarlierTable & { measure: Measure })[] = [];
  const numbers: (Count & { value: number })[] = [];
  for (const [index, out] of outputs.entries()) {
    const result = await protectInRelease({
      earlier: apart ? earlier.filter((t) => t.measure === out.measure) : earlier,
      raw: rawOf(rows, out),
      scope: {},
      measure: out.measure,
      rule: { threshold: THRESHOLD },
      domains: DOMAINS,
      leafValues: async (leaves, measure) =>
        leaves.map((l) =>
          countOf(rows, measure, {
            ...l.scope,
            ...Object.fromEntries(Object.entries(l.key).map(([f, c]) => [f, [c]])),
          }),
        ),
    });
    const cells = numbersOf(out).map((n) => {
      const value = countOf(rows, out.measure, n.cover);
      const shown = printedAt(result.table, n.row, n.col);
      if (shown !== null) expect(shown).toBe(value);
      numbers.push({ measure: out.measure, cover: n.cover, printed: shown, value });
      return {
        key: Object.fromEntries(Object.entries(n.cover).map(([f, [c]]) => [f, c!])),
        value,
        hidden: shown === null,
      };
    });
    earlier.push({ label: `output ${index + 1}`, fields: out.fields, scope: {}, measure: out.measure, cells });
  }
  return numbers;
}

/** The small counts of the release (every number of every output, and every finest cell) the attacker narrows. */
async function narrowed(rows: readonly Row[], numbers: readonly (Count & { value: number })[]): Promise<string[]> {
  const attacker = new RecordsPersonsAttacker(DOMAINS);
  const finest = DOMAINS.district.flatMap((district) =>
    DOMAINS.offence.flatMap((offence) =>
      (['records', 'persons'] as const).map((measure) => {
        const cover = { district: [district], offence: [offence] };
        return { measure, cover, printed: null, value: countOf(rows, measure, cover) };
      }),
    ),
  );
  const out: string[] = [];
  for (const target of [...numbers, ...finest]) {
    if (target.value === 0 || target.value >= THRESHOLD || target.printed !== null) continue;
    const range = await attacker.range(numbers, target);
    if (range.upper - range.lower + 1 < THRESHOLD) {
      out.push(
        `${target.measure} ${JSON.stringify(target.cover)} = ${target.value} in [${range.lower}, ${range.upper}]`,
      );
    }
  }
  return out;
}

describe('records and persons of the same cells in one release', () => {
  it('protected together, no small count is narrowed below threshold values', async () => {
    let printed = 0;
    await fc.assert(
      fc.asyncProperty(data, chain, async (rows, outputs) => {
        const numbers = await publish(rows, outputs, false);
        printed += numbers.filter((n) => n.printed !== null).length;
        expect(await narrowed(rows, numbers)).toEqual([]);
      }),
      { numRuns: 40, seed: 20261205 },
    );
    // Not protected by hiding everything: most chains print numbers.
    expect(printed).toBeGreaterThan(100);
  }, 300_000);

  it('protected apart (each measure against its own earlier outputs only), a records table gives a persons count back', async () => {
    // Persons by offence twice, then records by district x offence. Harassment: 3 victims with
    // 3 records. The persons table hides its 3; protected apart, what the records table prints,
    // with persons <= records of each cell and the printed persons, bounds it by 3.
    const rows: Row[] = [
      [13, 1, 2],
      [3, 2, 1],
      [2, 0, 0],
      [1, 1, 0],
      [8, 0, 1],
      [0, 0, 0],
      [5, 1, 2],
      [7, 0, 0],
      [1, 0, 2],
      [7, 0, 1],
      [6, 1, 2],
      [12, 1, 0],
      [5, 1, 2],
      [11, 1, 0],
      [0, 1, 2],
      [6, 1, 2],
    ];
    const outputs: Output[] = [
      { measure: 'persons', fields: ['offence'] },
      { measure: 'persons', fields: ['offence'] },
      { measure: 'records', fields: ['district', 'offence'] },
    ];
    expect(countOf(rows, 'persons', { offence: ['Harassment'] })).toBe(3);
    expect(countOf(rows, 'records', { offence: ['Harassment'] })).toBe(3);
    const apart = await narrowed(rows, await publish(rows, outputs, true));
    expect(apart).toContain('persons {"offence":["Harassment"]} = 3 in [0, 3]');
    expect(await narrowed(rows, await publish(rows, outputs, false))).toEqual([]);
  }, 300_000);
});

/** Seeded victims of `areas` areas x 13 offence groups, in records and in distinct persons. */
function largeRelease(areas: number, seed: number) {
  const both = areaByOffenceBoth(areas, areas * 42, seed);
  const domains = {
    lsoa: both.records.rows.keys.map((k) => k[0]!),
    offence_group: both.records.cols.keys.map((k) => k[0]!),
  };
  return { both, domains };
}

/** Every number of a two-way table with margins: what it covers, its position and its true value. */
function numbersOfRaw(raw: KeyedRaw) {
  const [rowField] = raw.rows.fields as [string];
  const [colField] = raw.cols.fields as [string];
  const out: { cover: Cover; row: number | null; col: number | null; value: number }[] = [];
  raw.rows.keys.forEach(([r], i) =>
    raw.cols.keys.forEach(([c], j) =>
      out.push({ cover: { [rowField]: [r!], [colField]: [c!] }, row: i, col: j, value: raw.counts[i]![j]! }),
    ),
  );
  raw.rows.keys.forEach(([r], i) =>
    out.push({ cover: { [rowField]: [r!] }, row: i, col: null, value: raw.rowTotals[i]! }),
  );
  raw.cols.keys.forEach(([c], j) =>
    out.push({ cover: { [colField]: [c!] }, row: null, col: j, value: raw.colTotals[j]! }),
  );
  out.push({ cover: {}, row: null, col: null, value: raw.total });
  return out;
}

async function publishLarge(raws: readonly KeyedRaw[], domains: Record<string, string[]>) {
  const earlier: EarlierTable[] = [];
  const numbers: (Count & { value: number })[] = [];
  for (const [index, raw] of raws.entries()) {
    const result = await protectInRelease({
      earlier,
      raw,
      scope: {},
      measure: raw.measure,
      rule: { threshold: THRESHOLD },
      domains,
      leafValues: async () => {
        throw new Error('Two tables of the same cells leave no finest cell unpublished.');
      },
    });
    expect(result.unlinked).toEqual([]);
    const cells = numbersOfRaw(raw).map((n) => {
      const shown = printedAt(result.table, n.row, n.col);
      if (shown !== null) expect(shown).toBe(n.value);
      numbers.push({ measure: raw.measure, cover: n.cover, printed: shown, value: n.value });
      return {
        key: Object.fromEntries(Object.entries(n.cover).map(([f, [c]]) => [f, c!])),
        value: n.value,
        hidden: shown === null,
      };
    });
    earlier.push({
      label: `output ${index + 1}`,
      fields: [...raw.rows.fields, ...raw.cols.fields],
      scope: {},
      measure: raw.measure,
      cells,
    });
  }
  return numbers;
}

/** `id` of a count: its measure and what it covers. */
const idOf = (n: Count) => `${n.measure} ${JSON.stringify(n.cover)}`;

/**
 * The small hidden counts the other measure's printed number of the same cell bounds (where
 * the link bites), and every `stride`-th of the rest: the mixed-integer attacker is slow.
 */
function attackTargets(numbers: readonly (Count & { value: number })[], stride: number, linkedAtMost = Infinity) {
  const small = numbers.filter((n) => n.printed === null && n.value > 0 && n.value < THRESHOLD);
  const printedOther = new Set(
    numbers
      .filter((n) => n.printed !== null)
      .map((n) => idOf({ ...n, measure: n.measure === 'records' ? 'persons' : 'records' })),
  );
  const linked = small.filter((n) => printedOther.has(idOf(n))).slice(0, linkedAtMost);
  return [...linked, ...small.filter((n, i) => !printedOther.has(idOf(n)) && i % stride === 0)];
}

async function narrowedAmong(
  domains: Record<string, string[]>,
  numbers: readonly (Count & { value: number })[],
  targets: readonly (Count & { value: number })[],
): Promise<string[]> {
  const attacker = new RecordsPersonsAttacker(domains);
  const out: string[] = [];
  for (const target of targets) {
    const range = await attacker.range(numbers, target);
    if (range.upper - range.lower + 1 < THRESHOLD) {
      out.push(`${idOf(target)} = ${target.value} in [${range.lower}, ${range.upper}]`);
    }
  }
  return out;
}

describe('records and persons of the same 40 x 13 cells (above the old 500-cell cap)', () => {
  for (const order of [
    ['records', 'persons'],
    ['persons', 'records'],
  ] as const) {
    it(`${order.join(' then ')}: no small count is narrowed below threshold values`, async () => {
      const { both, domains } = largeRelease(40, 7);
      expect(both.records.counts.length * both.records.counts[0]!.length).toBeGreaterThan(500);
      const numbers = await publishLarge(
        order.map((m) => both[m]),
        domains,
      );
      const printed = numbers.filter((n) => n.printed !== null).length;
      // Not protected by hiding everything: most numbers of the two tables are printed.
      expect(printed).toBeGreaterThan(numbers.length / 2);
      // The mixed-integer attacker takes about a second per count at this size.
      const targets = attackTargets(numbers, 7);
      expect(targets.length).toBeGreaterThan(10);
      expect(await narrowedAmong(domains, numbers, targets)).toEqual([]);
    }, 900_000);
  }
});

describe('records then persons of 120 x 13 cells (three times the LSOAs, flows built once per pattern)', () => {
  it('no sampled small count is narrowed below threshold values', async () => {
    const { both, domains } = largeRelease(120, 7);
    const numbers = await publishLarge([both.records, both.persons], domains);
    const printed = numbers.filter((n) => n.printed !== null).length;
    expect(printed).toBeGreaterThan(numbers.length / 2);
    // The attacker's program grows with the table (about a minute per count on a busy machine
    // at this size): the counts where the link bites, at most four, and every 300th of the rest.
    const targets = attackTargets(numbers, 300, 4);
    expect(targets.length).toBeGreaterThanOrEqual(6);
    expect(targets.some((t) => t.measure === 'persons')).toBe(true);
    expect(await narrowedAmong(domains, numbers, targets)).toEqual([]);
  }, 1_800_000);
});
