// export.*, infographic(s).*, report(s).*: the Report screen's calls. Exports of saved
// figures and infographics to files, the infographic editor (templates, live render,
// storage) and report packs. Every export passes disclosure control and is audited.
import { z } from 'zod';
import { method } from './define.ts';
import { InfographicDocSchema, PAGE_SIZES } from '../infographic.ts';
import { UnlinkedNoteSchema } from './release.ts';

const name = z.string().min(1).max(120);
const path = z.string().min(1).max(4096);
const financialYear = z.string().regex(/^\d{4}\/\d{2}$/, 'a financial year such as 2023/24');
/** A title for this export only (the saved figure keeps its own); absent: the figure's title. */
const exportTitle = z.string().max(300).optional();
/** Chart size in CSS pixels (PNG, SVG, PDF); 960 x 600 by default. */
const chartWidth = z.number().int().min(200).max(4000).optional();
const chartHeight = z.number().int().min(150).max(4000).optional();

export const FIGURE_EXPORT_FORMATS = ['png', 'svg', 'pdf', 'xlsx', 'csv'] as const;
export type FigureExportFormat = (typeof FIGURE_EXPORT_FORMATS)[number];
export const INFOGRAPHIC_EXPORT_FORMATS = ['png', 'svg', 'pdf'] as const;
export type InfographicExportFormat = (typeof INFOGRAPHIC_EXPORT_FORMATS)[number];
export const TEMPLATES = ['victims', 'suspects', 'offenders'] as const;
export type TemplateId = (typeof TEMPLATES)[number];

/** PNG resolution: 300 dots per inch for print, or null for screen size (2x for figures, 1x for infographics). */
const dpi = z.union([z.literal(300), z.null()]).default(null);

export const ExportedFileSchema = z.object({ path: z.string(), bytes: z.number(), format: z.string() });
export type ExportedFileDto = z.infer<typeof ExportedFileSchema>;

export const ReportItemSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('figure'), name }).strict(),
  z.object({ kind: z.literal('infographic'), name }).strict(),
]);
export type ReportItemDto = z.infer<typeof ReportItemSchema>;
export const ReportDocSchema = z.object({ name, items: z.array(ReportItemSchema).max(500) }).strict();
export type ReportDoc = z.infer<typeof ReportDocSchema>;

export const RectSchema = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() });
/** Where the renderer put the grid, so the editor's overlay lines up with the picture. */
export const InfographicGeometrySchema = z.object({
  width: z.number(),
  height: z.number(),
  grid: RectSchema,
  gutter: z.number(),
  columns: z.number().int(),
  rows: z.number().int(),
});
export type InfographicGeometry = z.infer<typeof InfographicGeometrySchema>;

export const InfographicSummarySchema = z.object({
  name: z.string(),
  page: z.enum(PAGE_SIZES),
  blocks: z.number().int(),
  updatedAt: z.string(),
});
export type InfographicSummary = z.infer<typeof InfographicSummarySchema>;

export const ReportProblemSchema = z.object({ item: ReportItemSchema, message: z.string() });

