// Time to outcome for suspects: Explore's table of the median and quartiles of the days from
// offence to outcome (debounced like the cross-tab it sits under) and its export to a file.
import type { TimeToOutcomeResult, TimeToOutcomeSpec } from '../../shared/contract/outcomes.ts';
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
): Promise<{ path: string }> {
  return apiClient().call('export.timeToOutcome', { spec, format, path, overwrite });
}
