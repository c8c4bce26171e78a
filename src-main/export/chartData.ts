// The numbers a chart draws, taken from a (protected) query result with the same meaning as
// the interactive Plotly charts (src-renderer/charts/plotlyFigure.ts): rows are categories,
// column keys are series, suppressed cells are null and stay gaps, never zeros.
import { MARKERS, type Marker } from '../../shared/markers.ts';
import type { QueryResult } from '../../shared/query.ts';

export function keyLabel(key: readonly string[]): string {
  return key.length === 0 ? 'All' : key.join(' · ');
}

export function valueLabelOf(result: QueryResult): string {
  return result.meta.measure === 'persons' ? 'Persons' : 'Records';
}

export interface Series {
  name: string;
  values: Array<number | null>;
  /** Why each missing value is missing ([c] suppressed, [z] a share of an empty row); null where shown. */
  markers: Array<Marker | null>;
}

export interface CategorySeries {
  categories: string[];
  series: Series[];
}

/** Counts per category (row key) and series (col key); `percentOfRow` for 100% stacks. */
export function categorySeries(result: QueryResult, valueLabel: string, percentOfRow = false): CategorySeries {
  const categories = result.rows.keys.map(keyLabel);
  const names = result.cols.fields.length === 0 ? [valueLabel] : result.cols.keys.map(keyLabel);
  const series = names.map((name, c) => {
    const markers: Array<Marker | null> = [];
    const values = result.counts.map((row, r) => {
      const value = row[c] ?? null;
      const total = result.rowTotals[r] ?? null;
      const shown =
        value === null || !percentOfRow ? value : total === null || total === 0 ? null : (100 * value) / total;
      markers.push(
        shown !== null ? null : value !== null && total === 0 ? MARKERS.notApplicable : MARKERS.confidential,
      );
      return shown;
    });
    return { name, values, markers };
  });
  return { categories, series };
}

/** One value per row: the only column, or the row total (a donut's slices). */
export function rowValues(result: QueryResult): Array<number | null> {
  return result.cols.fields.length === 0 ? result.counts.map((row) => row[0] ?? null) : result.rowTotals;
}

export interface PyramidData {
  ages: string[];
  sides: Array<{ sex: 'Male' | 'Female'; values: Array<number | null> }>;
}

/** Age bands upwards, males to the left and females to the right (other sexes are not drawn). */
export function pyramidData(result: QueryResult): PyramidData {
  const ageOnRows = result.rows.fields[0] === 'age_band';
  const ages = (ageOnRows ? result.rows.keys : result.cols.keys).map(keyLabel);
  const sexes = (ageOnRows ? result.cols.keys : result.rows.keys).map(keyLabel);
  const value = (a: number, s: number): number | null =>
    ageOnRows ? (result.counts[a]?.[s] ?? null) : (result.counts[s]?.[a] ?? null);
  const sides: PyramidData['sides'] = [];
  for (const sex of ['Male', 'Female'] as const) {
    const s = sexes.indexOf(sex);
    if (s >= 0) sides.push({ sex, values: ages.map((_age, a) => value(a, s)) });
  }
  return { ages, sides };
}
