// dialog.*: native open and save dialogs for workspaces, imports and backups. The renderer
// names a purpose, never a folder; main picks the starting folder and the file types. In
// browser mode there are no native dialogs: the result says `unsupported`, and the renderer
// shows its own file chooser over dialog.browse, which lists folders under the user's home
// and mounted drives only.
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

const WORKSPACE_FILTER: FileFilter = { name: 'VSO workspace', extensions: ['vsow'] };

/** Each purpose's dialog titles and file types: the native dialogs and the in-app chooser show the same. */
export const DIALOG_DEFAULTS: Readonly<Record<DialogPurpose, { open: string; save: string; filters: FileFilter[] }>> = {
  workspace: { open: 'Open workspace', save: 'New workspace', filters: [WORKSPACE_FILTER] },
  import: {
    open: 'Choose an extract to import',
    save: 'Save the rejected rows',
    filters: [
      { name: 'Extracts (CSV, Excel)', extensions: ['csv', 'txt', 'tsv', 'tab', 'psv', 'xlsx', 'xlsm'] },
      { name: 'CSV and text', extensions: ['csv', 'txt', 'tsv', 'tab', 'psv'] },
      { name: 'Excel workbook', extensions: ['xlsx', 'xlsm'] },
    ],
  },
  backup: { open: 'Choose a backup to restore', save: 'Back up the workspace', filters: [WORKSPACE_FILTER] },
  export: {
    open: 'Choose an exported file',
    save: 'Export',
    filters: [
      { name: 'Excel workbook', extensions: ['xlsx'] },
      { name: 'CSV', extensions: ['csv'] },
      { name: 'PDF', extensions: ['pdf'] },
      { name: 'PNG image', extensions: ['png'] },
      { name: 'SVG image', extensions: ['svg'] },
      { name: 'Parquet', extensions: ['parquet'] },
      { name: 'Arrow IPC', extensions: ['arrow'] },
    ],
  },
};

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

const Extension = z.string().regex(/^[A-Za-z0-9]{1,12}$/);

export const FileEntrySchema = z.object({
  name: z.string(),
  kind: z.enum(['folder', 'file']),
  /** Bytes, for files. */
  size: z.number().nullable(),
  /** ISO time of the last change. */
  modified: z.string().nullable(),
});
export type FileEntry = z.infer<typeof FileEntrySchema>;

/** A folder the chooser can jump to: the home folder, a mounted drive, or a step of a breadcrumb trail. */
export const PlaceSchema = z.object({ label: z.string(), path: z.string() });
export type Place = z.infer<typeof PlaceSchema>;

export const PlacesSchema = z.object({
  home: z.string(),
  /** The home folder, then every mounted drive (Linux /media and /mnt, Windows drive roots). */
  places: z.array(PlaceSchema),
  separator: z.enum(['/', '\\']),
});
export type Places = z.infer<typeof PlacesSchema>;

export const BrowseArgsSchema = z
  .object({
    /** An absolute folder under one of the places; omitted: the home folder. */
    path: z.string().min(1).max(4096).optional(),
    /** Files with these extensions only (folders are always listed); omitted: every file. */
    extensions: z.array(Extension).max(24).optional(),
    /** Names starting with a dot are left out unless asked for. */
    showHidden: z.boolean().optional(),
  })
  .strict();
export type BrowseArgs = z.infer<typeof BrowseArgsSchema>;

export const BrowseResultSchema = PlacesSchema.extend({
  /** The folder listed, with symbolic links resolved. */
  path: z.string(),
  /** Its parent, or null at the top of a place. */
  parent: z.string().nullable(),
  /** From the top of its place down to the folder itself. */
  crumbs: z.array(PlaceSchema),
  /** Folders first, then files, each by name. */
  entries: z.array(FileEntrySchema),
  /** True when the folder held more entries than are listed. */
  truncated: z.boolean(),
});
export type BrowseResult = z.infer<typeof BrowseResultSchema>;

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
  'dialog.places': method(
    z.object({}).strict(),
    PlacesSchema,
    'The home folder and mounted drives the in-app file chooser may show',
  ),
  'dialog.browse': method(
    BrowseArgsSchema,
    BrowseResultSchema,
    'List a folder under the home folder or a mounted drive, for the in-app file chooser',
  ),
} as const;
