// Records and distinct persons of the same cells, from one set of seeded victims: each victim
// lives in one area and has one to a few records, mostly in one offence group, sometimes in two.
// A cell's persons are at most its records; an area's persons count each victim once.
import type { EarlierTable, ReleaseInput, ReleaseResult } from '../src-main/disclosure/protectRelease.ts';
import type { RawTable } from '../src-main/disclosure/queryTable.ts';
import { GROUP_WEIGHTS, random } from './disclosureData.ts';

function draw(cumulative: readonly number[], u: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function cumulativeOf(weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  let running = 0;
  return weights.map((w) => (running += w / sum));
}

/** A raw table with its axes and measure, as the engine gives them. */
export type KeyedRaw = RawTable & Required<Pick<RawTable, 'rows' | 'cols' | 'measure'>>;

export interface RecordsAndPersons {
  records: KeyedRaw;
  persons: KeyedRaw;
}

/** Victims (records and distinct persons) by area x offence group, with margins, as the engine gives them. */
export function areaByOffenceBoth(areas: number, victims: number, seed = 4): RecordsAndPersons {
  const rand = random(seed);
  const groups = GROUP_WEIGHTS.length;
  const areaCumulative = cumulativeOf(
    Array.from({ length: areas }, () => Math.exp((rand() + rand() + rand() - 1.5) * 1.2)),
  );
  const groupCumulative = cumulativeOf(GROUP_WEIGHTS);
  const records = Array.from({ length: areas }, () => new Array<number>(groups).fill(0));
  const persons = Array.from({ length: areas }, () => new Array<number>(groups).fill(0));
  const areaPersons = new Array<number>(areas).fill(0);
  for (let v = 0; v < victims; v++) {
    const area = draw(areaCumulative, rand());
    areaPersons[area]! += 1;
    const first = draw(groupCumulative, rand());
    // One in five victims has a second offence group; one in four has more than one record.
    const own = rand() < 0.2 ? [first, draw(groupCumulative, rand())] : [first];
    for (const group of new Set(own)) persons[area]![group]! += 1;
    let count = own.length + (rand() < 0.25 ? 1 + Math.floor(rand() * 3) : 0);
    for (const group of own) {
      records[area]![group]! += 1;
      count -= 1;
    }
    for (; count > 0; count--) records[area]![own[Math.floor(rand() * own.length)]!]! += 1;
  }
  const axes = {
    rows: { fields: ['lsoa'], keys: records.map((_, i) => [`E0100${String(i).padStart(4, '0')}`]) },
    cols: { fields: ['offence_group'], keys: GROUP_WEIGHTS.map((_, j) => [`group ${j + 1}`]) },
  };
  const colSums = (counts: number[][]) =>
    Array.from({ length: groups }, (_, j) => counts.reduce((s, r) => s + r[j]!, 0));
  const recordsRows = records.map((r) => r.reduce((a, b) => a + b, 0));
  return {
    records: {
      counts: records,
      rowTotals: recordsRows,
      colTotals: colSums(records),
      total: recordsRows.reduce((a, b) => a + b, 0),
      ...axes,
      measure: 'records',
    },
    // No victim is in two areas: a group's persons are its column's sum, the total is every victim.
    persons: {
      counts: persons,
      rowTotals: areaPersons,
      colTotals: colSums(persons),
      total: victims,
      ...axes,
      measure: 'persons',
    },
  };
}

/** The two tables as a release protects them: each table's input, and the records table as published. */
export interface JointReleaseInputs extends RecordsAndPersons {
  domains: ReleaseInput['domains'];
  /** A table of the two protected at `threshold` after `earlier`; no finest cell is left to count. */
  inputFor(raw: KeyedRaw, earlier: EarlierTable[]): ReleaseInput;
  /** The records table as the register keeps it once protected. */
  recordsPublished(result: ReleaseResult): EarlierTable;
}

export function jointReleaseInputs(areas: number, victims: number, threshold = 5): JointReleaseInputs {
  const tables = areaByOffenceBoth(areas, victims);
  const domains = {
    lsoa: tables.records.rows.keys.map((k) => k[0]!),
    offence_group: tables.records.cols.keys.map((k) => k[0]!),
  };
  return {
    ...tables,
    domains,
    inputFor: (raw, earlier) => ({
      earlier,
      raw,
      scope: {},
      measure: raw.measure,
      rule: { threshold },
      domains,
      leafValues: () => Promise.reject(new Error('Two tables of the same cells leave no finest cell unpublished.')),
    }),
    recordsPublished: (result) => ({
      label: 'the records table',
      fields: ['lsoa', 'offence_group'],
      scope: {},
      measure: 'records',
      cells: result.cells.map((c) => ({ key: c.key, value: c.value, hidden: c.status !== 'published' })),
    }),
  };
}
