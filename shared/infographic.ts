// A one-page infographic is a document, not a picture: a page, a theme, a grid and blocks whose
// numbers come from live queries at render time, so next year's extract redraws it.
import { z } from 'zod';
import { DatasetNameSchema, FilterSchema, QuerySpecSchema } from './query.ts';
import { FigureSpecSchema } from './figure.ts';

/** The bundled font families (OFL), resolved to files by src-main/export/fonts.ts. */
export const FONT_FAMILIES = ['Source Sans 3', 'Inter', 'Merriweather'] as const;
export type FontFamily = (typeof FONT_FAMILIES)[number];

const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #RRGGBB');

export const ThemeSchema = z
  .object({
    primary: colour.default('#1b4f72'),
    accent: colour.default('#d55e00'),
    fontFamily: z.enum(FONT_FAMILIES).default('Source Sans 3'),
  })
  .strict();
export type Theme = z.output<typeof ThemeSchema>;
export const DEFAULT_THEME: Theme = { primary: '#1b4f72', accent: '#d55e00', fontFamily: 'Source Sans 3' };

export const PAGE_SIZES = ['a4-portrait', 'landscape-16x9'] as const;
export type PageSize = (typeof PAGE_SIZES)[number];

/** A block's place on the grid: zero-based column and row, spans of at least one cell. */
export const GridPlaceSchema = z
  .object({
    col: z.number().int().min(0).max(23),
    row: z.number().int().min(0).max(47),
    colSpan: z.number().int().min(1).max(24),
    rowSpan: z.number().int().min(1).max(48),
  })
  .strict();
export type GridPlace = z.infer<typeof GridPlaceSchema>;

/** A count of one cohort: the minimal query behind a number (no rows or cols). */
export const CountQuerySchema = z
  .object({
    cohort: DatasetNameSchema,
    measure: z.enum(['records', 'persons']).default('records'),
    filters: z.array(FilterSchema).max(32).default([]),
  })
  .strict();
export type CountQuery = z.output<typeof CountQuerySchema>;

const financialYear = z.string().regex(/^\d{4}\/\d{2}$/, 'a financial year such as 2023/24');

const TitleBlockSchema = z
  .object({
    kind: z.literal('title'),
    at: GridPlaceSchema,
    title: z.string().max(200),
    subtitle: z.string().max(300).default(''),
  })
  .strict();

const HeadlineBlockSchema = z
  .object({
    kind: z.literal('headline'),
    at: GridPlaceSchema,
    label: z.string().max(200),
    query: CountQuerySchema,
    /** The year counted; the comparison is with the year before. Null: the whole period. */
    financialYear: financialYear.nullable().default(null),
    compare: z.enum(['previousYear']).nullable().default(null),
  })
  .strict();

const ChartBlockSchema = z
  .object({
    kind: z.literal('chart'),
    at: GridPlaceSchema,
    /** A saved figure's name, or a figure spec kept in the document. */
    figure: z.union([z.string().min(1).max(120), FigureSpecSchema]),
    /** Keep only the largest rows (e.g. the top 5 offence groups); null keeps all. */
    top: z.number().int().min(1).max(50).nullable().default(null),
  })
  .strict();

const FlagChartBlockSchema = z
  .object({
    kind: z.literal('flagChart'),
    at: GridPlaceSchema,
    title: z.string().max(200),
    /** One count per flag (flag = Yes) over the same base, drawn as horizontal bars, largest first. */
    base: CountQuerySchema,
    flags: z
      .array(z.object({ field: z.string().min(1).max(63), label: z.string().max(120) }).strict())
      .min(1)
      .max(20),
    top: z.number().int().min(1).max(20).default(10),
  })
  .strict();

const TextBlockSchema = z
  .object({
    kind: z.literal('text'),
    at: GridPlaceSchema,
    text: z.string().max(1000),
    emphasis: z.boolean().default(false),
  })
  .strict();

const IconRowBlockSchema = z
  .object({
    kind: z.literal('iconRow'),
    at: GridPlaceSchema,
    /** Completes "N in 10 …", e.g. "victims were repeat victims". */
    label: z.string().max(200),
    base: CountQuerySchema,
    /** Extra filters that pick the numerator out of the base. */
    subset: z.array(FilterSchema).min(1).max(8),
  })
  .strict();

const MapBlockSchema = z
  .object({
    kind: z.literal('map'),
    at: GridPlaceSchema,
    title: z.string().max(200),
    query: QuerySpecSchema,
  })
  .strict();

export const InfographicBlockSchema = z.discriminatedUnion('kind', [
  TitleBlockSchema,
  HeadlineBlockSchema,
  ChartBlockSchema,
  FlagChartBlockSchema,
  TextBlockSchema,
  IconRowBlockSchema,
  MapBlockSchema,
]);
export type InfographicBlock = z.output<typeof InfographicBlockSchema>;
export type BlockKind = InfographicBlock['kind'];

export const InfographicDocSchema = z
  .object({
    name: z.string().min(1).max(120),
    page: z.enum(PAGE_SIZES).default('a4-portrait'),
    theme: ThemeSchema.default(DEFAULT_THEME),
    grid: z
      .object({
        columns: z.number().int().min(1).max(24).default(12),
        rows: z.number().int().min(1).max(48).default(16),
      })
      .strict()
      .default({ columns: 12, rows: 16 }),
    blocks: z.array(InfographicBlockSchema).max(60),
  })
  .strict();
export type InfographicDoc = z.output<typeof InfographicDocSchema>;
export type InfographicDocInput = z.input<typeof InfographicDocSchema>;

/** Page sizes in CSS pixels (1/96 inch): A4 is 210 x 297 mm; 16:9 is 13.333 x 7.5 inches. */
export const PAGE_PIXELS: Readonly<Record<PageSize, { width: number; height: number }>> = {
  'a4-portrait': { width: (210 / 25.4) * 96, height: (297 / 25.4) * 96 },
  'landscape-16x9': { width: 1280, height: 720 },
};

/** The financial year before `2023/24`: `2022/23`. */
export function previousFinancialYear(year: string): string {
  const start = Number.parseInt(year.slice(0, 4), 10) - 1;
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
}
