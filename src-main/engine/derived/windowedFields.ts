// A query's own rolling window for the repeat victimisation fields. The snapshot carries them
// for 12 months; another window's columns, made by the query workers, join the snapshot under
// their own names (the field and `_w<days>`) the first time a query asks, and stay until the
// data changes, so a query of another window, or one still running, always finds its columns.
// The spec is renamed to them and the result named back, so the caller sees the fields it asked for.
import { DEFAULT_WINDOW_DAYS, WINDOWED_FIELDS, isContextDataset, type DatasetName } from '../../../shared/codebook.ts';
import type { QuerySpec } from '../../../shared/query.ts';
import type { EngineResult } from '../finalizeResult.ts';
import type { SnapshotLoader } from '../loader.ts';
import { codeArrayFor, type CodeArray, type DimensionColumn } from '../snapshot.ts';
import type { WorkerPool } from '../workerPool.ts';
import { draftRemap } from './derivedColumn.ts';
import { REPEAT_FIELDS } from './repeatVictimisation.ts';

export interface WindowedQuery {
  spec: QuerySpec;
  restore(result: EngineResult): EngineResult;
}

const windowedName = (field: string, days: number): string => `${field}_w${days}`;

/** A column another window's query added to the snapshot (`repeat_record_w730`): no field of the codebook. */
export function isWindowColumn(name: string): boolean {
  const match = /^(.+)_w\d+$/.exec(name);
  return match !== null && WINDOWED_FIELDS.includes(match[1] ?? '');
}

function fieldsOf(spec: QuerySpec): string[] {
  return [...spec.rows, ...spec.cols, ...spec.filters.map((f) => f.field)];
}

export class WindowedFields {
  private adding: Promise<void> = Promise.resolve();

  constructor(
    private readonly loader: SnapshotLoader,
    private readonly pool: WorkerPool,
  ) {}

  /** The spec on the window's own columns; null when the spec needs none. */
  async prepare(spec: QuerySpec): Promise<WindowedQuery | null> {
    const days = spec.window?.days;
    if (days === undefined || spec.cohort === 'overlap' || isContextDataset(spec.cohort)) return null;
    const windowed = (field: string) => WINDOWED_FIELDS.includes(field);
    const { window: _window, ...unwindowed } = spec;
    if (days === DEFAULT_WINDOW_DAYS || !fieldsOf(spec).some(windowed)) {
      return { spec: unwindowed, restore: (result) => ({ ...result, spec }) };
    }
    await this.ensure(spec.cohort as DatasetName, days);
    const rename = (field: string) => (windowed(field) ? windowedName(field, days) : field);
    const back = new Map(WINDOWED_FIELDS.map((f) => [windowedName(f, days), f]));
    const named = (fields: string[]) => fields.map((f) => back.get(f) ?? f);
    const renamed: QuerySpec = {
      ...unwindowed,
      rows: spec.rows.map(rename),
      cols: spec.cols.map(rename),
      filters: spec.filters.map((f) => ({ ...f, field: rename(f.field) })),
    };
    if (spec.groups) renamed.groups = Object.fromEntries(Object.entries(spec.groups).map(([f, g]) => [rename(f), g]));
    return {
      spec: renamed,
      restore: (result) => ({
        ...result,
        spec,
        rows: { ...result.rows, fields: named(result.rows.fields) },
        cols: { ...result.cols, fields: named(result.cols.fields) },
      }),
    };
  }

  /** Each field's name among the window's columns (made if need be); null for the default window. */
  async renamer(cohort: string, days: number | undefined): Promise<((field: string) => string) | null> {
    if (days === undefined || days === DEFAULT_WINDOW_DAYS || cohort === 'overlap' || isContextDataset(cohort))
      return null;
    await this.ensure(cohort as DatasetName, days);
    return (field) => (WINDOWED_FIELDS.includes(field) ? windowedName(field, days) : field);
  }

  /**
   * The window's columns in the cohort's snapshot, made once by the query workers (each over
   * its own persons' rows, into shared memory) and then handed to them with the snapshot; one
   * addition at a time, each on the last.
   */
  private ensure(cohort: DatasetName, days: number): Promise<void> {
    const add = async (): Promise<void> => {
      const snapshot = this.loader.need(cohort);
      if (snapshot.dimensions[windowedName(REPEAT_FIELDS[0]?.name as string, days)]) return;
      const base = REPEAT_FIELDS.map((f) => snapshot.dimensions[f.name]);
      if (!base.every((c): c is DimensionColumn => c !== undefined)) return;
      const columns = base.map((c) => codeArrayFor(c.labels.length, snapshot.rowCount));
      const remaps = REPEAT_FIELDS.map((f, k) => draftRemap(f.labels.length, f.kind, base[k]?.labels ?? []));
      await this.pool.all(() => ({ op: 'deriveWindow', cohort, windowDays: days, columns, remaps }));
      const dimensions = { ...snapshot.dimensions };
      base.forEach((column, k) => {
        const name = windowedName(column.name, days);
        dimensions[name] = { ...column, name, codes: columns[k] as CodeArray };
      });
      await this.loader.load([{ ...snapshot, dimensions }]);
    };
    const next = this.adding.then(add, add);
    this.adding = next.catch(() => undefined);
    return next;
  }
}

/** The repeat victimisation window a spec's table depends on: null when it names no windowed field. */
export function repeatWindowOf(spec: QuerySpec): number | null {
  if (!fieldsOf(spec).some((f) => WINDOWED_FIELDS.includes(f))) return null;
  return spec.window?.days ?? DEFAULT_WINDOW_DAYS;
}
