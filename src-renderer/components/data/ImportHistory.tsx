// Import history: every batch with its counts, its rejected rows and their reasons, and
// "Remove this import" after a confirmation that says how many records go.
import { useCallback, useState } from 'react';
import { dataCalls, useImportHistory } from '../../data/data.ts';
import { useOpenWorkspaceKey } from '../../data/workspace.ts';
import { errorMessage } from '../../state/useApiCall.ts';
import { ErrorAlert } from '../NoWorkspace.tsx';

const number = new Intl.NumberFormat('en-GB');

interface RejectedRow {
  sourceRow: number;
  reasons: Array<{ column: string; value: string; rule: string }>;
}

export function ImportHistory({ refreshKey, onChanged }: { refreshKey: number; onChanged(): void }) {
  const history = useImportHistory(useOpenWorkspaceKey(), refreshKey);
  const batches = history.batches ?? [];
  const [openBatch, setOpenBatch] = useState<number | null>(null);
  const [rejected, setRejected] = useState<{ rows: RejectedRow[]; total: number } | null>(null);
  const [confirm, setConfirm] = useState<{
    batchId: number;
    records: number;
    rejectedRows: number;
    fileName: string;
  } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The confirmation takes focus on its safe answer, so keyboard users land in it.
  const focusOnMount = useCallback((button: HTMLButtonElement | null) => button?.focus(), []);

  const showRejected = async (batchId: number): Promise<void> => {
    if (openBatch === batchId) {
      setOpenBatch(null);
      return;
    }
    setOpenBatch(batchId);
    setError(null);
    try {
      setRejected(await dataCalls.rejected({ batchId, limit: 200 }));
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const askDelete = async (batchId: number): Promise<void> => {
    setError(null);
    try {
      const s = await dataCalls.batchSummary({ batchId });
      setConfirm({ batchId, records: s.records, rejectedRows: s.rejectedRows, fileName: s.fileName });
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const doDelete = async (): Promise<void> => {
    if (!confirm) return;
    try {
      const r = await dataCalls.deleteBatch({ batchId: confirm.batchId, confirmRecords: confirm.records });
      setMessage(
        `Removed batch ${r.batchId}: ${number.format(r.records)} records and ${number.format(r.rejectedRows)} rejected rows.`,
      );
      setConfirm(null);
      history.reload();
      onChanged();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <div className="card" aria-labelledby="history-title">
      <h2 id="history-title">Import history</h2>
      {message ? (
        <p className="alert alert-success" role="status">
          {message}
        </p>
      ) : null}
      <ErrorAlert message={error ?? history.error} />
      {confirm ? (
        <div className="alert alert-warning" role="alertdialog" aria-labelledby="confirm-title">
          <p id="confirm-title">
            Remove batch {confirm.batchId} ({confirm.fileName})? {number.format(confirm.records)} records and{' '}
            {number.format(confirm.rejectedRows)} rejected rows will be deleted. This is recorded in the audit log and
            cannot be undone.
          </p>
          <div className="row">
            <button type="button" className="btn btn-danger" onClick={() => void doDelete()}>
              Remove {number.format(confirm.records)} records
            </button>
            <button type="button" className="btn" ref={focusOnMount} onClick={() => setConfirm(null)}>
              Keep them
            </button>
          </div>
        </div>
      ) : null}
      {batches.length === 0 ? (
        <p className="muted">No imports yet.</p>
      ) : (
        <table className="data" aria-label="Import batches">
          <thead>
            <tr>
              <th>Batch</th>
              <th>Cohort</th>
              <th>File</th>
              <th className="num">Accepted</th>
              <th className="num">Rejected</th>
              <th>When</th>
              <th>By</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {batches.map((b) => (
              <tr key={b.id} className={b.deletedAt ? 'deleted' : undefined}>
                <td className="num">{b.id}</td>
                <td>{b.cohort.startsWith('context:') ? `${b.cohort.slice(8)} (context)` : b.cohort}</td>
                <td className="mono">{b.fileName}</td>
                <td className="num">{number.format(b.accepted)}</td>
                <td className="num">
                  {b.rejected > 0 && !b.deletedAt ? (
                    <button
                      type="button"
                      className="link-button"
                      aria-expanded={openBatch === b.id}
                      onClick={() => void showRejected(b.id)}
                    >
                      {number.format(b.rejected)}
                    </button>
                  ) : (
                    number.format(b.rejected)
                  )}
                </td>
                <td>{new Date(b.startedAt).toLocaleString('en-GB')}</td>
                <td>{b.userName}</td>
                <td>
                  {b.deletedAt ? (
                    <span className="muted small">removed {new Date(b.deletedAt).toLocaleDateString('en-GB')}</span>
                  ) : (
                    <button type="button" className="btn btn-small btn-danger" onClick={() => void askDelete(b.id)}>
                      Remove…
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {openBatch !== null && rejected ? (
        <div className="stack">
          <h3 className="h3">
            Rejected rows of batch {openBatch} ({number.format(rejected.total)})
          </h3>
          <table className="data small" aria-label={`Rejected rows of batch ${openBatch}`}>
            <thead>
              <tr>
                <th>Row</th>
                <th>Column</th>
                <th>Value</th>
                <th>Rule</th>
              </tr>
            </thead>
            <tbody>
              {rejected.rows.flatMap((r) =>
                r.reasons.map((reason, i) => (
                  <tr key={`${r.sourceRow}-${i}`}>
                    <td className="num">{i === 0 ? r.sourceRow : ''}</td>
                    <td>{reason.column}</td>
                    <td>{reason.value === '' ? '(blank)' : reason.value}</td>
                    <td>{reason.rule.replace(/_/g, ' ')}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
