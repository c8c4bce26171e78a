import { z } from 'zod';
import { method } from './define.ts';

const path = z.string().min(1).max(4096);
const passphrase = z.string().min(1).max(1024);

export const WorkspaceInfoSchema = z.object({
  path: z.string(),
  schemaVersion: z.number().int(),
  sizeBytes: z.number(),
  createdAt: z.string(),
  lastImportAt: z.string().nullable(),
  counts: z.object({ victims: z.number(), suspects: z.number(), offenders: z.number() }),
  persons: z.number(),
  synthetic: z.boolean(),
});
export type WorkspaceInfo = z.infer<typeof WorkspaceInfoSchema>;

export const WorkspaceStatusSchema = z.object({
  state: z.enum(['none', 'open', 'locked']),
  path: z.string().nullable(),
  info: WorkspaceInfoSchema.nullable(),
  idleMinutes: z.number().nullable(),
});
export type WorkspaceStatus = z.infer<typeof WorkspaceStatusSchema>;

/**
 * The `workspace.removal` event: rows an import stored before it was cancelled, being removed a
 * chunk at a time (later writes, a lock or a close wait for it); null once over or stopped.
 */
export const RemovalProgressSchema = z.object({ done: z.number(), total: z.number() });
export type RemovalProgress = z.infer<typeof RemovalProgressSchema>;

export const RecentWorkspaceSchema = z.object({ path: z.string(), lastOpenedAt: z.string(), exists: z.boolean() });

export const AuditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  user: z.string(),
  action: z.string(),
  detail: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const workspaceMethods = {
  'workspace.status': method(
    z.object({}).strict(),
    WorkspaceStatusSchema,
    'Whether a workspace is open, locked or absent',
  ),
  'workspace.create': method(
    z.object({ path, passphrase }).strict(),
    WorkspaceStatusSchema,
    'Create a new encrypted workspace and open it',
  ),
  'workspace.open': method(z.object({ path, passphrase }).strict(), WorkspaceStatusSchema, 'Open a workspace'),
  'workspace.close': method(z.object({}).strict(), WorkspaceStatusSchema, 'Close the open workspace'),
  'workspace.lock': method(
    z.object({}).strict(),
    WorkspaceStatusSchema,
    'Lock now: drop the key and the in-memory data',
  ),
  'workspace.unlock': method(z.object({ passphrase }).strict(), WorkspaceStatusSchema, 'Unlock the locked workspace'),
  'workspace.changePassphrase': method(
    z.object({ current: passphrase, next: passphrase }).strict(),
    WorkspaceStatusSchema,
    'Re-key the workspace with a new passphrase',
  ),
  'workspace.setIdleMinutes': method(
    z
      .object({
        minutes: z
          .number()
          .int()
          .min(1)
          .max(24 * 60),
      })
      .strict(),
    WorkspaceStatusSchema,
    'Lock after this many idle minutes',
  ),
  'workspace.recent': method(
    z.object({}).strict(),
    z.object({ items: z.array(RecentWorkspaceSchema) }),
    'Recently opened workspaces (paths only)',
  ),
  'workspace.forgetRecent': method(
    z.object({ path }).strict(),
    z.object({ items: z.array(RecentWorkspaceSchema) }),
    'Remove a path from the recent list',
  ),
  'audit.list': method(
    z
      .object({
        limit: z.number().int().min(1).max(1000).default(200),
        offset: z.number().int().min(0).default(0),
        action: z.string().max(100).optional(),
      })
      .strict(),
    z.object({ entries: z.array(AuditEntrySchema), total: z.number().int() }),
    'The audit log, newest first',
  ),
  'audit.verify': method(
    z.object({}).strict(),
    z.object({
      intact: z.boolean(),
      brokenAt: z.number().int().nullable(),
      reason: z.string().nullable(),
      entries: z.number().int(),
    }),
    'Verify the audit log hash chain',
  ),
} as const;
