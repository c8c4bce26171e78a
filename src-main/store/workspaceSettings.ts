// Workspace settings kept inside the encrypted file: the idle time after which it locks
// (default 15 minutes), the retention period (off unless set) and the contact printed on the
// cover of published spreadsheets (not set unless given).
import { z } from 'zod';
import { DEFAULT_POLICY, DisclosurePolicySchema, type DisclosurePolicy } from '../../shared/disclosurePolicy.ts';
import { AppError } from '../../shared/errors.ts';
import type { CipherDatabase } from './cipherDatabase.ts';

export const WorkspaceSettingsSchema = z
  .object({
    /** Minutes without activity before the workspace locks. */
    idleMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
    /** Keep records for this many years after their date; null keeps them for ever. */
    retentionYears: z.number().int().min(1).max(100).nullable(),
    /** Who answers questions about published statistics (team, email); null when not set. */
    contact: z.string().min(1).max(300).nullable(),
  })
  .strict();
export type WorkspaceSettings = z.infer<typeof WorkspaceSettingsSchema>;

export const DEFAULT_SETTINGS: WorkspaceSettings = { idleMinutes: 15, retentionYears: null, contact: null };

const KEYS: Record<keyof WorkspaceSettings, string> = {
  idleMinutes: 'idle_minutes',
  retentionYears: 'retention_years',
  contact: 'contact',
};

export function readSettings(db: CipherDatabase): WorkspaceSettings {
  const rows = db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
  const stored = new Map(rows.map((row) => [row.key, row.value]));
  const settings: WorkspaceSettings = { ...DEFAULT_SETTINGS };
  for (const [field, key] of Object.entries(KEYS) as [keyof WorkspaceSettings, string][]) {
    const raw = stored.get(key);
    if (raw === undefined) continue;
    const candidate = { ...settings, [field]: JSON.parse(raw) as unknown };
    const parsed = WorkspaceSettingsSchema.safeParse(candidate);
    if (parsed.success) Object.assign(settings, parsed.data);
  }
  return settings;
}

/** Validates and stores the fields given; returns the settings after the change. */
export function writeSettings(db: CipherDatabase, change: Partial<WorkspaceSettings>): WorkspaceSettings {
  const parsed = WorkspaceSettingsSchema.partial().strict().safeParse(change);
  if (!parsed.success) {
    throw new AppError('BAD_REQUEST', `The settings are not valid: ${z.prettifyError(parsed.error)}`);
  }
  const upsert = db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  );
  for (const [field, value] of Object.entries(parsed.data) as [keyof WorkspaceSettings, unknown][]) {
    if (value !== undefined) upsert.run(KEYS[field], JSON.stringify(value));
  }
  return readSettings(db);
}

/**
 * The disclosure policy is kept apart from the settings above: those change with a click,
 * while the policy changes only under the passphrase (Workspace.setDisclosurePolicy).
 */
const POLICY_KEY = 'disclosure_policy';

export function readDisclosurePolicy(db: CipherDatabase): DisclosurePolicy {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(POLICY_KEY) as { value: string } | undefined;
  if (row === undefined) return { ...DEFAULT_POLICY };
  const parsed = DisclosurePolicySchema.safeParse(JSON.parse(row.value));
  // An entry this version cannot read counts as never set.
  return parsed.success ? parsed.data : { ...DEFAULT_POLICY };
}

export function writeDisclosurePolicy(db: CipherDatabase, policy: DisclosurePolicy): DisclosurePolicy {
  const parsed = DisclosurePolicySchema.safeParse(policy);
  if (!parsed.success) {
    throw new AppError('BAD_REQUEST', `The disclosure policy is not valid: ${z.prettifyError(parsed.error)}`);
  }
  db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(POLICY_KEY, JSON.stringify(parsed.data));
  return readDisclosurePolicy(db);
}
