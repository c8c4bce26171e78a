// How a method of the API is declared: its argument and result schemas, and whether
// it reports progress (long work: imports, exports). Domains declare maps of these;
// `contract/index.ts` combines them into the one `api` map every transport shares.
import type { z } from 'zod';

export interface MethodDef<A extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  args: A;
  result: R;
  /** Long work that emits progress events and honours cancellation. */
  long?: boolean;
  /** What the method does, in one line. */
  summary: string;
}

export function method<A extends z.ZodType, R extends z.ZodType>(
  args: A,
  result: R,
  summary: string,
  options: { long?: boolean } = {},
): MethodDef<A, R> {
  return { args, result, summary, ...options };
}
