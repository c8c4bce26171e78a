import { z } from 'zod';
import { method } from './define.ts';

const path = z.string().min(1).max(4096);
const passphrase = z.string().min(1).max(1024);
const cohortCounts = z.object({ victims: z.number(), suspects: z.number(), offenders: z.number() });
const recordCounts = cohortCounts.extend({ total: z.number() });

export const RestorePlanSchema = z.object({
  /** Both paths resolved: what the user confirms is what is written. */
  backupPath: z.string(),
  targetPath: z.string(),
  backup: recordCounts,
  /** The workspace the restore replaces; null when the target is a new file. */
  target: recordCounts.nullable(),
});
export type RestorePlan = z.infer<typeof RestorePlanSchema>;

export const RetentionStateSchema = z.object({
  years: z.number().int().nullable(),
  /** Records past the retention period now (null when retention is off). */
  due: z
    .object({
      cutoff: z.string(),
      records: cohortCounts,
      /** Cohort records. */
      total: z.number(),
      /** Rows of each context dataset, by its name. */
      contextRows: z.record(z.string(), z.number()),
      rejectedRows: z.number(),
      /** Every row due: records, context rows and rejected rows. */
      rows: z.number(),
    })
    .nullable(),
});

export const lifecycleMethods = {
  'workspace.backup': method(
    z.object({ path }).strict(),
    z.object({ path: z.string(), sizeBytes: z.number() }),
    'A consistent encrypted copy of the open workspace (checked to open with the same passphrase)',
    { long: true },
  ),
  'workspace.restorePlan': method(
    z.object({ backupPath: path, targetPath: path, passphrase }).strict(),
    RestorePlanSchema,
    'What a restore would replace: the records of the backup and of the target (checked, nothing written)',
    { long: true },
  ),
  'workspace.restore': method(
    z.object({ backupPath: path, targetPath: path, passphrase, replace: z.boolean().optional() }).strict(),
    z.object({ path: z.string() }),
    'Restore a backup to a path (checked first) and open it; an existing workspace there is replaced only with replace: true, after the user confirmed the plan',
    { long: true },
  ),
  'workspace.handover': method(
    z.object({ path, passphrase }).strict(),
    z.object({
      path: z.string(),
      sizeBytes: z.number(),
      rejectedRowsRemoved: z.number(),
      auditEntriesRemoved: z.number(),
    }),
    'A copy for a colleague: clean records only, its own passphrase',
    { long: true },
  ),
  'workspace.check': method(
    z.object({}).strict(),
    z.object({ ok: z.boolean(), summary: z.array(z.string()) }),
    'SQLite integrity, audit chain and codebook consistency',
    { long: true },
  ),
  'retention.get': method(
    z.object({}).strict(),
    RetentionStateSchema,
    'The retention setting and the records now past it',
  ),
  'retention.set': method(
    z.object({ years: z.number().int().min(1).max(100).nullable() }).strict(),
    RetentionStateSchema,
    'Keep records for N years after their date (null: keep)',
  ),
  'retention.purge': method(
    z
      .object({
        confirmRecords: z.number().int().min(0),
        /** The `rows` the analyst saw; when given, it must still be what is due. */
        confirmRows: z.number().int().min(0).optional(),
      })
      .strict(),
    z.object({
      cutoff: z.string(),
      records: cohortCounts,
      total: z.number(),
      contextRows: z.record(z.string(), z.number()),
      persons: z.number(),
      rejectedRows: z.number(),
      labels: z.number(),
    }),
    'Purge the records past the retention period (after confirmation), leaving nothing recoverable',
    { long: true },
  ),
} as const;
