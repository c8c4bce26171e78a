// A result's confidence limits and year-on-year changes as blocks of the exported grid: a lower
// and an upper limit block shaped like the percentages or rates they bound, and a block of the
// changes marked as more than noise, with the lines that name how each was computed.
import { CHANGE_MARKS, previousYears } from '../../shared/intervals.ts';
import { MARKERS, type Marker } from '../../shared/markers.ts';
import type { QueryResult } from '../../shared/query.ts';

/** A block of numbers shaped like the grid's percentages or rates (tableGrid's DerivedBlock). */
export interface DerivedBlock {
  title: string;
  rows: Array<{ keys: string[]; cells: Array<number | null>; markers: Array<Marker | null> }>;
}

export interface LimitBlocks {
  lower: DerivedBlock;
  upper: DerivedBlock;
  notes: string[];
}

export interface ChangeBlock {
  title: string;
  rows: Array<{ keys: string[]; cells: string[] }>;
  note: string;
  /** Markers the block prints, once per cell. */
  markers: Marker[];
}

/** The limits of the derived block (rates when the result has them, else percentages); null without. */
export function limitBlocks(result: QueryResult, derived: DerivedBlock | null): LimitBlocks | null {
  const bounds = result.rates ? result.intervals?.rates : result.intervals?.percents;
  if (!derived || !bounds || !result.intervals) return null;
  const block = (side: 'lower' | 'upper'): DerivedBlock => ({
    title: `${derived.title}: ${side} 95% confidence limit`,
    rows: derived.rows.map((row, r) => {
      const cells = (bounds[side][r] ?? []).map((v) => v ?? null);
      return {
        keys: row.keys,
        cells,
        markers: cells.map((v, c) => (v !== null ? null : (row.markers[c] ?? MARKERS.notAvailable))),
      };
    }),
  });
  return { lower: block('lower'), upper: block('upper'), notes: [...result.intervals.notes] };
}

const CHANGE_WORDS = { up: `${CHANGE_MARKS.up} up`, down: `${CHANGE_MARKS.down} down`, same: 'within noise' } as const;

/** Each cell's change from the previous year in words; [c] where its number is hidden. */
export function changeBlock(result: QueryResult, keysOf: (r: number) => string[]): ChangeBlock | null {
  const changes = result.changes;
  if (!changes) return null;
  const onRows = changes.axis === 'rows';
  const years = onRows ? result.rows : result.cols;
  const previous = previousYears(years.fields, years.keys);
  const markers: Marker[] = [];
  const rows = changes.flags.map((line, r) => ({
    keys: keysOf(r),
    cells: line.map((flag, c) => {
      if (flag !== null) return CHANGE_WORDS[flag];
      if (result.counts[r]?.[c] === null) {
        markers.push(MARKERS.confidential);
        return MARKERS.confidential;
      }
      return previous.has(onRows ? r : c) ? 'not compared' : 'first year';
    }),
  }));
  const of = changes.of === 'percents' ? 'percentage' : 'count';
  return { title: `Change in ${of} from the previous year`, rows, note: changes.note, markers };
}
