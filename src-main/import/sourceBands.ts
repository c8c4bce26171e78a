// Source bands kept as a column of their own. A source's age ranges can be coarser than the
// codebook's bands (`over 34` spans 35-44 and beyond): such a value is never forced into a band.
// The analyst may make it Unknown, or keep the source banding too: then every row's age range,
// as written, goes to `age_band_as_recorded`, an open category column of the cohort (made on
// first use, a custom column of the codebook), which Explore shows as a dimension, while the age
// band holds the bands that map for sure and Unknown for the rest.
import type { CodebookColumn, Cohort } from '../../shared/codebook.ts';
import { AppError } from '../../shared/errors.ts';
import type { Mapping } from './mapping.ts';

export const SOURCE_BAND_COLUMN = 'age_band_as_recorded';

/** What a workspace offers to make the column (the store's Workspace does). */
export interface ColumnMaker {
  codebook(): { columns: readonly CodebookColumn[] };
  addCustomColumn(input: {
    name: string;
    label: string;
    kind: 'category';
    cohorts: Cohort[];
    open: boolean;
    role: 'quasi_identifier';
    description: string;
  }): CodebookColumn;
}

/**
 * Makes the source band column of `cohort` when it has none (inside the import's transaction);
 * true when it made it: an import cancelled after its rows committed drops it again.
 */
export function ensureSourceBandColumn(workspace: ColumnMaker, cohort: Cohort): boolean {
  const existing = workspace.codebook().columns.find((c) => c.name === SOURCE_BAND_COLUMN);
  if (existing?.cohorts.includes(cohort)) return false;
  if (existing)
    throw new AppError(
      'BAD_REQUEST',
      `The column "${SOURCE_BAND_COLUMN}" exists for ${existing.cohorts.join(', ')} but not ${cohort}: source bands cannot be kept for ${cohort} in this workspace.`,
    );
  workspace.addCustomColumn({
    name: SOURCE_BAND_COLUMN,
    label: 'Age band as recorded',
    kind: 'category',
    cohorts: [cohort],
    open: true,
    role: 'quasi_identifier',
    description: 'The age range as the source recorded it, where it is coarser than the age bands (over 34)',
  });
  return true;
}

/** The mapping with the age band's source also feeding the source band column (when the cohort has it). */
export function withSourceBands(mapping: Mapping, hasColumn: boolean): Mapping {
  const source = mapping.columns.find((c) => c.target === 'age_band')?.source;
  if (!hasColumn || source === undefined || mapping.columns.some((c) => c.target === SOURCE_BAND_COLUMN))
    return mapping;
  return { ...mapping, columns: [...mapping.columns, { source, target: SOURCE_BAND_COLUMN }] };
}
