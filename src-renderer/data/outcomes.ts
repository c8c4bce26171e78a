// Time to outcome for suspects: Explore's table of the median and quartiles of the days from
// offence to outcome (debounced like the cross-tab it sits under) and its export to a file.
import type { ResultOf } from '../../shared/contract/index.ts';
import {
  outcomeFigureQuery,
  type TimeToOutcomeResult,
  type TimeToOutcomeSpec,
} from '../../shared/contract/outcomes.ts';
import { FigureSpecSchema } from '../../shared/figure.ts';
import type { QuerySpec } from '../../shared/query.ts';
import { apiClient } from '../api/client.ts';
import { useDebouncedQuery } from '../state/useDebouncedQuery.ts';

/** The time-to-outcome spec of Explore's current table: its filters, first row and column fields and rule. */
export function timeToOutcomeSpecOf(spec: QuerySpec): TimeToOutcomeSpec {
  return {
    filters: spec.filters,
    rows: spec.rows.slice(0, 1),
    cols: spec.cols.slice(0, 1),
    disclosure: spec.disclosure,
  };
}

export function useTimeToOutcome(spec: TimeToOutcomeSpec | null) {
  const key = spec === null ? null : JSON.stringify(spec);
  return useDebouncedQuery<TimeToOutcomeResult>(key, (signal) =>
    apiClient().call('engine.timeToOutcome', spec as TimeToOutcomeSpec, { signal }),
  );
}

export function exportTimeToOutcome(
  spec: TimeToOutcomeSpec,
  format: 'csv' | 'xlsx',
  path: string,
  overwrite: boolean,
): Promise<ResultOf<'export.timeToOutcome'>> {
  return apiClient().call('export.timeToOutcome', { spec, format, path, overwrite });
}

/** Saves the card's table as a time-to-outcome figure (it then exports, fills tiles and re-runs in packs). */
export function saveTimeToOutcomeFigure(spec: TimeToOutcomeSpec, name: string, title: string): Promise<unknown> {
  const figure = FigureSpecSchema.parse({ name, title, chart: 'outcome', query: outcomeFigureQuery(spec) });
  return apiClient().call('figures.save', { figure, overwrite: false });
}
