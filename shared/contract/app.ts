import { z } from 'zod';
import { method } from './define.ts';

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  mode: z.enum(['electron', 'browser']),
  platform: z.string(),
  /** Why this mode was chosen, shown in the status bar's tooltip. */
  modeReason: z.string(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const appMethods = {
  'app.info': method(z.object({}).strict(), AppInfoSchema, 'Name, version and transport mode of the running app'),
  'app.ping': method(
    z.object({ echo: z.string().max(1000).optional() }).strict(),
    z.object({ pong: z.literal(true), echo: z.string().optional(), at: z.string() }),
    'Round trip check',
  ),
} as const;
