// Data lifecycle (issue 10): backup and restore, hand-over copies, the integrity check, and
// retention (the purge only after the user confirmed the number of records that go).
import { AppError } from '../../../shared/errors.ts';
import { resolve } from 'node:path';
import { rowsDue } from '../../store/retention.ts';
import { Workspace } from '../../store/workspace.ts';
import { assertReplaceConfirmed, planRestore } from '../../store/workspaceCopies.ts';
import type { Handler } from '../dispatcher.ts';
import type { MainServices } from '../mainServices.ts';

type M =
  | 'workspace.backup'
  | 'workspace.restore'
  | 'workspace.restorePlan'
  | 'workspace.handover'
  | 'workspace.check'
  | 'retention.get'
  | 'retention.set'
  | 'retention.purge';

const today = (): string => new Date().toISOString().slice(0, 10);

export function lifecycleHandlers({ session }: MainServices): { [K in M]: Handler<K> } {
  const openHere = (path: string): boolean => session.hasWorkspace && session.status().path === resolve(path);
  const retentionState = () => {
    const ws = session.current();
    const years = ws.settings().retentionYears;
    if (years === null) return { years: null, due: null };
    const preview = ws.retentionPreview(years, today());
    return { years, due: { ...preview, rows: rowsDue(preview) } };
  };
  return {
    'workspace.backup': async ({ path }) => session.exclusive(async () => session.current().backupTo(path)),
    'workspace.restorePlan': async ({ backupPath, targetPath, passphrase }) =>
      // The workspace open in this window is closed by the restore itself; any other must be free.
      openHere(targetPath)
        ? planRestore(backupPath, targetPath, passphrase)
        : Workspace.planRestore(backupPath, targetPath, passphrase),
    'workspace.restore': async ({ backupPath, targetPath, passphrase, replace }) => {
      const wasOpenHere = openHere(targetPath);
      // Refused here, before this window's workspace is closed, when the target is not replaceable.
      const plan = wasOpenHere
        ? planRestore(backupPath, targetPath, passphrase)
        : Workspace.planRestore(backupPath, targetPath, passphrase);
      assertReplaceConfirmed(plan, replace === true);
      await session.close();
      let restored: Workspace;
      try {
        restored = Workspace.restoreFrom(backupPath, targetPath, passphrase, { replace: replace === true });
      } catch (error) {
        if (wasOpenHere) await session.open(plan.targetPath, passphrase).catch(() => undefined);
        throw error;
      }
      await session.adopt(restored, 'opened');
      return { path: restored.path };
    },
    'workspace.handover': async ({ path, passphrase }) =>
      session.exclusive(async () => session.current().exportForHandOver(path, passphrase)),
    'workspace.check': async () => {
      const report = session.current().checkIntegrity();
      return { ok: report.ok, summary: report.summary };
    },
    'retention.get': async () => retentionState(),
    'retention.set': async ({ years }) => {
      session.current().updateSettings({ retentionYears: years });
      return retentionState();
    },
    'retention.purge': async ({ confirmRecords, confirmRows }) =>
      session.exclusive(async () => {
        const ws = session.current();
        const years = ws.settings().retentionYears;
        if (years === null)
          throw new AppError('BAD_REQUEST', 'Retention is off for this workspace: there is nothing to purge.');
        const preview = ws.retentionPreview(years, today());
        if (preview.total !== confirmRecords) {
          throw new AppError(
            'BAD_REQUEST',
            `${preview.total} records are past the retention period now, not the ${confirmRecords} you confirmed. Look again before purging.`,
          );
        }
        if (confirmRows !== undefined && rowsDue(preview) !== confirmRows) {
          throw new AppError(
            'BAD_REQUEST',
            `${rowsDue(preview)} rows are past the retention period now, not the ${confirmRows} you confirmed. Look again before purging.`,
          );
        }
        const purged = ws.purgeRetention(years, today());
        await session.dataChanged();
        return {
          cutoff: purged.cutoff,
          records: purged.records,
          total: purged.total,
          contextRows: purged.contextRows,
          persons: purged.persons,
          rejectedRows: purged.rejectedRows,
          labels: purged.labels,
        };
      }),
  };
}
