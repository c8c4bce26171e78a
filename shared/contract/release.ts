// The publication register: every output that leaves the workspace (table, figure, infographic,
// report pack), what it showed and which cells it hid, grouped into releases (one a year's
// assessment). A new output is protected together with the earlier outputs of the open release.
import { z } from 'zod';
import { method } from './define.ts';

export const PUBLICATION_KINDS = ['table', 'figure', 'infographic', 'report'] as const;
export type PublicationKind = (typeof PUBLICATION_KINDS)[number];

export const ReleaseSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  startedAt: z.string(),
  /** Null while the release is open (the one new outputs join). */
  endedAt: z.string().nullable(),
  publications: z.number().int(),
});
export type Release = z.infer<typeof ReleaseSchema>;

/** One number of a published table: its raw value (inside the encrypted workspace only) and what was printed. */
export const PublishedCellSchema = z.object({
  key: z.record(z.string(), z.string()),
  row: z.number().int().nullable(),
  col: z.number().int().nullable(),
  value: z.number(),
  shown: z.number().nullable(),
  status: z.enum(['published', 'primary', 'secondary']),
  /** Why a cell was hidden beyond what the table alone needed (an earlier output of the release). */
  reason: z.string().optional(),
});
export type PublishedCell = z.infer<typeof PublishedCellSchema>;

/**
 * An earlier output of the release that a table could not be protected together with, for the
 * analyst only (never printed on the output): what was not linked, why, and what to do.
 */
export const UnlinkedNoteSchema = z.object({
  /** The new output's table, e.g. “the table of victims by district and sex”. */
  table: z.string(),
  /** E.g. “Not protected together with ‘Victims by district’, exported 2026-05-03 (persons): …; publish …”. */
  note: z.string(),
});
export type UnlinkedNote = z.infer<typeof UnlinkedNoteSchema>;

export const PublishedTableSchema = z.object({
  /** The query spec the table was cut with (cohort, filters, rows, cols, measure, rule). */
  spec: z.record(z.string(), z.unknown()),
  cells: z.array(PublishedCellSchema),
  /** What this table could not be protected together with (absent: everything linked). */
  unlinked: z.array(UnlinkedNoteSchema).optional(),
});
export type PublishedTable = z.infer<typeof PublishedTableSchema>;

export const PublicationSchema = z.object({
  id: z.number().int(),
  releaseId: z.number().int(),
  kind: z.enum(PUBLICATION_KINDS),
  title: z.string(),
  publishedAt: z.string(),
  destination: z.string(),
  tables: z.array(PublishedTableSchema),
});
export type Publication = z.infer<typeof PublicationSchema>;

/** What the Audit screen lists of a publication: no raw values. */
export const PublicationSummarySchema = PublicationSchema.omit({ tables: true }).extend({
  tables: z.number().int(),
  cellsHidden: z.number().int(),
  /** Why cells were hidden beyond what each table alone needed, with how many. */
  reasons: z.array(z.object({ reason: z.string(), cells: z.number().int() })),
  /** Earlier outputs its tables could not be protected together with, and what to do. */
  unlinked: z.array(UnlinkedNoteSchema),
});
export type PublicationSummary = z.infer<typeof PublicationSummarySchema>;

export const releaseMethods = {
  'releases.list': method(
    z.object({}).strict(),
    z.object({ releases: z.array(ReleaseSchema) }),
    'The releases of the workspace, newest first',
  ),
  'releases.start': method(
    z.object({ name: z.string().trim().min(1).max(120) }).strict(),
    z.object({ release: ReleaseSchema }),
    'End the open release and start a new one (next year’s assessment); audited',
  ),
  'publications.list': method(
    z.object({ releaseId: z.number().int().optional() }).strict(),
    z.object({ publications: z.array(PublicationSummarySchema) }),
    'The publication register of a release (the open one by default), newest first',
  ),
} as const;
