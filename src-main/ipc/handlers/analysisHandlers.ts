// engine.*, codebook.get, data.summary, data.datasetColumns and figures.*: the Explore and Data screens' reads.
import { DERIVED_COLUMNS } from '../../../shared/codebook.ts';
import type { CallContext, Handler } from '../dispatcher.ts';
import type { MainServices } from '../mainServices.ts';
import { saveFigureAsPublished } from '../../app/analysis/savedFigures.ts';
import { datasetSummaries } from '../../app/analysis/datasetSummaries.ts';
import { deleteSavedFigure, savedFigure, savedFigures, type StoredFigure } from '../../app/analysis/figureLibrary.ts';

type M =
  | 'engine.query'
  | 'engine.facets'
  | 'engine.trend'
  | 'codebook.get'
  | 'data.summary'
  | 'data.datasetColumns'
  | 'figures.list'
  | 'figures.save'
  | 'figures.get'
  | 'figures.delete';

function toDto(f: StoredFigure) {
  return {
    id: f.id,
    name: f.name,
    figure: f.figure,
    changed: f.changed,
    createdAt: f.createdAt,
    updatedAt: f.updatedAt,
  };
}

/** Cancel reaches the disclosure worker; its progress goes out as the call's progress. */
function disclosureWork(ctx: CallContext) {
  return {
    signal: ctx.signal,
    onProgress: (done: number, total: number) => ctx.progress({ phase: 'disclosure', done, total }),
  };
}

export function analysisHandlers({ session, analysis }: MainServices): { [K in M]: Handler<K> } {
  return {
    'engine.query': async (spec, ctx) => {
      session.current();
      return analysis.query(spec, disclosureWork(ctx));
    },
    'engine.facets': async ({ cohort, filters, window }, ctx) => {
      session.current();
      return analysis.facets(cohort, filters, window, { signal: ctx.signal });
    },
    'engine.trend': async (spec, ctx) => {
      session.current();
      return analysis.trend(spec, disclosureWork(ctx));
    },
    'codebook.get': async () => {
      const codebook = session.current().codebook();
      return {
        version: codebook.version,
        columns: [...codebook.columns, ...DERIVED_COLUMNS].map((c) => ({
          name: c.name,
          label: c.label,
          kind: c.kind,
          cohorts: [...c.cohorts],
          categories: [...c.categories],
          open: c.open,
          role: c.role,
          ...(c.description === undefined ? {} : { description: c.description }),
        })),
      };
    },
    'data.summary': async () => ({ datasets: datasetSummaries(session.current()) }),
    'data.datasetColumns': async ({ dataset }) => {
      session.current();
      return analysis.datasetColumns(dataset);
    },
    'figures.list': async () => ({ figures: savedFigures(session.current()).map(toDto) }),
    'figures.get': async ({ name }) => toDto(savedFigure(session.current(), name)),
    'figures.save': async ({ figure, overwrite }) =>
      toDto(await saveFigureAsPublished(session.current(), analysis, figure, overwrite)),
    'figures.delete': async ({ name }) => ({ deleted: deleteSavedFigure(session.current(), name) }),
  };
}
