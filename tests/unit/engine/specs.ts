// Specs as the dispatcher hands them on: parsed once, here at the test's edge, with the
// contract's schemas and defaults. The engine and the services never parse them again.
import type { z } from 'zod';
import { FacetSpecSchema, RecordsSpecSchema, TrendSpecSchema } from '../../../shared/contract/engine.ts';
import { parseQuerySpec, type QuerySpec, type QuerySpecInput } from '../../../shared/query.ts';

export const querySpec = (input: QuerySpecInput): QuerySpec => parseQuerySpec(input);
export const trendSpec = (input: z.input<typeof TrendSpecSchema>) => TrendSpecSchema.parse(input);
export const facetSpec = (input: z.input<typeof FacetSpecSchema>) => FacetSpecSchema.parse(input);
export const recordsSpec = (input: z.input<typeof RecordsSpecSchema>) => RecordsSpecSchema.parse(input);
