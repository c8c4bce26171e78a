// Year-on-year changes of a table with the financial year as a dimension, marked only when they
// are more than noise. A percentage whose denominator is its own year's total (row percentages
// with years on the rows, column percentages with years on the columns) is a proportion of an
// independent sample each year: Newcombe's interval for the difference must exclude zero. Any
// other cell is a count: the exact conditional test of two Poisson counts (given their sum, the
// later one is binomial with p = 1/2 if nothing changed) must reject at 5%. That test is exact at
// any size; non-overlap of two intervals is not a test at 5% (two 95% intervals can overlap while
// the difference is significant), so it is not used. Like the intervals, each mark is computed
// from published numbers only, and a change with either number hidden is not marked.
import {
  CHANGE_NOTES,
  newcombeDifference,
  previousYears,
  type YearChange,
  type YearChanges,
} from '../../shared/intervals.ts';
import { poissonRatioTestP } from './poissonIntervals.ts';

type Matrix = (number | null)[][];

const ALPHA = 0.05;

export interface ChangeInputs {
  rows: { fields: string[]; keys: string[][] };
  cols: { fields: string[]; keys: string[][] };
  counts: Matrix;
  rowTotals: readonly (number | null)[];
  colTotals: readonly (number | null)[];
  percent: 'none' | 'row' | 'col' | 'total';
}

function direction(later: number, earlier: number): YearChange {
  return later > earlier ? 'up' : 'down';
}

function countChange(earlier: number, later: number): YearChange {
  return poissonRatioTestP(earlier, 1, later, 1) < ALPHA ? direction(later, earlier) : 'same';
}

function shareChange(x1: number, n1: number, x2: number, n2: number): YearChange | null {
  const d = newcombeDifference(x2, n2, x1, n1);
  if (!d) return null;
  return d.lower > 0 ? 'up' : d.upper < 0 ? 'down' : 'same';
}

/** The changes of a table with the financial year on its rows or columns; undefined without one. */
export function yearChanges(inputs: ChangeInputs): YearChanges | undefined {
  const axis = inputs.rows.fields.includes('financial_year')
    ? 'rows'
    : inputs.cols.fields.includes('financial_year')
      ? 'cols'
      : null;
  if (axis === null) return undefined;
  const onRows = axis === 'rows';
  const years = onRows ? inputs.rows : inputs.cols;
  const yearTotals = onRows ? inputs.rowTotals : inputs.colTotals;
  const shares = inputs.percent === (onRows ? 'row' : 'col');
  const cell = (year: number, other: number): number | null =>
    (onRows ? inputs.counts[year]?.[other] : inputs.counts[other]?.[year]) ?? null;
  const previous = previousYears(years.fields, years.keys);
  const flags: (YearChange | null)[][] = inputs.counts.map((row) => row.map(() => null));
  const others = onRows ? (inputs.counts[0]?.length ?? 0) : inputs.counts.length;
  for (const [year, before] of previous) {
    for (let other = 0; other < others; other += 1) {
      const later = cell(year, other);
      const earlier = cell(before, other);
      if (later === null || earlier === null) continue;
      const n2 = yearTotals[year] ?? null;
      const n1 = yearTotals[before] ?? null;
      const flag = shares
        ? n1 === null || n2 === null
          ? null
          : shareChange(earlier, n1, later, n2)
        : countChange(earlier, later);
      if (onRows) flags[year]![other] = flag;
      else flags[other]![year] = flag;
    }
  }
  return { axis, of: shares ? 'percents' : 'counts', flags, note: CHANGE_NOTES[shares ? 'percents' : 'counts'] };
}
