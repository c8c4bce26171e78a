// The open workspace at a glance: file, size, records per cohort, persons, dates.
import type { WorkspaceStatus } from '../../shared/contract/workspace.ts';

const number = new Intl.NumberFormat('en-GB');

function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function WorkspaceSummary({ status }: { status: WorkspaceStatus }) {
  const info = status.info;
  if (info === null) return null;
  return (
    <div className="card" aria-labelledby="ws-title">
      <h2 id="ws-title">
        Workspace open {info.synthetic ? <span className="badge badge-synthetic">Synthetic data</span> : null}
      </h2>
      <dl className="facts">
        <div>
          <dt>File</dt>
          <dd className="mono">{info.path}</dd>
        </div>
        <div>
          <dt>Victims</dt>
          <dd data-testid="count-victims">{number.format(info.counts.victims)}</dd>
        </div>
        <div>
          <dt>Suspects</dt>
          <dd data-testid="count-suspects">{number.format(info.counts.suspects)}</dd>
        </div>
        <div>
          <dt>Offenders</dt>
          <dd data-testid="count-offenders">{number.format(info.counts.offenders)}</dd>
        </div>
        <div>
          <dt>Persons</dt>
          <dd>{number.format(info.persons)}</dd>
        </div>
        <div>
          <dt>Size</dt>
          <dd>{formatBytes(info.sizeBytes)}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{new Date(info.createdAt).toLocaleString('en-GB')}</dd>
        </div>
        <div>
          <dt>Last import</dt>
          <dd>{info.lastImportAt === null ? 'None yet' : new Date(info.lastImportAt).toLocaleString('en-GB')}</dd>
        </div>
      </dl>
    </div>
  );
}
