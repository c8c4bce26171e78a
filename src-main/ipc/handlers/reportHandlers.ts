// export.*, infographic(s).*, report(s).*: the Report screen. Exports read the workspace
// (the engine behind disclosure control) and write files; only the audit entry and saving a
// document touch the workspace file, and those run in the session's write queue (the audit
// here, saving in createHandlers) so they wait for an import instead of blocking on it. The exports themselves are src-main/app/publication/'s.
import { isAbsolute } from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import {
  infographicList,
  removeInfographic,
  removeReport,
  reportList,
  savedInfographic,
  storeInfographic,
  storeReport,
} from '../../app/publication/documentLibrary.ts';
import { exportTime } from '../../app/publication/exportClock.ts';
import { exportSavedFigure, previewSavedFigure } from '../../app/publication/figureExport.ts';
import {
  exportInfographicFile,
  infographicFromTemplate,
  previewInfographic,
} from '../../app/publication/infographicExport.ts';
import { previewSavedTable } from '../../app/publication/tablePreview.ts';
import { buildReport } from '../../app/publication/reportBuild.ts';
import type { Handler } from '../dispatcher.ts';
import type { MainServices } from '../mainServices.ts';

type M =
  | 'export.figure'
  | 'figure.previewSvg'
  | 'export.tablePreview'
  | 'infographics.list'
  | 'infographics.get'
  | 'infographics.save'
  | 'infographics.delete'
  | 'infographic.fromTemplate'
  | 'infographic.render'
  | 'export.infographic'
  | 'reports.list'
  | 'reports.save'
  | 'reports.delete'
  | 'report.build';

export function reportHandlers({ session, analysis, exports: exportsOf }: MainServices): { [K in M]: Handler<K> } {
  const open = () => ({ ws: session.current(), exports: exportsOf() });
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => session.exclusive(work);

  return {
    'export.figure': async (args, ctx) => {
      const { ws, exports } = open();
      return exportSavedFigure(ws, exports, args, ctx, exclusive);
    },
    'figure.previewSvg': async (args, ctx) => {
      const { ws, exports } = open();
      return previewSavedFigure(ws, exports, args, { signal: ctx.signal });
    },
    'export.tablePreview': async (args, ctx) => {
      const { ws, exports } = open();
      return previewSavedTable(ws, exports, args, { signal: ctx.signal });
    },

    'infographics.list': async () => ({
      infographics: infographicList(session.current()).map((i) => ({
        name: i.name,
        page: i.doc.page,
        blocks: i.doc.blocks.length,
        updatedAt: i.updatedAt,
      })),
    }),
    'infographics.get': async ({ name }) => savedInfographic(session.current(), name),
    'infographics.save': async ({ doc, overwrite }) => storeInfographic(session.current(), doc, overwrite),
    'infographics.delete': async ({ name }) => ({ deleted: removeInfographic(session.current(), name) }),

    'infographic.fromTemplate': async (args) => infographicFromTemplate(open().exports, args),
    'infographic.render': async ({ doc }, ctx) =>
      previewInfographic(open().exports, analysis, doc, { signal: ctx.signal }),
    'export.infographic': async (args, ctx) => exportInfographicFile(open().exports, args, ctx, exclusive),

    'reports.list': async () => ({ reports: reportList(session.current()) }),
    'reports.save': async ({ report }) => storeReport(session.current(), report),
    'reports.delete': async ({ name }) => ({ deleted: removeReport(session.current(), name) }),
    'report.build': async ({ name, outDir }, ctx) => {
      const { exports } = open();
      if (!isAbsolute(outDir))
        throw new AppError(
          'BAD_REQUEST',
          `Give the full path of the folder for the report pack; “${outDir}” is not one.`,
        );
      const report = exports.report(name);
      if (!report) throw new AppError('NOT_FOUND', `There is no report called “${name}”.`);
      const result = await buildReport(exports, report, outDir, {
        generatedAt: exportTime(),
        signal: ctx.signal,
        onItem: (index, total, item) =>
          ctx.progress({
            phase: `${item.kind === 'figure' ? 'Figure' : 'Infographic'} “${item.name}”`,
            done: index,
            total,
          }),
        exclusive,
        keepRenderWorker: true,
      });
      ctx.progress({ phase: 'Done', done: report.items.length, total: report.items.length });
      return { files: result.files, problems: result.problems, ok: result.ok, unlinked: result.unlinked };
    },
  };
}
