// workspace.* and audit.*: the Start screen's calls and the Audit screen's log.
import type { Handler } from '../dispatcher.ts';
import type { MainServices } from '../mainServices.ts';

type M =
  | 'workspace.status'
  | 'workspace.create'
  | 'workspace.open'
  | 'workspace.close'
  | 'workspace.lock'
  | 'workspace.unlock'
  | 'workspace.changePassphrase'
  | 'workspace.setIdleMinutes'
  | 'workspace.recent'
  | 'workspace.forgetRecent'
  | 'audit.list'
  | 'audit.verify';

export function workspaceHandlers({ session }: MainServices): { [K in M]: Handler<K> } {
  return {
    'workspace.status': async () => session.status(),
    'workspace.create': async ({ path, passphrase }) => session.create(path, passphrase),
    'workspace.open': async ({ path, passphrase }, ctx) =>
      session.open(path, passphrase, { signal: ctx.signal, progress: (p) => ctx.progress(p) }),
    'workspace.close': async () => session.close(),
    'workspace.lock': async () => session.lock(),
    'workspace.unlock': async ({ passphrase }) => session.unlock(passphrase),
    'workspace.changePassphrase': async ({ current, next }) => session.changePassphrase(current, next),
    'workspace.setIdleMinutes': async ({ minutes }) => session.setIdleMinutes(minutes),
    'workspace.recent': async () => ({ items: session.recent.list() }),
    'workspace.forgetRecent': async ({ path }) => {
      session.recent.forget(path);
      return { items: session.recent.list() };
    },
    'audit.list': async ({ limit, offset, action }) => {
      const ws = session.current();
      const entries = ws.audit.list({ limit, offset, ...(action === undefined ? {} : { action }) });
      const total = ws.audit.count();
      return {
        entries: entries.map((e) => ({
          id: e.id,
          at: e.at,
          user: e.userName,
          action: e.action,
          detail:
            typeof e.detail === 'object' && e.detail !== null && !Array.isArray(e.detail)
              ? (e.detail as Record<string, unknown>)
              : { value: e.detail },
        })),
        total,
      };
    },
    'audit.verify': async (_args, ctx) => {
      // Every entry's hash recomputed: a whole-table read, done in a store worker that a cancel ends.
      const result = await session.inStoreWorker({ kind: 'auditVerify' }, { signal: ctx.signal });
      return result.intact
        ? { intact: true, brokenAt: null, reason: null, entries: result.entries }
        : { intact: false, brokenAt: result.brokenAt, reason: result.reason, entries: result.entries };
    },
  };
}
