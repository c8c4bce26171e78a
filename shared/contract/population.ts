// population.*: the population tables rates are computed from (per 1,000 by district, and by
// sex and age band where the table has them): ONS mid-year estimates imported from CSV or XLSX.
import { z } from 'zod';
import { method } from './define.ts';

export const PopulationTableSchema = z.object({
  name: z.string(),
  rows: z.number(),
  total: z.number(),
  byAge: z.boolean(),
  bySex: z.boolean(),
  /** Population by district. */
  districts: z.record(z.string(), z.number()),
});
export type PopulationTableDto = z.infer<typeof PopulationTableSchema>;

export const populationMethods = {
  'population.list': method(
    z.object({}).strict(),
    z.object({ tables: z.array(PopulationTableSchema) }),
    'The population tables of the workspace',
  ),
  'population.import': method(
    z
      .object({
        path: z.string().min(1).max(4096),
        sheet: z.string().max(200).optional(),
        name: z
          .string()
          .regex(
            /^[A-Za-z0-9][A-Za-z0-9 _-]{0,99}$/,
            'letters, digits, spaces, - and _ (starting with a letter or digit)',
          ),
      })
      .strict(),
    PopulationTableSchema.extend({
      format: z.enum(['ons', 'codebook']),
      otherAreas: z.number(),
      warnings: z.array(z.string()),
    }),
    'Import a population table (ONS mid-year estimates, CSV or XLSX), replacing the table of that name',
    { long: true },
  ),
} as const;
