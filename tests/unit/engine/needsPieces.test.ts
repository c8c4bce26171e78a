// The tables of needs together counted in one pass on two real query workers: every one-need
// and pair table (cells, margins, total, records matched) against distinct persons counted here
// with Sets from the same records, and against the engine's own query of each table; with a
// filter, with a pair asked either way round, with records of no person; counts of persons with
// one need or two flagged by filters of their own; tables over three fields fall back to one
// query each; a cancelled call is refused and the next one answers right.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src-main/engine/engine.ts';
import type { EngineResult } from '../../../src-main/engine/finalizeResult.ts';
import { packSnapshot } from '../../../src-main/engine/packSnapshot.ts';
import type { QuerySpec } from '../../../shared/query.ts';
import { seededRandom as random } from '../../helpers/seeded.ts';
import { planNeedsPieces } from '../../../src-main/engine/analyses/needsPieces.ts';
import { needsPieceSpecs } from '../../../src-main/app/analysis/needsPieceSpecs.ts';

const NEEDS = [
  { field: 'need_a', labels: ['No', 'Yes'] },
  { field: 'need_b', labels: ['No', 'Yes'] },
  { field: 'need_c', labels: ['No', 'Unknown', 'Yes'] },
  { field: 'need_d', labels: ['No', 'Yes'] },
];
const SEXES = ['Female', 'Male'];
/** More categories than a 32-bit mask holds: counted by the other method. */
const AREAS = Array.from({ length: 40 }, (_x, k) => `Area ${k + 1}`);

interface Offender {
  person: number;
  sex: number;
  area: number;
  needs: number[];
}

/** Persons with several records each, in person order; one record in fifty has no person. */
function generated(count: number, seed: number): Offender[] {
  const next = random(seed);
  const rows: Offender[] = [];
  let person = 0;
  for (let i = 0; i < count; i++) {
    if (next() < 0.45) person++;
    rows.push({
      person: next() < 0.02 ? -1 : person,
      sex: Math.floor(next() * SEXES.length),
      area: Math.floor(next() * next() * AREAS.length),
      needs: NEEDS.map((n) => Math.floor(next() * next() * n.labels.length)),
    });
  }
  // Rows without a person sort first, as the loader orders them.
  return rows.sort((a, b) => a.person - b.person);
}

const offenders = generated(30_000, 5);
let engine: Engine;

beforeAll(async () => {
  engine = createEngine({ workers: 2 });
  await engine.loadSnapshots([
    packSnapshot({
      cohort: 'offenders',
      rowCount: offenders.length,
      personIds: Int32Array.from(offenders, (o) => o.person),
      dimensions: [
        { name: 'sex', kind: 'category', open: false, labels: SEXES, codes: Uint8Array.from(offenders, (o) => o.sex) },
        {
          name: 'area',
          kind: 'category',
          open: false,
          labels: AREAS,
          codes: Uint8Array.from(offenders, (o) => o.area),
        },
        ...NEEDS.map((n, k) => ({
          name: n.field,
          kind: 'flag' as const,
          open: false,
          labels: n.labels,
          codes: Uint8Array.from(offenders, (o) => o.needs[k] as number),
        })),
      ],
      dates: [],
      numbers: [],
      warnings: [],
    }),
  ]);
}, 120_000);

afterAll(async () => {
  await engine?.dispose();
});

function spec(rows: string, cols: string | null, filters: QuerySpec['filters'] = []): QuerySpec {
  return {
    cohort: 'offenders',
    filters,
    rows: [rows],
    cols: cols === null ? [] : [cols],
    measure: 'persons',
    percent: 'none',
    stats: false,
    disclosure: null,
  };
}

/** Every one-need table, every pair one way round, and two pairs the other way. */
function pieces(filters: QuerySpec['filters'] = []): QuerySpec[] {
  const list = NEEDS.map((n) => spec(n.field, null, filters));
  for (let i = 0; i < NEEDS.length; i++)
    for (let j = i + 1; j < NEEDS.length; j++) list.push(spec(NEEDS[i]!.field, NEEDS[j]!.field, filters));
  list.push(spec('need_d', 'need_a', filters), spec('need_c', 'need_b', filters));
  return list;
}

const indexOf = (field: string): number => NEEDS.findIndex((n) => n.field === field);
const distinct = (rows: readonly Offender[]): number =>
  new Set(rows.filter((o) => o.person >= 0).map((o) => o.person)).size;

/** The table counted here: distinct persons of the records in each cell, row, column and overall. */
function countedHere(rows: readonly Offender[], table: QuerySpec) {
  const a = indexOf(table.rows[0]!);
  const b = table.cols[0] === undefined ? null : indexOf(table.cols[0]);
  const rowLabels = NEEDS[a]!.labels;
  const colCount = b === null ? 1 : NEEDS[b]!.labels.length;
  const inRow = (r: number) => rows.filter((o) => o.needs[a] === r);
  const inCol = (c: number) => (b === null ? rows : rows.filter((o) => o.needs[b] === c));
  return {
    counts: rowLabels.map((_l, r) =>
      Array.from({ length: colCount }, (_x, c) => distinct(inRow(r).filter((o) => b === null || o.needs[b] === c))),
    ),
    rowTotals: rowLabels.map((_l, r) => distinct(inRow(r))),
    colTotals: Array.from({ length: colCount }, (_x, c) => distinct(inCol(c))),
    total: distinct(rows),
    recordsMatched: rows.length,
  };
}