export const reportMethods = {
  'export.figure': method(
    z
      .object({
        name,
        format: z.enum(FIGURE_EXPORT_FORMATS),
        path,
        width: chartWidth,
        height: chartHeight,
        title: exportTitle,
        dpi,
        /** Replace an existing file: only after the user confirmed it. */
        overwrite: z.boolean().optional(),
      })
      .strict(),
    z.object({
      file: ExportedFileSchema,
      footnote: z.array(z.string()),
      suppressedCells: z.number().int(),
      unlinked: z.array(UnlinkedNoteSchema),
      /** For the analyst, never in the file: earlier outputs that already gave hidden counts away. */
      warnings: z.array(z.string()),
    }),
    'Export a saved figure as PNG, SVG, PDF (chart) or XLSX, CSV (table), under disclosure control',
    { long: true },
  ),
  'figure.previewSvg': method(
    z.object({ name, width: chartWidth, height: chartHeight, title: exportTitle }).strict(),
    z.object({
      svg: z.string(),
      footnote: z.array(z.string()),
      suppressedCells: z.number().int(),
      unlinked: z.array(UnlinkedNoteSchema),
      warnings: z.array(z.string()),
    }),
    'The SVG file an export of a saved figure would write, byte for byte, with the same refusals (the preview)',
  ),
  'export.tablePreview': method(
    z.object({ name }).strict(),
    z.object({
      footnote: z.array(z.string()),
      /** Cells the table export would hide, small counts and those hidden to protect them. */
      suppressedCells: z.number().int(),
      unlinked: z.array(UnlinkedNoteSchema),
      /** For the analyst, never in the file: earlier outputs that already gave hidden counts away. */
      warnings: z.array(z.string()),
    }),
    'What an XLSX or CSV export of a saved figure would hide and warn of, before it is exported: nothing is written or registered',
  ),
  'infographics.list': method(
    z.object({}).strict(),
    z.object({ infographics: z.array(InfographicSummarySchema) }),
    'Saved infographics',
  ),
  'infographics.get': method(
    z.object({ name }).strict(),
    z.object({ doc: InfographicDocSchema, updatedAt: z.string() }),
    'One saved infographic',
  ),
  'infographics.save': method(
    z.object({ doc: InfographicDocSchema, overwrite: z.boolean().default(false) }).strict(),
    z.object({ name: z.string(), updatedAt: z.string() }),
    'Save an infographic document by its name',
  ),
  'infographics.delete': method(
    z.object({ name }).strict(),
    z.object({ deleted: z.boolean() }),
    'Delete a saved infographic',
  ),
  'infographic.fromTemplate': method(
    z
      .object({ template: z.enum(TEMPLATES), year: financialYear.optional(), page: z.enum(PAGE_SIZES).optional() })
      .strict(),
    z.object({ doc: InfographicDocSchema, financialYear: z.string() }),
    'A new infographic from the victims, suspects or offenders template (latest financial year by default)',
  ),
  'infographic.render': method(
    z.object({ doc: InfographicDocSchema }).strict(),
    z.object({ svg: z.string(), warnings: z.array(z.string()), geometry: InfographicGeometrySchema }),
    'Render an infographic to SVG with live, protected numbers (the same SVG the exports use)',
  ),
  'export.infographic': method(
    z
      .object({
        doc: InfographicDocSchema.optional(),
        name: name.optional(),
        format: z.enum(INFOGRAPHIC_EXPORT_FORMATS),
        path,
        dpi: z.union([z.literal(300), z.null()]).default(300),
        /** Replace an existing file: only after the user confirmed it. */
        overwrite: z.boolean().optional(),
      })
      .strict()
      .refine(
        (a) => (a.doc === undefined) !== (a.name === undefined),
        'give either the document or the name of a saved infographic',
      ),
    z.object({ file: ExportedFileSchema, warnings: z.array(z.string()), unlinked: z.array(UnlinkedNoteSchema) }),
    'Export an infographic as PNG, SVG or PDF, under disclosure control',
    { long: true },
  ),
  'reports.list': method(
    z.object({}).strict(),
    z.object({ reports: z.array(ReportDocSchema) }),
    'Saved reports (ordered lists of figures and infographics)',
  ),
  'reports.save': method(
    z.object({ report: ReportDocSchema }).strict(),
    z.object({ name: z.string() }),
    'Save a report',
  ),
  'reports.delete': method(z.object({ name }).strict(), z.object({ deleted: z.boolean() }), 'Delete a saved report'),
  'report.build': method(
    z.object({ name, outDir: path }).strict(),
    z.object({
      files: z.array(ExportedFileSchema),
      problems: z.array(ReportProblemSchema),
      ok: z.boolean(),
      unlinked: z.array(UnlinkedNoteSchema),
    }),
    'Render every item of a report to files, with an XLSX of all tables and an HTML contact sheet',
    { long: true },
  ),
} as const;
