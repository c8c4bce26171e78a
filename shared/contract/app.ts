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

/** This user's preferences on this computer (not a workspace's). */
export const PreferencesSchema = z.object({
  /** The guided start shows on opening the app until it is switched off. */
  guidedStart: z.boolean(),
});
export type Preferences = z.infer<typeof PreferencesSchema>;

export const appMethods = {
  'app.info': method(z.object({}).strict(), AppInfoSchema, 'Name, version and transport mode of the running app'),
  'app.ping': method(
    z.object({ echo: z.string().max(1000).optional() }).strict(),
    z.object({ pong: z.literal(true), echo: z.string().optional(), at: z.string() }),
    'Round trip check',
  ),
  'app.preferences': method(z.object({}).strict(), PreferencesSchema, 'This user’s preferences on this computer'),
  'app.setPreferences': method(
    z.object({ guidedStart: z.boolean().optional() }).strict(),
    PreferencesSchema,
    'Change this user’s preferences on this computer',
  ),
} as const;
