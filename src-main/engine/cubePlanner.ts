// Chooses, on the main side, which count cube answers a records query: a cached cube
// whose dimensions cover the query's filter and row/col fields (same date and number
// ranges), or a new one over those fields plus, while it stays small, the fields earlier
// queries on the same ranges used (an analyst's next query tends to come back to them), the
// fields queries on other periods used and, from the second query on those ranges, a few
// small closed dimensions the next query is likely to add (each costs about half a
// nanosecond per row of the period). It also proposes the wider cube the idle workers count
// after a query (widen).
import { BUILT_IN_COLUMNS } from '../../shared/codebook.ts';
import { AppError } from '../../shared/errors.ts';
import type { ScanFilters } from './compileFilters.ts';
import {
  MAX_CUBE_CELLS,
  SPECULATIVE_MAX_CARD,
  SPECULATIVE_MAX_DIMS,
  bakedKey,
  maxAccumulatedCells,
  cubeShape,
  type CubeEntry,
  type Projection,
} from './cube.ts';
import type { CohortSnapshot } from './snapshot.ts';

const MAX_CUBES = 6;
/** Recently used fields remembered per cohort. */
const MAX_RECENT_FIELDS = 12;

/**
 * Fields a needs assessment breaks its cohorts down by: the demographic quasi-identifiers
 * and the sensitive offence fields (their disclosure roles in the codebook say as much).
 */
const PROFILE_FIELDS = new Set(
  BUILT_IN_COLUMNS.filter((c) => c.role === 'quasi_identifier' || c.role === 'sensitive').map((c) => c.name),
);

/**
 * Small closed dimensions a next query is likely to use, most likely first: the profile
 * fields, then the rest, each group in codebook order.
 */
const likelyBySnapshot = new WeakMap<CohortSnapshot, string[]>();
function likelyFields(snapshot: CohortSnapshot): string[] {
  const known = likelyBySnapshot.get(snapshot);
  if (known) return known;
  const small = Object.values(snapshot.dimensions)
    .filter((column) => !column.open && column.labels.length <= SPECULATIVE_MAX_CARD)
    .map((column) => column.name);
  const likely = [...small.filter((f) => PROFILE_FIELDS.has(f)), ...small.filter((f) => !PROFILE_FIELDS.has(f))];
  likelyBySnapshot.set(snapshot, likely);
  return likely;
}

export interface CubePlan {
  entry: CubeEntry;
  projection: Projection;
}

export class CubePlanner {
  private entries: CubeEntry[] = [];
  private nextId = 1;
  /** Per cohort and baked ranges, the fields queries have actually used, most recent first. */
  private touched = new Map<string, string[]>();
  /** Per cohort, the fields queries on any ranges have used, most recent first. */
  private recent = new Map<string, string[]>();

  /** Drops a cube whose build failed, so the next query builds it again. */
  discard(entry: CubeEntry): void {
    this.entries = this.entries.filter((e) => e !== entry);
  }

  forget(cohort: string): void {
    this.entries = this.entries.filter((e) => e.cohort !== cohort);
    for (const key of [...this.touched.keys()]) if (key.startsWith(`${cohort}|`)) this.touched.delete(key);
    this.recent.delete(cohort);
  }

  /** Records the fields a query used; returns the cohort's recently used fields before it. */
  private remember(cohort: string, fields: readonly string[]): string[] {
    const before = this.recent.get(cohort) ?? [];
    this.recent.set(cohort, [...fields, ...before.filter((f) => !fields.includes(f))].slice(0, MAX_RECENT_FIELDS));
    return before;
  }

  private touch(cohort: string, key: string, fields: readonly string[]): string[] {
    const id = `${cohort}|${key}`;
    const before = this.touched.get(id) ?? [];
    this.touched.delete(id);
    this.touched.set(id, [...fields, ...before.filter((f) => !fields.includes(f))]);
    // Only recent ranges matter: keep the touched lists of the last few.
    while (this.touched.size > MAX_CUBES) this.touched.delete(this.touched.keys().next().value as string);
    return before;
  }

