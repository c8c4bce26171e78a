// The funnel of a one-dimensional ordered table: each step (a row, in the table's order) as a
// centred bar as wide as its published count, with the rate of the step against the step
// before it and against the first step, both taken from the published counts (so a rate is
// missing, [c], wherever either count is suppressed). A field of furthest steps (each record
// counted once, at the last step it reached) is drawn as the funnel it stands for: a step's bar
// is its own count and every later step's, [c] when any of them is hidden; categories outside
// the path (Unknown, and the first: reaching no step) are left out. Pure: shared by Plotly and the SVG renderer.
import { keyLabel } from './chartModel.ts';
import { SERVICES_STEPS } from './codebook.ts';
import { MARKERS, type Marker } from './markers.ts';
import type { QueryResult } from './query.ts';

export interface FunnelStep {
  key: string[];
  label: string;
  value: number | null;
  mark: Marker | null;
  /** Percent of the step before (null for the first step, or where it cannot be taken). */
  ofPrevious: number | null;
  /** Percent of the first step (null for the first step, or where it cannot be taken). */
  ofFirst: number | null;
}

export interface FunnelModel {
  stepTitle: string;
  steps: FunnelStep[];
  colour: string;
}

export const FUNNEL_COLOUR = '#0072B2';

/** Fields whose categories are the furthest step a record reached, in path order; the first is reaching none. */
export const FURTHEST_STEP_FIELDS: Readonly<Record<string, readonly string[]>> = { services_step: SERVICES_STEPS };

/** The steps of a table as the funnel draws them: its rows, or for furthest steps those reached at least. */
export function funnelSteps(result: Pick<QueryResult, 'rows' | 'counts'>): { key: string[]; value: number | null }[] {
  const rows = result.rows.keys.map((key, r) => ({ key, value: result.counts[r]?.[0] ?? null }));
  const path = result.rows.fields.length === 1 ? FURTHEST_STEP_FIELDS[result.rows.fields[0] ?? ''] : undefined;
  if (path === undefined) return rows;
  const onPath = rows.filter((row) => path.slice(1).includes(row.key[0] ?? ''));
  return onPath.map((row, k) => {
    const later = onPath.slice(k).map((r) => r.value);
    return { key: row.key, value: later.includes(null) ? null : later.reduce<number>((a, v) => a + (v ?? 0), 0) };
  });
}

/** A funnel needs one row field (the steps, in order) and at most one column field (a funnel each). */
export function funnelShapeProblem(result: Pick<QueryResult, 'rows' | 'cols'>): string | null {
  return result.rows.fields.length === 1 && result.cols.fields.length <= 1
    ? null
    : 'needs one row field (the steps, in order) and at most one column field (a funnel for each of its categories)';
}

/** One funnel of a table: all of it, or one column's (a profile's) steps. */
export interface FunnelPanel {
  /** The column's key; empty for a table without columns. */
  key: string[];
  label: string;
  /** The column's counts as a one-column table, which `funnelModel` draws. */
  result: QueryResult;
}

/**
 * A funnel for each column of a table by profile (sex, age band, ...), side by side, each with
 * its own rates; a column with no records is left out. A table without columns is one funnel.
 */
export function funnelPanels(result: QueryResult): FunnelPanel[] {
  if (result.cols.fields.length === 0) return [{ key: [], label: '', result }];
  // What is read per cell of the whole table has no meaning for one column of it.
  const { percents: _percents, rates: _rates, intervals: _intervals, changes: _changes, ...counted } = result;
  return result.cols.keys.flatMap((key, c) => {
    if (result.colTotals[c] === 0) return [];
    const counts = result.counts.map((row) => [row[c] ?? null]);
    return [
      {
        key: [...key],
        label: keyLabel(key),
        result: {
          ...counted,
          cols: { fields: [], keys: [[]] },
          counts,
          rowTotals: counts.map((row) => row[0] ?? null),
          colTotals: [result.colTotals[c] ?? null],
          total: result.colTotals[c] ?? null,
          suppressed: result.suppressed.filter(([, col]) => col === c).map(([r]) => [r, 0] as [number, number]),
        },
      },
    ];
  });
}

/** Why a rate is missing: the step or the one it is taken of is suppressed, or that one is zero. */
function rateOf(value: number | null, base: number | null): { rate: number | null; mark: Marker | null } {
  if (value === null || base === null) return { rate: null, mark: MARKERS.confidential };
  if (base === 0) return { rate: null, mark: MARKERS.notApplicable };
  return { rate: (100 * value) / base, mark: null };
}

export function funnelModel(result: QueryResult, options: { labelOf: (field: string) => string }): FunnelModel {
  const rows = funnelSteps(result);
  const values = rows.map((row) => row.value);
  const first = values[0] ?? null;
  return {
    stepTitle: result.rows.fields.map(options.labelOf).join(' · '),
    colour: FUNNEL_COLOUR,
    steps: rows.map(({ key }, r) => {
      const value = values[r] ?? null;
      return {
        key: [...key],
        label: keyLabel(key),
        value,
        mark: value === null ? MARKERS.confidential : null,
        ofPrevious: r === 0 ? null : rateOf(value, values[r - 1] ?? null).rate,
        ofFirst: r === 0 ? null : rateOf(value, first).rate,
      };
    }),
  };
}

/** The rates of a step as printed beside it: "45.0% of previous · 20.5% of first", [c] where hidden. */
export function funnelRateText(step: FunnelStep, index: number, model: FunnelModel, steps = model.steps): string {
  if (index === 0) return '';
  const percent = (v: number | null, base: number | null): string => {
    if (v !== null) return `${v.toFixed(1)}%`;
    return rateOf(step.value, base).mark ?? MARKERS.confidential;
  };
  const previous = steps[index - 1]?.value ?? null;
  const first = steps[0]?.value ?? null;
  return `${percent(step.ofPrevious, previous)} of previous · ${percent(step.ofFirst, first)} of first`;
}
