// A query spec written as a JSON file (`vso query`, `vso export table`, `vso disclosure
// check`): read and validated at the edge, so everything after it takes a typed spec.
import { readFile } from 'node:fs/promises';
import { AppError } from '../../../shared/errors.ts';
import type { z } from 'zod';
import { type QuerySpec, QuerySpecSchema } from '../../../shared/query.ts';

export function readSpecFile(path: string): Promise<QuerySpec> {
  return readJsonSpec(path, QuerySpecSchema, 'query spec');
}

/** A spec file read and validated by `schema`; errors name the file and, when invalid, `kind`. */
export async function readJsonSpec<T>(path: string, schema: z.ZodType<T>, kind: string): Promise<T> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new AppError('FILE_NOT_FOUND', `Cannot read the spec file ${path}; check the path.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AppError('INVALID_SPEC', `The spec file ${path} is not valid JSON.`, String(error));
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      'INVALID_SPEC',
      `The spec file ${path} is not a valid ${kind}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
    );
  }
  return parsed.data;
}
