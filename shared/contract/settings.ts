// workspace.contact / workspace.setContact: who answers questions about the statistics a
// workspace publishes (a team and its email), printed on the cover of every spreadsheet.
import { z } from 'zod';
import { method } from './define.ts';

/** Blank clears the contact; otherwise one line of at most 300 characters. */
export const ContactTextSchema = z
  .string()
  .max(300)
  .refine((text) => ![...text].some((c) => c.charCodeAt(0) < 0x20), 'one line of text')
  .transform((text) => (text.trim() === '' ? null : text.trim()));

export const ContactSchema = z.object({ contact: z.string().nullable() });
export type Contact = z.infer<typeof ContactSchema>;

export const settingsMethods = {
  'workspace.contact': method(
    z.object({}).strict(),
    ContactSchema,
    'The contact printed on the cover of published spreadsheets',
  ),
  'workspace.setContact': method(
    z.object({ contact: ContactTextSchema.nullable() }).strict(),
    ContactSchema,
    'Set or clear the contact printed on the cover of published spreadsheets',
  ),
} as const;
