// Report's calls: the saved figures, the saved infographics and the datasets (for the
// templates), reloaded when data is imported or removed.
import { apiClient } from '../api/client.ts';
import { caller } from './caller.ts';
import { useApiData } from './useApiData.ts';

export function useReportSources(workspace: string | null) {
  const figures = useApiData(workspace, () => apiClient().call('figures.list', {}), {
    what: 'Loading the saved figures',
    reloadOn: ['data.changed'],
  });
  const infographics = useApiData(workspace, () => apiClient().call('infographics.list', {}), {
    what: 'Loading the saved infographics',
    reloadOn: ['data.changed'],
  });
  const datasets = useApiData(workspace, () => apiClient().call('data.summary', {}), {
    what: 'Loading the datasets',
    reloadOn: ['data.changed'],
  });
  return {
    /** null until the first answer (the figure list says "loading" until then). */
    figures: figures.data?.figures ?? (figures.error ? [] : null),
    infographics: infographics.data?.infographics ?? [],
    datasets: datasets.data?.datasets ?? [],
    reload() {
      figures.reload();
      infographics.reload();
    },
  };
}

/** The saved report packs (their items and order), reloaded after each change. */
export function useSavedReports(workspace: string | null) {
  const reports = useApiData(workspace, () => apiClient().call('reports.list', {}), {
    what: 'Loading the saved reports',
    reloadOn: ['data.changed'],
  });
  return { reports: reports.data?.reports ?? [], reload: reports.reload };
}

/** Report's actions: infographics, report packs and exports. */
export const reportCalls = {
  listInfographics: caller('infographics.list'),
  fromTemplate: caller('infographic.fromTemplate'),
  render: caller('infographic.render'),
  getInfographic: caller('infographics.get'),
  saveInfographic: caller('infographics.save'),
  deleteInfographic: caller('infographics.delete'),
  saveReport: caller('reports.save'),
  deleteReport: caller('reports.delete'),
  buildReport: caller('report.build'),
  exportFigure: caller('export.figure'),
  previewFigure: caller('figure.previewSvg'),
  previewTable: caller('export.tablePreview'),
  exportInfographic: caller('export.infographic'),
};
