// A cell's 95% confidence interval and its change from the previous year, as the cross-tab
// shows them when Intervals is on: the range of its percentage or rate, and ▲ or ▼ only where
// the change is more than noise.
import { CHANGE_MARKS } from '../../../shared/intervals.ts';
import type { QueryResult } from '../../../shared/query.ts';

const oneDecimal = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** The range of the cell's rate (or, without rates, its percentage); nothing where none is published. */
export function CellRange({ result, r, c }: { result: QueryResult; r: number; c: number }) {
  const bounds = result.rates ? result.intervals?.rates : result.intervals?.percents;
  const lower = bounds?.lower[r]?.[c] ?? null;
  const upper = bounds?.upper[r]?.[c] ?? null;
  if (lower === null || upper === null) return null;
  const unit = result.rates ? '' : '%';
  const text = `${oneDecimal.format(lower)}–${oneDecimal.format(upper)}${unit}`;
  return (
    <span className="ct-range" data-testid="ct-range" title={`95% confidence interval: ${text}`}>
      ({text})
    </span>
  );
}

const CHANGE_TITLES = {
  up: 'Up from the previous year: more than chance at the 5% level',
  down: 'Down from the previous year: more than chance at the 5% level',
} as const;

/** ▲ or ▼ where the cell's change from the previous year is more than noise. */
export function CellChange({ result, r, c }: { result: QueryResult; r: number; c: number }) {
  const flag = result.changes?.flags[r]?.[c] ?? null;
  if (flag === null || flag === 'same') return null;
  return (
    <span
      className="ct-change"
      data-testid="ct-change"
      data-change={flag}
      title={CHANGE_TITLES[flag]}
      role="img"
      aria-label={CHANGE_TITLES[flag]}
    >
      {CHANGE_MARKS[flag]}
    </span>
  );
}
