// dialog.*: native open and save dialogs for workspaces, imports and backups. The renderer
// names a purpose, never a folder; main picks the starting folder and the file types. In
// browser mode there are no native dialogs: the result says `unsupported` and the renderer
// shows a path field instead.
import { z } from 'zod';
import { method } from './define.ts';

export const DIALOG_PURPOSES = ['workspace', 'import', 'backup', 'export'] as const;
export const DialogPurposeSchema = z.enum(DIALOG_PURPOSES);
export type DialogPurpose = z.infer<typeof DialogPurposeSchema>;

export const FileFilterSchema = z
  .object({
    name: z.string().min(1).max(80),
    /** Extensions without the dot: letters and digits only, so a filter cannot carry a path. */
    extensions: z
      .array(z.string().regex(/^[A-Za-z0-9]{1,12}$/))
      .min(1)
      .max(12),
  })
  .strict();
export type FileFilter = z.infer<typeof FileFilterSchema>;

/** A bare file name (no folder, no separators, no leading dot), as a save dialog's suggestion. */
export const SuggestedNameSchema = z
  .string()
  .min(1)
  .max(200)
  .refine(
    (name) => !name.startsWith('.') && ![...name].some((c) => c.charCodeAt(0) < 0x20 || '\\/:*?"<>|'.includes(c)),
    'a file name without folders',
  );

export const DialogResultSchema = z.object({
  path: z.string().nullable(),
  /** True in browser mode: no native dialog exists, so ask for a typed path instead. */
  unsupported: z.boolean().optional(),
});
export type DialogResult = z.infer<typeof DialogResultSchema>;

export const OpenFileArgsSchema = z
  .object({ purpose: DialogPurposeSchema, filters: z.array(FileFilterSchema).max(8).optional() })
  .strict();
export const SaveFileArgsSchema = z
  .object({
    purpose: DialogPurposeSchema,
    defaultName: SuggestedNameSchema.optional(),
    filters: z.array(FileFilterSchema).max(8).optional(),
  })
  .strict();
export type OpenFileArgs = z.infer<typeof OpenFileArgsSchema>;
export type SaveFileArgs = z.infer<typeof SaveFileArgsSchema>;

export const dialogMethods = {
  'dialog.openFile': method(
    OpenFileArgsSchema,
    DialogResultSchema,
    'Ask the user to choose a file with the native open dialog',
  ),
  'dialog.saveFile': method(
    SaveFileArgsSchema,
    DialogResultSchema,
    'Ask the user where to save a file with the native save dialog',
  ),
} as const;
