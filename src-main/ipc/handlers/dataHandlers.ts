// import.* and batch.*: the Data screen's wizard (preview, analyse, run with progress and
// cancel), the import history with rejected rows, and undoing an import.
import { columnsFor, DIRECT_IDENTIFIERS, type Codebook, type Cohort } from '../../../shared/codebook.ts';
import { autoMap, mappingTargets, RECORD_TARGET, type Mapping } from '../../import/mapping.ts';
import { previewFile } from '../../import/preview.ts';
import { inferContextColumns } from '../../import/contextColumns.ts';
import { existingContextDataset, importContextDataset } from '../../import/contextDataset.ts';
import { hasLsoaLookup } from '../../import/lsoaLookup.ts';
import { applyProfile, listProfiles, loadProfile, profilesOfWidth } from '../../import/profile.ts';
import { importInStoreWorker } from '../../app/import/importInStoreWorker.ts';
import { rejectedRowsOf } from '../../store/rejectedRows.ts';
import { deleteBatchConfirmed } from '../../app/import/batches.ts';
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

function targetList(codebook: Codebook, cohort: Cohort) {
  const labels = new Map(columnsFor(codebook, cohort).map((c) => [c.name, c]));
  return mappingTargets(codebook, cohort).map((name) => {
    const column = labels.get(name);
    if (column) return { name, label: column.label, kind: column.kind };
    if ((DIRECT_IDENTIFIERS as readonly string[]).includes(name))
      return { name, label: `Identifier: ${name} (pseudonymised, then dropped)`, kind: 'identifier' };
    if (name === 'age') return { name, label: 'Age (becomes age band)', kind: 'age' };
    if (name === RECORD_TARGET)
      return {
        name,
        label: 'Record reference (crime or occurrence number; tells repeated records, not stored)',
        kind: 'record',
      };
    return { name, label: name, kind: 'other' };
  });
}

export function dataHandlers({ session }: MainServices): { [K in M]: Handler<K> } {
  return {
    'import.preview': async ({ path, sheet, header, cohort, profile }) => {
      const ws = session.current();
      // Without a header line, a saved profile's columns name the file's, by position.
      const positional = header === false && profile !== undefined;
      const preview = await previewFile(path, {
        rows: 20,
        ...(sheet === undefined ? {} : { sheet }),
        ...(header === false ? { header } : {}),
        ...(positional ? { columnNames: loadProfile(ws.db, profile).headers } : {}),
      });
      const codebook = ws.codebook();
      let mapping: Mapping = autoMap(preview.headers, cohort, codebook);
      let profileWarnings: string[] = [];
      if (profile !== undefined) {
        const applied = applyProfile(loadProfile(ws.db, profile), preview.headers, codebook);
        mapping = applied.mapping;
        profileWarnings = applied.warnings;
      }
      const positionalProfiles = preview.firstLineIsData ? profilesOfWidth(ws.db, cohort, preview.headers.length) : [];
      return { ...preview, mapping, targets: targetList(codebook, cohort), profileWarnings, positionalProfiles };
    },
    'import.analyse': async (
      { path, sheet, header, columnNames, cohort, mapping, duplicateRows, unmapped, dateOrder, sourceBands },
      ctx,
    ) => {
      const ws = session.current();
      const { analyseImport } = await import('../../import/analyseImport.ts');
      const analysis = await analyseImport(ws, {
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
      session.exclusive(async () => {
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
        await session.dataChanged();
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
    'import.contextPreview': async ({ path, sheet, header, appendTo }) => {
      const db = session.current().db;
      const existing = appendTo === undefined ? undefined : existingContextDataset(db, appendTo);
      const inference = await inferContextColumns(path, {
        hasLsoaLookup: hasLsoaLookup(db),
        ...(sheet === undefined ? {} : { sheet }),
        ...(header === false ? { header: false } : {}),
        ...(existing ? { columnNames: existing.columns.map((c) => c.source) } : {}),
      });
      return {
        ...inference,
        existing: existing ? { columns: existing.columns, rows: existing.rows } : null,
      };
    },
    'import.context': async (
      { path, sheet, name, label, columns, districtFrom, append, header, onDuplicateFile, duplicates },
      ctx,
    ) =>
      session.exclusive(async () => {
        const result = await importContextDataset(session.current(), {
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
        await session.dataChanged();
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
    'import.history': async () => ({
      batches: session
        .current()
        .listBatches()
        .map((b) => ({
          id: b.id,
          cohort: b.cohort,
          fileName: b.fileName,
          profileName: b.profileName,
          rowsRead: b.rowsRead,
          accepted: b.accepted,
          rejected: b.rejected,
          startedAt: b.startedAt,
          finishedAt: b.finishedAt,
          userName: b.userName,
          deletedAt: b.deletedAt,
        })),
    }),
    'import.rejected': async ({ batchId, limit, offset }) =>
      rejectedRowsOf(session.current().db, batchId, { limit, offset }),
    'import.profiles': async () => ({ profiles: listProfiles(session.current().db) }),
    'batch.summary': async ({ batchId }) => {
      const summary = session.current().batchSummary(batchId);
      return {
        batchId,
        cohort: summary.batch.cohort,
        fileName: summary.batch.fileName,
        records: summary.records,
        rejectedRows: summary.rejectedRows,
      };
    },
    'batch.delete': async ({ batchId, confirmRecords }) => deleteBatchConfirmed(session, batchId, confirmRecords),
  };
}
