// import.* and batch.*: the Data screen's wizard (preview, analyse, run with progress and
// cancel), the import history with rejected rows, and undoing an import.
import { deleteBatchConfirmed } from '../../app/import/batches.ts';
import { importContextFile, previewContextFile } from '../../app/import/contextImport.ts';
import { analyseExtract, previewExtract } from '../../app/import/extractImport.ts';
import { importInStoreWorker } from '../../app/import/importInStoreWorker.ts';
import { batchContents, importBatches, rejectedRows, savedProfiles } from '../../app/import/importHistory.ts';
import { changeData } from '../../app/workspace/dataChange.ts';
import type { Handler } from '../dispatcher.ts';
import type { MainServices } from '../mainServices.ts';

type M =
  | 'import.contextPreview'
  | 'import.context'
  | 'import.preview'
  | 'import.analyse'
  | 'import.run'
  | 'import.history'
  | 'import.rejected'
  | 'import.profiles'
  | 'batch.summary'
  | 'batch.delete';

export function dataHandlers({ session }: MainServices): { [K in M]: Handler<K> } {
  return {
    'import.preview': async ({ path, sheet, header, cohort, profile }, ctx) =>
      previewExtract(session.current(), {
        path,
        cohort,
        signal: ctx.signal,
        ...(sheet === undefined ? {} : { sheet }),
        ...(header === undefined ? {} : { header }),
        ...(profile === undefined ? {} : { profile }),
      }),
    'import.analyse': async (
      { path, sheet, header, columnNames, cohort, mapping, duplicateRows, unmapped, dateOrder, sourceBands },
      ctx,
    ) => {
      const analysis = await analyseExtract(session.current(), {
        cohort,
        path,
        mapping,
        duplicateRows,
        unmapped,
        dateOrder,
        sourceBands,
        ...(sheet === undefined ? {} : { sheet }),
        ...(header === false ? { header } : {}),
        ...(header === false && columnNames ? { columnNames } : {}),
        signal: ctx.signal,
        onProgress: (p) => ctx.progress({ ...p, phase: `checking: ${p.phase}` }),
      });
      return {
        rowsRead: analysis.rowsRead,
        wouldAccept: analysis.wouldAccept,
        wouldReject: analysis.wouldReject,
        reasons: analysis.reasons,
        unknownValues: analysis.unknownValues,
        sampleRejected: analysis.sampleRejected,
        duplicateFileOf: analysis.duplicateFileOf,
        warnings: analysis.warnings,
        duplicates: analysis.duplicates,
        duplicatesKept: analysis.duplicatesKept,
        alreadyInWorkspace: analysis.alreadyInWorkspace,
        repeatedLines: analysis.repeatedLines,
        valueDestinations: analysis.valueDestinations,
        dateOrder: analysis.dateOrder,
        dateOrderQuestion: analysis.dateOrderQuestion,
        blocker: analysis.blocker,
      };
    },
    'import.run': async (args, ctx) =>
      changeData(session, async () => {
        const result = await importInStoreWorker(session, {
          cohort: args.cohort,
          path: args.path,
          ...(args.sheet === undefined ? {} : { sheet: args.sheet }),
          ...(args.header === false ? { header: false } : {}),
          ...(args.header === false && args.columnNames ? { columnNames: args.columnNames } : {}),
          ...(args.mapping === undefined ? {} : { mapping: args.mapping }),
          ...(args.profile === undefined ? {} : { profile: args.profile }),
          ...(args.saveProfileAs === undefined ? {} : { saveProfileAs: args.saveProfileAs }),
          onDuplicateFile: args.onDuplicateFile,
          duplicateRows: args.duplicateRows,
          unmapped: args.unmapped,
          dateOrder: args.dateOrder,
          sourceBands: args.sourceBands,
          signal: ctx.signal,
          onProgress: (p) => ctx.progress(p),
        });
        return {
          batchId: result.batchId,
          rowsRead: result.rowsRead,
          accepted: result.accepted,
          rejected: result.rejected,
          reasons: result.reasons,
          duplicates: result.duplicates,
          duplicatesKept: result.duplicatesKept,
          alreadyInWorkspace: result.alreadyInWorkspace,
          unmappedKept: result.unmappedKept,
          warnings: result.warnings,
          unknownValues: result.unknownValues,
        };
      }),
    'import.contextPreview': async ({ path, sheet, header, appendTo }) =>
      previewContextFile(session.current(), {
        path,
        ...(sheet === undefined ? {} : { sheet }),
        ...(header === undefined ? {} : { header }),
        ...(appendTo === undefined ? {} : { appendTo }),
      }),
    'import.context': async (
      { path, sheet, name, label, columns, districtFrom, append, header, onDuplicateFile, duplicates },
      ctx,
    ) =>
      changeData(session, async (ws) => {
        const result = await importContextFile(ws, {
          name,
          path,
          columns,
          onDuplicateFile,
          ...(label === undefined ? {} : { label }),
          ...(districtFrom === undefined ? {} : { districtFrom }),
          ...(sheet === undefined ? {} : { sheet }),
          ...(append === undefined ? {} : { append }),
          ...(header === false ? { header: false } : {}),
          ...(duplicates === undefined ? {} : { duplicates }),
          signal: ctx.signal,
        });
        return {
          name: `context:${name}`,
          batchId: result.batchId,
          appended: result.appended,
          alreadyInWorkspace: result.alreadyInWorkspace,
          duplicatesRejected: result.duplicatesRejected,
          repeatedInFile: result.repeatedInFile,
          rows: result.rows,
          datasetRows: result.datasetRows,
          rejected: result.rejected,
          unreadable: result.unreadable,
          districts: result.districts,
          unknownValues: result.unknownValues,
          warnings: result.warnings,
        };
      }),
    'import.history': async () => ({ batches: importBatches(session.current()) }),
    'import.rejected': async ({ batchId, limit, offset }) =>
      rejectedRows(session.current(), batchId, { limit, offset }),
    'import.profiles': async () => ({ profiles: savedProfiles(session.current()) }),
    'batch.summary': async ({ batchId }) => batchContents(session.current(), batchId),
    'batch.delete': async ({ batchId, confirmRecords }, ctx) =>
      deleteBatchConfirmed(session, batchId, confirmRecords, ctx.signal),
  };
}
