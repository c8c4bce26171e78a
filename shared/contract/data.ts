import { z } from 'zod';
import { method } from './define.ts';
import { COHORTS } from '../codebook.ts';

const path = z.string().min(1).max(4096);
const cohort = z.enum(COHORTS);

export const MappingSchema = z.object({
  cohort,
  columns: z.array(z.object({ source: z.string().max(500), target: z.string().max(100).nullable() })).max(500),
  recodes: z.record(z.string().max(100), z.record(z.string().max(500), z.string().max(500))),
});
export type MappingDto = z.infer<typeof MappingSchema>;

export const ImportPreviewSchema = z.object({
  path: z.string(),
  format: z.string(),
  headers: z.array(z.string()),
  rows: z.array(z.array(z.string())),
  encoding: z.string().optional(),
  delimiter: z.string().optional(),
  sheet: z.string().optional(),
  sheets: z.array(z.string()).optional(),
  mapping: MappingSchema,
  /** Why the first line looks like data rather than a header line (a header lost on the way). */
  firstLineIsData: z.string().nullable().optional(),
  /** What each mapping target can be: codebook columns of the cohort, identifiers, `age`. */
  targets: z.array(z.object({ name: z.string(), label: z.string(), kind: z.string() })),
  profileWarnings: z.array(z.string()),
  /** When the first line looks like data: saved profiles of the cohort whose extract had as many columns. */
  positionalProfiles: z.array(z.string()).optional(),
  /** Saved profiles of the cohort made from a file with the same columns: offered, applied only when chosen. */
  matchingProfiles: z.array(z.string()).optional(),
});
export type ImportPreview = z.infer<typeof ImportPreviewSchema>;

const reasons = z.record(z.string(), z.number());
const unknownValues = z.record(z.string(), z.array(z.object({ value: z.string(), count: z.number() })));

/** Where each distinct value of a mapped source column goes, and how (rule, blank, exact, standard, synonym, open, unmapped). */
export const ValueDestinationsSchema = z.object({
  source: z.string(),
  target: z.string(),
  values: z.array(
    z.object({
      value: z.string(),
      count: z.number(),
      label: z.string().nullable(),
      how: z.enum(['rule', 'blank', 'exact', 'standard', 'synonym', 'open', 'unmapped']),
    }),
  ),
});
export type ValueDestinationsDto = z.infer<typeof ValueDestinationsSchema>;

/** What the analyst decides for what the importer cannot be sure of. */
const mappingChoices = {
  /** Lines repeated in every column: by default rejected when they carry a record reference, else kept. */
  duplicateRows: z.enum(['reject', 'keep']).optional(),
  /** Values with no recoding: rejected rows, kept as Unknown, or (`fail`) nothing imported. */
  unmapped: z.enum(['fail', 'reject', 'unknown']).default('reject'),
  dateOrder: z.enum(['auto', 'dmy', 'mdy']).default('auto'),
  /** Age ranges coarser than the bands: `column` makes them Unknown and keeps every range as written in a column of its own. */
  sourceBands: z.enum(['unknown', 'column']).optional(),
};

export const ImportAnalysisSchema = z.object({
  rowsRead: z.number(),
  wouldAccept: z.number(),
  wouldReject: z.number(),
  reasons,
  unknownValues,
  sampleRejected: z.array(
    z.object({
      line: z.number(),
      reasons: z.array(z.object({ column: z.string(), value: z.string(), rule: z.string() })),
      values: z.record(z.string(), z.string()),
    }),
  ),
  duplicateFileOf: z.number().nullable(),
  warnings: z.array(z.string()),
  duplicates: z.number(),
  duplicatesKept: z.number(),
  /** Of the repeated lines, those the workspace already held before this file. */
  alreadyInWorkspace: z.number().optional(),
  repeatedLines: z.array(
    z.object({
      line: z.number(),
      copies: z.number(),
      values: z.record(z.string(), z.string()),
      alreadyInWorkspace: z.boolean().optional(),
    }),
  ),
  valueDestinations: z.array(ValueDestinationsSchema),
  /** Distinct dates by the day/month orders they fit; the question is open when one fits only month/day. */
  dateOrder: z.object({ dayFirstOnly: z.number(), monthFirstOnly: z.number(), either: z.number() }),
  dateOrderQuestion: z.boolean(),
  /** What would stop the import as asked (unmapped values under `fail`, an open date order). */
  blocker: z.string().nullable(),
});
export type ImportAnalysis = z.infer<typeof ImportAnalysisSchema>;

