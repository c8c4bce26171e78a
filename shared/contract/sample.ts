import { z } from 'zod';
import { method } from './define.ts';
import { WorkspaceStatusSchema } from './workspace.ts';

export const sampleMethods = {
  'workspace.createSample': method(
    z.object({ path: z.string().min(1).max(4096).optional() }).strict(),
    z.object({
      status: WorkspaceStatusSchema,
      /** Shown once: the sample's own passphrase. */
      passphrase: z.string(),
      figures: z.array(z.string()),
      infographics: z.array(z.string()),
      report: z.string(),
    }),
    'Create and open a workspace of synthetic records with figures, infographics and a report',
    { long: true },
  ),
} as const;
