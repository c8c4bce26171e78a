// The fields the engine computes from a cohort's person-level records. Each deriver reads the
// packed snapshot (rows in person order, day numbers, the imported dimensions) and gives
// dimensions of the snapshot's own form, which then join it as ordinary category, ordinal or
// flag columns: every query, facet, figure, disclosure check and export takes them as it
// takes imported ones. They are made once per snapshot and window; a new load (new data) is
// a new snapshot, so nothing made from old data survives it.
import { DEFAULT_WINDOW_DAYS, isContextDataset, type Cohort } from '../../../shared/codebook.ts';
import type { CohortSnapshot, DimensionColumn } from '../snapshot.ts';
import { deriveOffenderNeeds } from './offenderNeeds.ts';
import { deriveOutcomeTimed } from './outcomeTimed.ts';
import { deriveRepeatVictimisation } from './repeatVictimisation.ts';
import { deriveServicesFunnel } from './servicesFunnel.ts';

export interface DerivedParams {
  /** The rolling window of the repeat victimisation fields, in days. */
  windowDays: number;
}

export const DEFAULT_PARAMS: DerivedParams = { windowDays: DEFAULT_WINDOW_DAYS };

interface Deriver {
  cohort: Cohort;
  /** Whether the window changes its fields. */
  windowed: boolean;
  derive(snapshot: CohortSnapshot, params: DerivedParams): DimensionColumn[];
}

const DERIVERS: readonly Deriver[] = [
  { cohort: 'victims', windowed: true, derive: (s, p) => deriveRepeatVictimisation(s, p.windowDays) },
  { cohort: 'victims', windowed: false, derive: (s) => deriveServicesFunnel(s) },
  { cohort: 'offenders', windowed: false, derive: (s) => deriveOffenderNeeds(s) },
  { cohort: 'suspects', windowed: false, derive: (s) => deriveOutcomeTimed(s) },
];

/** The computed columns of a snapshot; only those the window changes when `windowedOnly`. */
export function derivedColumns(
  snapshot: CohortSnapshot,
  params: DerivedParams = DEFAULT_PARAMS,
  windowedOnly = false,
): DimensionColumn[] {
  if (isContextDataset(snapshot.cohort)) return [];
  return DERIVERS.filter((d) => d.cohort === snapshot.cohort && (d.windowed || !windowedOnly)).flatMap((d) =>
    d.derive(snapshot, params),
  );
}

/** Rows without a person key, which the person-based fields leave out, as a note for the analyst. */
function noPersonNote(snapshot: CohortSnapshot): string | null {
  if (snapshot.cohort !== 'victims') return null;
  let missing = 0;
  for (let i = 0; i < snapshot.personIds.length && (snapshot.personIds[i] as number) < 0; i++) missing++;
  if (missing === 0) return null;
  return `${missing.toLocaleString('en-GB')} victims’ records have no person key: the repeat victimisation fields show them as “No person key” (Unknown in the Yes/No fields).`;
}

/** The snapshot with its computed fields beside the imported ones (the same buffers, one new column each). */
export function withDerivedFields(snapshot: CohortSnapshot, params: DerivedParams = DEFAULT_PARAMS): CohortSnapshot {
  const columns = derivedColumns(snapshot, params);
  if (columns.length === 0) return snapshot;
  const dimensions = { ...snapshot.dimensions };
  for (const column of columns) dimensions[column.name] = column;
  const note = noPersonNote(snapshot);
  return { ...snapshot, dimensions, warnings: note ? [...snapshot.warnings, note] : snapshot.warnings };
}
