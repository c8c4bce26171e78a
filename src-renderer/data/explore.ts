// Explore's calls: the datasets of the workspace (cohorts, context datasets, which count no
// persons), the disclosure policy, the population tables rates can use, a context dataset's
// columns, the cross-tab and the facets, and the saved figures. Components call these hooks.
import { useMemo } from 'react';
import type { DatasetColumns, Facet } from '../../shared/contract/engine.ts';
import type { SavedFigure } from '../../shared/contract/figures.ts';
import type { FigureSpec } from '../../shared/figure.ts';
import type { QueryResult, QuerySpec } from '../../shared/query.ts';
import { apiClient } from '../api/client.ts';
import { useAction } from '../state/useApiCall.ts';
import { useDebouncedQuery } from '../state/useDebouncedQuery.ts';
import { isContext } from '../state/explore/exploreView.ts';
import { caller } from './caller.ts';
import { useApiData } from './useApiData.ts';

export interface ContextDataset {
  id: string;
  label: string;
  records: number;
}

export function useExploreSources(workspace: string | null) {
  const summary = useApiData(workspace, () => apiClient().call('data.summary', {}), {
    what: 'Loading the datasets',
    reloadOn: ['data.changed'],
  });
  const policy = useApiData(workspace, () => apiClient().call('workspace.policy.get', {}), {
    what: 'Loading the disclosure policy',
    reloadOn: ['workspace.changed'],
  });
  const populations = useApiData(workspace, () => apiClient().call('population.list', {}), {
    what: 'Loading the population tables',
    reloadOn: ['data.changed'],
  });
  const datasets = summary.data?.datasets;
  const contexts: ContextDataset[] = useMemo(
    () =>
      (datasets ?? [])
        .filter((d) => isContext(d.name))
        .map((d) => ({ id: d.name, label: d.label, records: d.records })),
    [datasets],
  );
  /** Cohorts with records but no person identifiers: they count records only. */
  const personless: ReadonlySet<string> = useMemo(
    () =>
      new Set(
        (datasets ?? []).filter((d) => !isContext(d.name) && d.records > 0 && d.persons === 0).map((d) => d.name),
      ),
    [datasets],
  );
  const populationNames = useMemo(() => (populations.data?.tables ?? []).map((t) => t.name), [populations.data]);
  return { contexts, personless, policy: policy.data, populations: populationNames };
}

export function useContextColumns(dataset: string | null) {
  return useDebouncedQuery<DatasetColumns>(dataset, (signal) =>
    apiClient().call('data.datasetColumns', { dataset: dataset ?? '' }, { signal }),
  );
}

/** A context dataset's columns, asked once (to pick its default rows). */
export function datasetColumns(dataset: string): Promise<DatasetColumns> {
  return apiClient().call('data.datasetColumns', { dataset });
}

export function useCrossTab(spec: QuerySpec, ready: boolean) {
  const key = ready ? JSON.stringify(spec) : null;
  return useDebouncedQuery<QueryResult>(key, (signal) => apiClient().call('engine.query', spec, { signal }));
}

export function useFacets(spec: QuerySpec, ready: boolean) {
  const { cohort, filters, window } = spec;
  // The repeat fields' facets count over the table's window, as the table does.
  const facetSpec = { cohort, filters, ...(window ? { window } : {}) };
  const key = ready && cohort !== 'overlap' && cohort !== 'journeys' ? JSON.stringify(facetSpec) : null;
  return useDebouncedQuery<{ facets: Facet[]; total: number }>(key, (signal) =>
    apiClient().call('engine.facets', facetSpec, { signal }),
  );
}

export function useFigures(workspace: string | null) {
  const list = useApiData(workspace, () => apiClient().call('figures.list', {}), {
    what: 'Loading the saved figures',
    reloadOn: ['data.changed'],
  });
  const save = useAction(async (figure: FigureSpec, overwrite: boolean) =>
    apiClient().call('figures.save', { figure, overwrite }),
  );
  const remove = useAction(async (name: string) => apiClient().call('figures.delete', { name }));
  const figures: SavedFigure[] = list.data?.figures ?? [];
  return { figures, error: list.error, reload: list.reload, save, remove };
}

/** Ways to redesign a table that would lose many cells. */
export const advise = caller('disclosure.advise');
