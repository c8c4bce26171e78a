// Data lifecycle (issue 10): backup and restore, hand-over copies, the integrity check, and
// retention (the purge only after the user confirmed the number of records that go).
import { purgeRetention, retentionState } from '../../app/lifecycle/retention.ts';
import { restorePlan, restoreWorkspace } from '../../app/lifecycle/restore.ts';
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

export function lifecycleHandlers({ session }: MainServices): { [K in M]: Handler<K> } {
  return {
    'workspace.backup': async ({ path }) => session.current().backupTo(path),
    'workspace.restorePlan': async (request) => restorePlan(session, request),
    'workspace.restore': async ({ replace, ...request }) =>
      restoreWorkspace(session, { ...request, replace: replace === true }),
    'workspace.handover': async ({ path, passphrase }) => session.current().exportForHandOverAsync(path, passphrase),
    'workspace.check': async () => {
      const report = session.current().checkIntegrity();
      return { ok: report.ok, summary: report.summary };
    },
    'retention.get': async () => retentionState(session.current()),
    'retention.set': async ({ years }) => {
      const ws = session.current();
      ws.updateSettings({ retentionYears: years });
      return retentionState(ws);
    },
    'retention.purge': async ({ confirmRecords, confirmRows }) => {
      const purged = await purgeRetention(session, {
        records: confirmRecords,
        ...(confirmRows === undefined ? {} : { rows: confirmRows }),
      });
      return {
        cutoff: purged.cutoff,
        records: purged.records,
        total: purged.total,
        contextRows: purged.contextRows,
        persons: purged.persons,
        rejectedRows: purged.rejectedRows,
        labels: purged.labels,
      };
    },
  };
}
