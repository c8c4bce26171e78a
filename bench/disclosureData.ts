// Tables for the disclosure benchmark, shaped like the ones analysts publish: victims by
// LSOA x offence group (many small cells: about 42 victims per LSOA over 13 groups, some of
// them rare) and a district x offence group x sex cube with every subtotal. Seeded, so every
// run protects the same tables.
import type { Cube, RawTable } from '../src-main/disclosure/index.ts';

/** A small seeded generator (mulberry32). */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Offence groups from common to rare, as in a year of recorded victim-based crime. */
export const GROUP_WEIGHTS = [30, 20, 12, 8, 7, 5, 5, 4, 3, 2, 2, 1, 1];

/** `total` units spread over cells with the given weights: a multinomial draw, cell by cell. */
function spread(total: number, weights: readonly number[], rand: () => number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  let running = 0;
  for (const w of weights) cumulative.push((running += w / sum));
  const counts = new Array<number>(weights.length).fill(0);
  for (let i = 0; i < total; i++) {
    const u = rand();
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    counts[lo]! += 1;
  }
  return counts;
}

/** Areas differ in size: a log-normal-ish weight per area. */
function areaWeights(areas: number, rand: () => number): number[] {
  return Array.from({ length: areas }, () => Math.exp((rand() + rand() + rand() - 1.5) * 1.2));
}

/** Victims by area x offence group, with margins and axes as the engine gives them. */
export function areaByOffence(areas: number, victims: number, seed = 1): RawTable {
  const rand = random(seed);
  const weights: number[] = [];
  for (const a of areaWeights(areas, rand)) for (const g of GROUP_WEIGHTS) weights.push(a * g);
  const flat = spread(victims, weights, rand);
  const groups = GROUP_WEIGHTS.length;
  const counts = Array.from({ length: areas }, (_, i) => flat.slice(i * groups, (i + 1) * groups));
  const rowTotals = counts.map((r) => r.reduce((a, b) => a + b, 0));
  const colTotals = Array.from({ length: groups }, (_, j) => counts.reduce((s, r) => s + r[j]!, 0));
  return {
    counts,
    rowTotals,
    colTotals,
    total: victims,
    rows: { fields: ['lsoa'], keys: counts.map((_, i) => [`E0100${String(i).padStart(4, '0')}`]) },
    cols: { fields: ['offence_group'], keys: GROUP_WEIGHTS.map((_, j) => [`group ${j + 1}`]) },
    measure: 'records',
  };
}

/** Victims by district x offence group x sex, for a cube published with every subtotal. */
export function districtOffenceSex(districts: number, victims: number, seed = 2): Cube {
  const rand = random(seed);
  const weights: number[] = [];
  for (const a of areaWeights(districts, rand)) for (const g of GROUP_WEIGHTS) weights.push(a * g * 0.55, a * g * 0.45);
  return {
    fields: ['district', 'offence_group', 'sex'],
    categories: [
      Array.from({ length: districts }, (_, i) => `district ${i + 1}`),
      GROUP_WEIGHTS.map((_, j) => `group ${j + 1}`),
      ['Female', 'Male'],
    ],
    values: spread(victims, weights, rand),
  };
}

/**
 * Victims by LSOA x sex x age band as the sample's extract gives them: three sexes (Unknown a
 * few), nine age bands and about two victims a cell, so most cells are small. The sparse cube an
 * analyst builds before the advisor suggests merging.
 */
export function areaSexAge(areas: number, victims: number, seed = 4): Cube {
  const rand = random(seed);
  const sexes = [0.52, 0.45, 0.03];
  const ages = [6, 12, 14, 18, 16, 13, 10, 8, 3];
  const weights: number[] = [];
  for (const a of areaWeights(areas, rand)) for (const s of sexes) for (const g of ages) weights.push(a * s * g);
  return {
    fields: ['lsoa', 'sex', 'age_band'],
    categories: [
      Array.from({ length: areas }, (_, i) => `E0100${String(i).padStart(4, '0')}`),
      ['Female', 'Male', 'Unknown'],
      ages.map((_, j) => `age ${j + 1}`),
    ],
    values: spread(victims, weights, rand),
  };
}

/**
 * Victims (distinct persons) by area x offence group: a person is counted once in each group
 * they were a victim of, so about one in five counts in two cells of their area's row. An
 * area's total counts each person once (less than its row's sum); a group's total is its
 * column's sum, as no person is in two areas.
 */
export function areaByOffencePersons(areas: number, persons: number, seed = 3): RawTable {
  const rand = random(seed);
  const groups = GROUP_WEIGHTS.length;
  const perArea = spread(persons, areaWeights(areas, rand), rand);
  const counts = perArea.map((people) => {
    const row = spread(people, GROUP_WEIGHTS, rand);
    // The second group of a repeat victim: drawn again, kept when it differs from the first.
    const second = spread(Math.round(people / 5), GROUP_WEIGHTS, rand);
    return row.map((c, j) => c + Math.min(second[j]!, people - c));
  });
  const colTotals = Array.from({ length: groups }, (_, j) => counts.reduce((s, r) => s + r[j]!, 0));
  return {
    counts,
    rowTotals: perArea,
    colTotals,
    total: persons,
    rows: { fields: ['lsoa'], keys: counts.map((_, i) => [`E0100${String(i).padStart(4, '0')}`]) },
    cols: { fields: ['offence_group'], keys: GROUP_WEIGHTS.map((_, j) => [`group ${j + 1}`]) },
    measure: 'persons',
  };
}