const withoutTime = (r: EngineResult) => ({ ...r, meta: { ...r.meta, elapsedMs: 0 } });

describe('the tables of needs together, in one pass on the workers', () => {
  it('counts every table as counted here from the records, and as the engine queries each', async () => {
    const all = pieces();
    const together = await engine.personsTables(all);
    expect(together).toHaveLength(all.length);
    for (const [k, table] of all.entries()) {
      const got = together[k]!;
      const here = countedHere(offenders, table);
      expect({
        counts: got.counts,
        rowTotals: got.rowTotals,
        colTotals: got.colTotals,
        total: got.total,
        recordsMatched: got.meta.recordsMatched,
      }).toEqual(here);
      expect(withoutTime(got)).toEqual(withoutTime(await engine.query(table)));
    }
    // A person counts in several cells: the Unknown need's cells add up to more than its total.
    const c = countedHere(offenders, spec('need_c', null));
    expect(c.rowTotals.reduce((x, y) => x + y, 0)).toBeGreaterThan(c.total);
  });

  it('counts under a filter only the records that pass it', async () => {
    const filters: QuerySpec['filters'] = [{ kind: 'in', field: 'sex', in: ['Female'] }];
    const women = offenders.filter((o) => o.sex === 0);
    const all = pieces(filters);
    const together = await engine.personsTables(all);
    for (const [k, table] of all.entries()) {
      expect(together[k]!.counts).toEqual(countedHere(women, table).counts);
      expect(together[k]!.total).toBe(distinct(women));
    }
  });

  it('counts fields of many categories as the engine does', async () => {
    const wide = [spec('area', null), spec('need_c', 'area'), spec('area', 'need_a'), spec('need_b', 'need_d')];
    const together = await engine.personsTables(wide);
    for (const [k, table] of wide.entries())
      expect(withoutTime(together[k]!)).toEqual(withoutTime(await engine.query(table)));
    const byArea = new Set(offenders.filter((o) => o.person >= 0 && o.area === 3).map((o) => o.person)).size;
    expect(together[0]!.counts[3]).toEqual([byArea]);
  });

  it('refuses a cancelled call, and answers the next one right', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(engine.personsTables(pieces(), { signal: controller.signal })).rejects.toMatchObject({
      code: 'CANCELLED',
    });
    const again = await engine.personsTables([spec('need_a', 'need_b')]);
    expect(again[0]!.counts).toEqual(countedHere(offenders, spec('need_a', 'need_b')).counts);
  });

  it('counts persons with one need or two flagged, each a count of its own', async () => {
    const base: QuerySpec['filters'] = [{ kind: 'in', field: 'sex', in: ['Male'] }];
    const flagged = (...fields: string[]): QuerySpec => ({
      ...spec('need_a', null),
      rows: [],
      filters: [...base, ...fields.map((field) => ({ kind: 'in' as const, field, in: ['Yes'] }))],
    });
    const counts = [
      flagged(),
      ...NEEDS.map((n) => flagged(n.field)),
      flagged('need_a', 'need_c'),
      flagged('need_d', 'need_b'),
    ];
    const together = await engine.personsTables(counts);
    const men = offenders.filter((o) => o.sex === 1);
    const yes = (o: Offender, field: string): boolean => {
      const need = NEEDS[indexOf(field)]!;
      return need.labels[o.needs[indexOf(field)]!] === 'Yes';
    };
    for (const [k, table] of counts.entries()) {
      const fields = table.filters.slice(1).map((f) => f.field);
      expect(together[k]!.total).toBe(distinct(men.filter((o) => fields.every((f) => yes(o, f)))));
      expect(withoutTime(together[k]!)).toEqual(withoutTime(await engine.query(table)));
    }
  });

  it('answers tables over more than two fields one query each, as the engine does', async () => {
    const male: QuerySpec['filters'] = [{ kind: 'in', field: 'sex', in: ['Male'] }];
    const mixed = [spec('need_a', null), spec('need_b', 'need_c', male)];
    const [a, b] = await engine.personsTables(mixed);
    expect(a!.counts).toEqual(countedHere(offenders, mixed[0]!).counts);
    expect(b!.counts).toEqual(
      countedHere(
        offenders.filter((o) => o.sex === 1),
        mixed[1]!,
      ).counts,
    );
  });

  // The tables needs together asks for (each need an axis and filtered to Yes): planned as one
  // pass, not left to one query each, and counted as the engine queries each.
  it('counts the tables needs together publishes in one pass', async () => {
    const matrix: QuerySpec = { ...spec('need', null), cohort: 'needs', rows: ['need'], cols: ['with_need'] };
    const tables = needsPieceSpecs(
      matrix,
      NEEDS.map((n) => ({ field: n.field, label: n.field })),
    );
    expect(tables.length).toBe(NEEDS.length + (NEEDS.length * (NEEDS.length - 1)) / 2);
    expect(planNeedsPieces(engine.snapshot('offenders')!, tables, new Map())).not.toBeNull();
    const together = await engine.personsTables(tables);
    for (const [k, table] of tables.entries())
      expect(withoutTime(together[k]!)).toEqual(withoutTime(await engine.query(table)));
    const both = tables.find((t) => t.rows[0] === 'need_a' && t.cols[0] === 'need_b')!;
    const yes = (o: Offender, k: number) => NEEDS[k]!.labels[o.needs[k]!] === 'Yes';
    expect(together[tables.indexOf(both)]!.total).toBe(distinct(offenders.filter((o) => yes(o, 0) && yes(o, 1))));
  });
});
