// Data lifecycle (issue 10): backup and restore, hand-over copies, the integrity check, and
// retention (the purge only after the user confirmed the number of records that go). Each long
// one hears the call's cancel between its steps and reports its progress.
import { purgeRetention, retentionState } from '../../app/lifecycle/retention.ts';
import type { Progress } from '../../../shared/protocol.ts';
import { restorePlan, restoreWorkspace } from '../../app/lifecycle/restore.ts';
import type { CallContext, Handler } from '../dispatcher.ts';
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

/** The call's cancel and progress, taken down to the work's safe points. */
const steps = (ctx: CallContext) => ({ signal: ctx.signal, progress: (p: Progress) => ctx.progress(p) });

export function lifecycleHandlers({ session }: MainServices): { [K in M]: Handler<K> } {
  return {
    'workspace.backup': async ({ path }, ctx) =>
      session.pausingOnWorkspace('The backup', steps(ctx), (s) => session.current().backupTo(path, s)),
    'workspace.restorePlan': async (request) => restorePlan(session, request),
    'workspace.restore': async ({ replace, ...request }, ctx) =>
      restoreWorkspace(session, { ...request, replace: replace === true }, steps(ctx)),
    'workspace.handover': async ({ path, passphrase }, ctx) =>
      session.pausingOnWorkspace('The hand-over copy', steps(ctx), (s) =>
        session.current().exportForHandOverAsync(path, passphrase, s),
      ),
    'workspace.check': async (_args, ctx) => {
      const report = await session.pausingOnWorkspace('The workspace check', steps(ctx), (s) =>
        session.current().checkIntegrity(s),
      );
      return { ok: report.ok, summary: report.summary };
    },
    'retention.get': async () => retentionState(session.current()),
    'retention.set': async ({ years }) => {
      const ws = session.current();
      ws.updateSettings({ retentionYears: years });
      return retentionState(ws);
    },
    'retention.purge': async ({ confirmRecords, confirmRows }, ctx) => {
      const purged = await purgeRetention(
        session,
        { records: confirmRecords, ...(confirmRows === undefined ? {} : { rows: confirmRows }) },
        steps(ctx),
      );
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
