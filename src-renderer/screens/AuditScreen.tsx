// Audit: the workspace's append-only log (who opened, imported, exported what and when),
// with the hash-chain check.
import { useState } from 'react';
import { useAction } from '../state/useApiCall.ts';
import { useAuditPage, workspaceCalls } from '../data/workspace.ts';
import { useWorkspace } from '../state/WorkspaceContext.tsx';
import { ErrorAlert, NoWorkspace } from '../components/NoWorkspace.tsx';
import { PublicationRegister } from '../components/PublicationRegister.tsx';

const PAGE = 100;

const ACTION_LABELS: Readonly<Record<string, string>> = {
  'workspace.create': 'Workspace created',
  'workspace.open': 'Opened',
  'workspace.open_failed': 'Failed open attempts',
  'workspace.close': 'Closed',
  'workspace.lock': 'Locked',
  'workspace.unlock': 'Unlocked',
  'workspace.passwd': 'Passphrase changed',
  'import.batch': 'Import',
  'batch.delete': 'Import removed',
  'export.figure': 'Export',
  'export.table': 'Export',
  'export.infographic': 'Export',
  'export.report': 'Report pack',
  'codebook.change': 'Codebook changed',
  'release.start': 'Release started',
};

/** Where an export went: its paths, or for many files the count and their folder. */
function filesSummary(files: unknown): string | null {
  if (!Array.isArray(files)) return null;
  const paths = files
    .map((f) => (typeof f === 'object' && f !== null && 'path' in f ? String((f as { path: unknown }).path) : ''))
    .filter((p) => p !== '');
  if (paths.length <= 2) return paths.join(', ');
  const folder = (paths[0] ?? '').replace(/[\\/][^\\/]*$/, '');
  return `${paths.length} files in ${folder}`;
}

function summarise(detail: Record<string, unknown>): string {
  const where = filesSummary(detail.files);
  return [
    ...(where ? [`files: ${where}`] : []),
    ...Object.entries(detail)
      .filter(([, v]) => v !== null && v !== undefined && typeof v !== 'object')
      .map(([k, v]) => `${k}: ${String(v)}`),
  ].join(' · ');
}

export function AuditScreen({ onNavigate }: { onNavigate(screen: 'start'): void }) {
  const { status } = useWorkspace();
  const [offset, setOffset] = useState(0);
  const [filter, setFilter] = useState('');
  const verify = useAction(() => workspaceCalls.verifyAudit({}));
  const [verdict, setVerdict] = useState<{ intact: boolean; text: string } | null>(null);
  const open = status?.state === 'open';

  const { entries, total } = useAuditPage({ limit: PAGE, offset, ...(filter ? { action: filter } : {}) });

  if (!open) {
    return (
      <NoWorkspace
        title="Audit"
        reason="The audit log lives inside each workspace. Open one to see who opened, imported and exported what."
        onStart={() => onNavigate('start')}
      />
    );
  }

  return (
    <section className="screen" aria-labelledby="screen-title">
      <header className="screen-header">
        <h1 id="screen-title">Audit</h1>
        <p className="screen-summary">
          Every open, import, export, passphrase and codebook change, append-only; each entry carries the hash of the
          one before.
        </p>
      </header>
      <div className="card stack">
        <div className="row">
          <button
            className="btn"
            type="button"
            onClick={() =>
              void verify.run().then((r) => {
                if (r)
                  setVerdict({
                    intact: r.intact,
                    text: r.intact
                      ? `Intact: all ${r.entries} entries link correctly.`
                      : `Broken at entry ${r.brokenAt}: ${r.reason}`,
                  });
              })
            }
          >
            Verify the chain
          </button>
          <label className="inline-field">
            Show
            <select
              aria-label="Filter by action"
              value={filter}
              onChange={(e) => {
                setOffset(0);
                setFilter(e.target.value);
              }}
            >
              <option value="">All actions</option>
              {Object.entries(ACTION_LABELS).map(([action, label]) => (
                <option key={action} value={action}>
                  {label} ({action})
                </option>
              ))}
            </select>
          </label>
          <span className="muted small">{total.toLocaleString('en-GB')} entries</span>
        </div>
        {verdict ? (
          <p
            className={verdict.intact ? 'alert alert-success' : 'alert alert-error'}
            role="status"
            data-testid="audit-verdict"
          >
            {verdict.text}
          </p>
        ) : null}
        <ErrorAlert message={verify.error} />
        <table className="data" aria-label="Audit log">
          <thead>
            <tr>
              <th>#</th>
              <th>When</th>
              <th>Who</th>
              <th>What</th>
              <th>Detail</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td className="num">{e.id}</td>
                <td>{new Date(e.at).toLocaleString('en-GB')}</td>
                <td>{e.user}</td>
                <td>{ACTION_LABELS[e.action] ?? e.action}</td>
                <td className="small">{summarise(e.detail)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="row">
          <button
            className="btn"
            type="button"
            disabled={offset === 0}
            onClick={() => setOffset(Math.max(0, offset - PAGE))}
          >
            Newer
          </button>
          <button
            className="btn"
            type="button"
            disabled={offset + PAGE >= total}
            onClick={() => setOffset(offset + PAGE)}
          >
            Older
          </button>
        </div>
      </div>
      <PublicationRegister />
    </section>
  );
}
