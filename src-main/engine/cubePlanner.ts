// Chooses, on the main side, which count cube answers a records query: a cached cube
// whose dimensions cover the query's filter and row/col fields (same date and number
// ranges), or a new one over those fields plus, while it stays small, the previous
// cube's fields (an analyst's next query tends to come back to them) and a few small
// closed dimensions the next query is likely to add (each costs ~1 ns per row per scan).
import { AppError } from '../../shared/errors.ts';
import type { ScanFilters } from './compileFilters.ts';
import {
  MAX_ACCUMULATED_CELLS,
  MAX_CUBE_CELLS,
  SPECULATIVE_MAX_CARD,
  SPECULATIVE_MAX_DIMS,
  bakedKey,
  cubeShape, type CubeEntry, type Projection } from './cube.ts';
import type { CohortSnapshot } from './snapshot.ts';

const MAX_CUBES = 6;

export interface CubePlan {
  entry: CubeEntry;
  projection: Projection;
  /** Cubes pushed out of the cache: their ids must be dropped in the workers. */
  evicted: number[];
}

export class CubePlanner {
  private entries: CubeEntry[] = [];
  private nextId = 1;

  forget(cohort: string): void {
    this.entries = this.entries.filter((e) => e.cohort !== cohort);
  }

  plan(snapshot: CohortSnapshot, filters: ScanFilters, strides: ReadonlyMap<string, number>, outSize: number): CubePlan {
    const card = (field: string): number => snapshot.dimensions[field]?.labels.length ?? 1;
    const product = (fields: readonly string[]): number => fields.reduce((p, f) => p * card(f), 1);
    const ranges: ScanFilters = { masks: [], dates: filters.dates, numbers: filters.numbers };
    const axisFields = [...strides.keys()];
    const needed = [...new Set([...axisFields, ...filters.masks.map((m) => m.field)])];
    const key = bakedKey(ranges);
    let evicted: number[] = [];
    let entry = this.entries.find(
      (e) => e.cohort === snapshot.cohort && e.bakedKey === key && needed.every((f) => e.shape.fields.includes(f)),
    );
    if (!entry) {
      let fields: string[];
      let baked = ranges;
      if (product(needed) <= MAX_CUBE_CELLS) {
        fields = needed;
        const previous = this.entries.find((e) => e.cohort === snapshot.cohort && e.bakedKey === key);
        for (const field of previous?.shape.fields ?? []) {
          if (!fields.includes(field) && product([...fields, field]) <= MAX_ACCUMULATED_CELLS) fields = [...fields, field];
        }
        // A few small closed dimensions, in codebook order, that the next query is likely to add.
        let extra = 0;
        for (const column of Object.values(snapshot.dimensions)) {
          if (extra >= SPECULATIVE_MAX_DIMS) break;
          if (column.open || column.labels.length > SPECULATIVE_MAX_CARD || fields.includes(column.name)) continue;
          if (product([...fields, column.name]) > MAX_ACCUMULATED_CELLS) continue;
          fields = [...fields, column.name];
          extra++;
        }
      } else {
        if (product(axisFields) > MAX_CUBE_CELLS) {
          throw new AppError('INVALID_SPEC', 'That table has too many cells to count; choose row and column fields with fewer categories.');
        }
        fields = [...axisFields];
        const byCard = [...filters.masks].sort((a, b) => card(a.field) - card(b.field));
        const scanMasks = [];
        for (const mask of byCard) {
          if (!fields.includes(mask.field) && product([...fields, mask.field]) <= MAX_CUBE_CELLS) fields.push(mask.field);
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
      evicted = this.entries.splice(MAX_CUBES).map((e) => e.id);
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
    return { entry, projection, evicted };
  }
}
