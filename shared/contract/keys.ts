// keys.*: optionally remember a workspace's passphrase in the operating system's key store
// (Electron safeStorage), off by default. Refused where the store would be plain text
// (Linux without a keyring) and in browser mode, always with a message saying why.
// The passphrase never travels back to the renderer: main uses it to open the workspace.
import { z } from 'zod';
import { method } from './define.ts';

const path = z.string().min(1).max(4096);

export const KeyStatusSchema = z.object({
  /** A passphrase for this workspace is stored now. */
  remembered: z.boolean(),
  /** Remembering is possible on this machine. */
  available: z.boolean(),
  /** Why it is not available (shown next to the disabled checkbox); null when available. */
  reason: z.string().nullable(),
});
export type KeyStatus = z.infer<typeof KeyStatusSchema>;

export const keyMethods = {
  'keys.status': method(
    z.object({ path }).strict(),
    KeyStatusSchema,
    'Whether a passphrase is remembered for a workspace, and whether it can be',
  ),
  'keys.remember': method(
    z.object({ path, passphrase: z.string().min(1).max(1024) }).strict(),
    KeyStatusSchema,
    "Remember a workspace's passphrase in the OS key store",
  ),
  'keys.forget': method(
    z.object({ path: path.optional() }).strict(),
    z.object({ forgotten: z.number().int().min(0) }),
    'Forget the remembered passphrase of one workspace, or of all of them when no path is given',
  ),
} as const;
