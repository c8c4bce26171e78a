// The workspace's disclosure policy (the least protection any export may have) and the
// disclosure advisor (ways to redesign a table that would lose many cells).
import { z } from 'zod';
import { DisclosurePolicySchema } from '../disclosurePolicy.ts';
import { QuerySpecSchema } from '../query.ts';
import { method } from './define.ts';

export const PolicyViewSchema = z.object({
  policy: DisclosurePolicySchema,
  /** The policy in one sentence. */
  description: z.string(),
});
export type PolicyView = z.infer<typeof PolicyViewSchema>;

export const disclosureMethods = {
  'workspace.policy.get': method(
    z.object({}).strict(),
    PolicyViewSchema,
    'The disclosure policy every export, infographic and report pack must meet',
  ),
  'workspace.policy.set': method(
    z.object({ passphrase: z.string().min(1).max(1024), policy: DisclosurePolicySchema }).strict(),
    PolicyViewSchema,
    'Change the disclosure policy (asks for the passphrase again; audited)',
  ),
} as const;

/** The advisor speaks up when at least this share of a table's cells would be suppressed. */
export const ADVISE_WHEN_SUPPRESSED_SHARE = 0.2;

export const TableCellsSchema = z.object({
  cells: z.number().int(),
  published: z.number().int(),
  suppressed: z.number().int(),
});
export type TableCells = z.infer<typeof TableCellsSchema>;

/** Cells of a table body, and how many are published (not suppressed). */
export function tableCells(result: { counts: ReadonlyArray<ReadonlyArray<number | null>> }): TableCells {
  const cells = result.counts.reduce((n, row) => n + row.length, 0);
  const published = result.counts.reduce((n, row) => n + row.filter((v) => v !== null).length, 0);
  return { cells, published, suppressed: cells - published };
}

/** Whether a table loses enough cells for the advisor to offer redesigns. */
export function shouldAdvise(cells: TableCells): boolean {
  return cells.cells > 0 && cells.suppressed / cells.cells >= ADVISE_WHEN_SUPPRESSED_SHARE;
}

export const AdviceOptionSchema = TableCellsSchema.extend({
  kind: z.enum(['merge', 'drop', 'round', 'suppress']),
  /** The field merged or dropped. */
  field: z.string().nullable(),
  title: z.string(),
  detail: z.string(),
  /** The redesigned spec: applying the option is running it. */
  spec: QuerySpecSchema,
});
export type AdviceOption = z.output<typeof AdviceOptionSchema>;

export const AdviceSchema = z.object({
  current: TableCellsSchema,
  /** True when the suppressed share reaches ADVISE_WHEN_SUPPRESSED_SHARE. */
  advise: z.boolean(),
  /** Redesigns first (merge, drop, round), each publishing more cells than now; suppression last. */
  options: z.array(AdviceOptionSchema),
});
export type Advice = z.output<typeof AdviceSchema>;

export const adviceMethods = {
  'disclosure.advise': method(
    QuerySpecSchema,
    AdviceSchema,
    'Ways to redesign a table that would lose many cells to suppression, each run and protected',
    { long: true },
  ),
} as const;
