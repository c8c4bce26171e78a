import { z } from 'zod';
import { method } from './define.ts';
import { FigureSpecSchema } from '../figure.ts';

export const SavedFigureSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  figure: FigureSpecSchema,
  changed: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SavedFigure = z.infer<typeof SavedFigureSchema>;

export const figureMethods = {
  'figures.list': method(
    z.object({}).strict(),
    z.object({ figures: z.array(SavedFigureSchema) }),
    'Saved figures of the workspace',
  ),
  'figures.save': method(
    z.object({ figure: FigureSpecSchema, overwrite: z.boolean().default(false) }).strict(),
    SavedFigureSchema,
    'Save the current spec as a named figure',
  ),
  'figures.get': method(z.object({ name: z.string().min(1).max(120) }).strict(), SavedFigureSchema, 'One saved figure'),
  'figures.delete': method(
    z.object({ name: z.string().min(1).max(120) }).strict(),
    z.object({ deleted: z.boolean() }),
    'Delete a saved figure',
  ),
} as const;