export const ImportResultSchema = z.object({
  batchId: z.number(),
  rowsRead: z.number(),
  accepted: z.number(),
  rejected: z.number(),
  reasons,
  duplicates: z.number(),
  duplicatesKept: z.number(),
  alreadyInWorkspace: z.number().optional(),
  unmappedKept: z.number(),
  warnings: z.array(z.string()),
  unknownValues,
});
export type ImportResultDto = z.infer<typeof ImportResultSchema>;

export const BatchSchema = z.object({
  id: z.number(),
  cohort: z.string(),
  fileName: z.string(),
  profileName: z.string().nullable(),
  rowsRead: z.number(),
  accepted: z.number(),
  rejected: z.number(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  userName: z.string(),
  deletedAt: z.string().nullable(),
});
export type BatchDto = z.infer<typeof BatchSchema>;

export const RejectedRowSchema = z.object({
  sourceRow: z.number(),
  reasons: z.array(z.object({ column: z.string(), value: z.string(), rule: z.string() })),
  values: z.record(z.string(), z.unknown()),
});

const sourceOptions = { path, sheet: z.string().max(200).optional() };
/** false: a cohort extract without a header line, its columns named Column 1, Column 2, ... by position. */
const cohortHeader = { header: z.boolean().optional() };
/** With `header: false`: the names of the file's columns, by position (a saved profile's). */
const columnNames = { columnNames: z.array(z.string().max(500)).max(1000).optional() };

export const ContextColumnSchema = z.object({
  source: z.string().max(500),
  name: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/),
  label: z.string().max(200),
  kind: z.enum(['category', 'date', 'month', 'number', 'text']),
  included: z.boolean(),
  distinct: z.number().optional(),
});
export type ContextColumnDto = z.infer<typeof ContextColumnSchema>;
const contextName = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,40}$/, 'lower-case letters, digits and _ (starting with a letter)');
function contextNameOptional() {
  return contextName.optional();
}

