// geography.*: the LSOA to district lookup the analyst imports once (ONS's lookup file; there
// is no internet to fetch it from), so context datasets with only LSOA codes get a district.
import { z } from 'zod';
import { method } from './define.ts';

export const LsoaLookupSchema = z.object({
  fileName: z.string(),
  importedAt: z.string(),
  userName: z.string(),
  lsoaColumn: z.string(),
  districtColumn: z.string(),
  rowsRead: z.number(),
  /** LSOAs of the six districts held. */
  lsoas: z.number(),
  /** Rows of districts outside Cambridgeshire and Peterborough, ignored. */
  outsideArea: z.number(),
  /** LSOAs per district. */
  districts: z.record(z.string(), z.number()),
});
export type LsoaLookupDto = z.infer<typeof LsoaLookupSchema>;

export const geographyMethods = {
  'geography.lookup': method(
    z.object({}).strict(),
    z.object({ lookup: LsoaLookupSchema.nullable() }),
    'The LSOA to district lookup held in the workspace (null when none was imported)',
  ),
  'geography.import': method(
    z.object({ path: z.string().min(1).max(4096), sheet: z.string().max(200).optional() }).strict(),
    z.object({ lookup: LsoaLookupSchema, replaced: z.number() }),
    'Import the ONS LSOA to district lookup (CSV or XLSX), replacing the previous one in one transaction',
    { long: true },
  ),
} as const;
