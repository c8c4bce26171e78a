// The Data screen's reads: every dataset's records, persons and periods, reloaded after an
// import or a removed batch.
import { apiClient } from '../api/client.ts';
import { useApiData } from './useApiData.ts';

export function useDatasets(workspace: string | null, refreshKey = 0) {
  const summary = useApiData(
    workspace === null ? null : `${workspace}#${refreshKey}`,
    () => apiClient().call('data.summary', {}),
    { what: 'Loading the datasets', reloadOn: ['data.changed'] },
  );
  return summary.data?.datasets ?? [];
}