export const dataMethods = {
  'import.preview': method(
    z.object({ ...sourceOptions, ...cohortHeader, cohort, profile: z.string().max(120).optional() }).strict(),
    ImportPreviewSchema,
    'The first rows of an extract and a proposed mapping',
  ),
  'import.analyse': method(
    z
      .object({ ...sourceOptions, ...cohortHeader, ...columnNames, cohort, mapping: MappingSchema, ...mappingChoices })
      .strict(),
    ImportAnalysisSchema,
    'Validate a whole extract under a mapping without writing anything',
    { long: true },
  ),
  'import.run': method(
    z
      .object({
        ...sourceOptions,
        ...cohortHeader,
        ...columnNames,
        cohort,
        mapping: MappingSchema.optional(),
        profile: z.string().max(120).optional(),
        saveProfileAs: z.string().min(1).max(120).optional(),
        onDuplicateFile: z.enum(['refuse', 'import']).default('refuse'),
        ...mappingChoices,
      })
      .strict(),
    ImportResultSchema,
    'Import an extract in one transaction (progress, cancel)',
    { long: true },
  ),
  'import.contextPreview': method(
    z
      .object({
        ...sourceOptions,
        /** false: the file has no header line (its columns are named by position). */
        header: z.boolean().optional(),
        /** The dataset the file would be added to: a headerless file takes its columns by position. */
        appendTo: contextNameOptional(),
      })
      .strict(),
    z.object({
      headers: z.array(z.string()),
      columns: z.array(ContextColumnSchema),
      districtFrom: z.string().nullable(),
      /** The first column holding LSOA codes (E01018088), if any. */
      lsoaCodeColumn: z.string().nullable(),
      /** Why no district is derived though one could be (LSOA codes and no geography lookup). */
      districtHint: z.string().nullable(),
      rowsSampled: z.number(),
      /** False when the file was read without a header line. */
      hasHeader: z.boolean(),
      /** Why the first line looks like data, not a header (a header lost on the way), or null. */
      firstLineIsData: z.string().nullable(),
      /** The existing dataset of `appendTo`: its columns and rows, which the file would join. */
      existing: z.object({ columns: z.array(ContextColumnSchema), rows: z.number() }).nullable(),
    }),
    'Infer the columns of a context dataset (categories, dates, months, numbers, free text)',
    { long: true },
  ),
  'import.context': method(
    z
      .object({
        ...sourceOptions,
        name: contextName,
        label: z.string().min(1).max(200).optional(),
        columns: z.array(ContextColumnSchema).max(500),
        districtFrom: z.string().max(500).nullable().optional(),
        /** Add the file to the dataset of this name, when there is one. */
        append: z.boolean().optional(),
        /** false: the file has no header line; added to a dataset, its columns are the dataset's by position. */
        header: z.boolean().optional(),
        onDuplicateFile: z.enum(['refuse', 'import']).default('refuse'),
        /** Lines the dataset already holds, in every column: kept (default) or rejected. */
        duplicates: z.enum(['keep', 'reject']).optional(),
      })
      .strict(),
    z.object({
      name: z.string(),
      batchId: z.number(),
      appended: z.boolean(),
      /** Lines of the file the dataset already held, and of those the ones rejected. */
      alreadyInWorkspace: z.number(),
      duplicatesRejected: z.number(),
      /** Lines repeating an earlier line of the same file (kept: police.uk repeats distinct incidents). */
      repeatedInFile: z.number(),
      /** Rows of this file stored, and of the dataset after it. */
      rows: z.number(),
      datasetRows: z.number(),
      /** Records rejected (a control byte in a field), with their rows. */
      rejected: z.array(z.object({ line: z.number(), reason: z.string() })),
      unreadable: z.record(z.string(), z.number()),
      districts: z.record(z.string(), z.number()),
      /** LSOA codes the geography lookup lacks (their district is empty), by source column. */
      unknownValues,
      warnings: z.array(z.string()),
    }),
    'Import any other extract as a named context dataset, or add a file to one',
    { long: true },
  ),
  'import.history': method(
    z.object({}).strict(),
    z.object({ batches: z.array(BatchSchema) }),
    'Import batches, newest first',
  ),
  'import.rejected': method(
    z
      .object({
        batchId: z.number().int(),
        limit: z.number().int().min(1).max(1000).default(100),
        offset: z.number().int().min(0).default(0),
      })
      .strict(),
    z.object({ rows: z.array(RejectedRowSchema), total: z.number() }),
    'Rejected rows of a batch with their reasons',
  ),
  'import.profiles': method(
    z.object({}).strict(),
    z.object({ profiles: z.array(z.object({ name: z.string(), cohort: z.string(), updatedAt: z.string() })) }),
    'Saved mapping profiles',
  ),
  'batch.summary': method(
    z.object({ batchId: z.number().int() }).strict(),
    z.object({
      batchId: z.number(),
      cohort: z.string(),
      fileName: z.string(),
      records: z.number(),
      rejectedRows: z.number(),
    }),
    'What deleting a batch would remove',
  ),
  'batch.delete': method(
    z.object({ batchId: z.number().int(), confirmRecords: z.number().int() }).strict(),
    z.object({ batchId: z.number(), records: z.number(), rejectedRows: z.number() }),
    'Remove every record and rejected row of one batch',
  ),
} as const;
