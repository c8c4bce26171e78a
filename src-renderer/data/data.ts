// The Data screen's reads and actions: every dataset's records, persons and periods, the
// import history, the geography lookup, the population tables and the disclosure policy,
// each reloaded after an import or a removed batch; and the imports themselves as typed calls.
import { caller } from './caller.ts';
import { useApiData } from './useApiData.ts';

const summary = caller('data.summary');
const history = caller('import.history');
const lookup = caller('geography.lookup');
const populations = caller('population.list');
const policy = caller('workspace.policy.get');

/** A read keyed on the open workspace, plus a counter the screen bumps after its own changes. */
function keyOf(workspace: string | null, refreshKey: number): string | null {
  return workspace === null ? null : `${workspace}#${refreshKey}`;
}

export function useDatasets(workspace: string | null, refreshKey = 0) {
  const datasets = useApiData(keyOf(workspace, refreshKey), () => summary({}), {
    what: 'Loading the datasets',
    reloadOn: ['data.changed'],
  });
  return datasets.data?.datasets ?? [];
}

export function useImportHistory(workspace: string | null, refreshKey = 0) {
  const batches = useApiData(keyOf(workspace, refreshKey), () => history({}), {
    what: 'Loading the import history',
    reloadOn: ['data.changed'],
  });
  return { batches: batches.data?.batches ?? null, error: batches.error, reload: batches.reload };
}

export function useGeographyLookup(workspace: string | null) {
  const read = useApiData(workspace, () => lookup({}), {
    what: 'Reading the geography lookup',
    reloadOn: ['data.changed'],
  });
  /** `undefined` while loading; `null` when the workspace holds no lookup. */
  const current = read.data === null ? undefined : read.data.lookup;
  return { lookup: current, error: read.error, reload: read.reload };
}

export function usePopulationTables(workspace: string | null) {
  const read = useApiData(workspace, () => populations({}), {
    what: 'Loading the population tables',
    reloadOn: ['data.changed'],
  });
  /** `undefined` while loading. */
  return { tables: read.data?.tables, error: read.error, reload: read.reload };
}

export function useDisclosurePolicy(workspace: string | null) {
  const read = useApiData(workspace, () => policy({}), {
    what: 'Reading the disclosure policy',
    reloadOn: ['workspace.changed'],
  });
  return { policy: read.data, error: read.error, reload: read.reload };
}

/** The Data screen's actions: imports (with progress and cancel), batches, lookup, policy. */
export const dataCalls = {
  preview: caller('import.preview'),
  analyse: caller('import.analyse'),
  run: caller('import.run'),
  contextPreview: caller('import.contextPreview'),
  importContext: caller('import.context'),
  rejected: caller('import.rejected'),
  batchSummary: caller('batch.summary'),
  deleteBatch: caller('batch.delete'),
  importLookup: caller('geography.import'),
  importPopulation: caller('population.import'),
  setPolicy: caller('workspace.policy.set'),
};