  /**
   * A wider cube over the same baked ranges than `built`, worth counting while the workers
   * are idle: `built`'s fields, then the fields earlier queries on these ranges used, those
   * used on other periods, then the likely small closed dimensions (likelyFields), within the
   * accumulated-cells cap. Null when it would add nothing that a cube on these ranges lacks.
   * The entry is registered behind `built`, so queries find it once its counts arrive.
   */
  widen(snapshot: CohortSnapshot, built: CubeEntry): CubeEntry | null {
    if (built.baked.masks.length > 0 || built.baked.dates.length !== 1) return null;
    const card = (field: string): number => snapshot.dimensions[field]?.labels.length ?? 1;
    const product = (fields: readonly string[]): number => fields.reduce((p, f) => p * card(f), 1);
    const accumulated = maxAccumulatedCells(snapshot.rowCount);
    let fields = [...built.shape.fields];
    const candidates = [
      ...(this.touched.get(`${snapshot.cohort}|${built.bakedKey}`) ?? []),
      ...(this.recent.get(snapshot.cohort) ?? []),
      ...likelyFields(snapshot),
    ];
    for (const field of candidates) {
      if (!fields.includes(field) && product([...fields, field]) <= accumulated) fields = [...fields, field];
    }
    const covered = this.entries.some(
      (e) =>
        e.cohort === snapshot.cohort &&
        e.bakedKey === built.bakedKey &&
        fields.every((f) => e.shape.fields.includes(f)),
    );
    if (covered) return null;
    const entry: CubeEntry = {
      id: this.nextId++,
      cohort: snapshot.cohort,
      shape: cubeShape(fields, fields.map(card)),
      baked: built.baked,
      bakedKey: built.bakedKey,
    };
    const at = this.entries.indexOf(built);
    this.entries.splice(at < 0 ? 0 : at + 1, 0, entry);
    this.entries.splice(MAX_CUBES);
    return entry;
  }

  plan(
    snapshot: CohortSnapshot,
    filters: ScanFilters,
    strides: ReadonlyMap<string, number>,
    outSize: number,
  ): CubePlan {
    const card = (field: string): number => snapshot.dimensions[field]?.labels.length ?? 1;
    const product = (fields: readonly string[]): number => fields.reduce((p, f) => p * card(f), 1);
    const accumulated = maxAccumulatedCells(snapshot.rowCount);
    const ranges: ScanFilters = { masks: [], dates: filters.dates, numbers: filters.numbers };
    const axisFields = [...strides.keys()];
    const needed = [...new Set([...axisFields, ...filters.masks.map((m) => m.field)])];
    const key = bakedKey(ranges);
    const touchedBefore = this.touch(snapshot.cohort, key, needed);
    const recentBefore = this.remember(snapshot.cohort, needed);
    let entry = this.entries.find(
      (e) => e.cohort === snapshot.cohort && e.bakedKey === key && needed.every((f) => e.shape.fields.includes(f)),
    );
    if (!entry) {
      let fields: string[];
      let baked = ranges;
      if (product(needed) <= MAX_CUBE_CELLS) {
        fields = needed;
        // Fields earlier queries on these ranges used (not the previous cube's unused guesses),
        // then fields queries on other periods used: an analyst breaks each period down by the
        // same handful of fields (this year as last year).
        const previous = touchedBefore.length > 0;
        for (const field of [...touchedBefore, ...recentBefore]) {
          if (!fields.includes(field) && product([...fields, field]) <= accumulated) fields = [...fields, field];
        }
        // A few small closed dimensions, most likely first (likelyFields), that the next query may
        // add; only once a second query on the same ranges shows that a session is under way:
        // a first query pays for exactly its own dimensions (each extra costs ~1 ns per row).
        let extra = previous ? 0 : SPECULATIVE_MAX_DIMS;
        for (const field of likelyFields(snapshot)) {
          if (extra >= SPECULATIVE_MAX_DIMS) break;
          if (fields.includes(field) || product([...fields, field]) > accumulated) continue;
          fields = [...fields, field];
          extra++;
        }
      } else {
        if (product(axisFields) > MAX_CUBE_CELLS) {
          throw new AppError(
            'INVALID_SPEC',
            'That table has too many cells to count; choose row and column fields with fewer categories.',
          );
        }
        fields = [...axisFields];
        const byCard = [...filters.masks].sort((a, b) => card(a.field) - card(b.field));
        const scanMasks = [];
        for (const mask of byCard) {
          if (!fields.includes(mask.field) && product([...fields, mask.field]) <= MAX_CUBE_CELLS)
            fields.push(mask.field);
          else if (!fields.includes(mask.field)) scanMasks.push(mask);
        }
        baked = { ...ranges, masks: scanMasks };
      }
      entry = {
        id: this.nextId++,
        cohort: snapshot.cohort,
        shape: cubeShape(fields, fields.map(card)),
        baked,
        bakedKey: bakedKey(baked),
      };
      this.entries.unshift(entry);
      this.entries.splice(MAX_CUBES);
    } else {
      this.entries = [entry, ...this.entries.filter((e) => e !== entry)];
    }
    const bakedFields = new Set(entry.baked.masks.map((m) => m.field));
    const projection: Projection = {
      pass: entry.shape.fields.map((field) => {
        const masks = filters.masks.filter((m) => m.field === field && !bakedFields.has(field));
        return masks.length === 0 ? null : (masks[0] as { allowed: Uint8Array }).allowed;
      }),
      outStrides: entry.shape.fields.map((field) => strides.get(field) ?? 0),
      outSize,
    };
    return { entry, projection };
  }
}
