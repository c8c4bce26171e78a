// Looking after an open workspace: change the passphrase, back up, hand over a clean copy,
// check integrity, and the retention rule with its confirmed purge.
import { useState, type FormEvent } from 'react';
import { dueText, purgeReportLines } from '../../shared/retentionText.ts';
import { errorMessage, useAction } from '../state/useApiCall.ts';
import { useRetention, workspaceCalls } from '../data/workspace.ts';
import { ChooseFileButton } from './ChooseFileButton.tsx';

const number = new Intl.NumberFormat('en-GB');

export function WorkspaceTools({ onChanged }: { onChanged(): void }) {
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [backupPath, setBackupPath] = useState('');
  const [handoverPath, setHandoverPath] = useState('');
  const [handoverPass, setHandoverPass] = useState('');
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const report = (kind: 'success' | 'error', text: string): void => setMessage({ kind, text });

  const { retention, reload: loadRetention } = useRetention();

  const wrap =
    <A extends unknown[]>(fn: (...args: A) => Promise<string>) =>
    async (...args: A): Promise<void> => {
      try {
        report('success', await fn(...args));
      } catch (e) {
        report('error', e instanceof Error ? e.message : String(e));
      }
    };

  const backup = useAction(
    wrap(async () => {
      const r = await workspaceCalls.backup({ path: backupPath });
      return `Backup written to ${r.path} (${number.format(Math.round(r.sizeBytes / 1024))} KB) and checked: it opens with this workspace’s passphrase.`;
    }),
  );
  const handover = useAction(
    wrap(async () => {
      const r = await workspaceCalls.handover({ path: handoverPath, passphrase: handoverPass });
      setHandoverPass('');
      return `Hand-over copy written to ${r.path}: ${number.format(r.rejectedRowsRemoved)} rejected rows and the audit detail left out. Give the colleague its passphrase by another channel.`;
    }),
  );
  const check = useAction(
    wrap(async () => {
      const r = await workspaceCalls.check({});
      return `${r.ok ? 'All checks passed.' : 'Problems found.'} ${r.summary.join(' ')}`;
    }),
  );
  const passwd = useAction(
    wrap(async () => {
      await workspaceCalls.changePassphrase({ current, next });
      setCurrent('');
      setNext('');
      return 'Passphrase changed: the file was re-keyed.';
    }),
  );

  const setYears = async (years: number | null): Promise<void> => {
    try {
      await workspaceCalls.setRetention({ years });
      loadRetention();
    } catch (e) {
      report('error', errorMessage(e));
    }
  };
  const purge = useAction(
    wrap(async () => {
      if (!retention?.due) return 'Nothing to purge.';
      const r = await workspaceCalls.purge({
        confirmRecords: retention.due.total,
        confirmRows: retention.due.rows,
      });
      loadRetention();
      onChanged();
      return purgeReportLines(r).join(' ');
    }),
  );

  const submit = (action: () => Promise<unknown>) => (event: FormEvent) => {
    event.preventDefault();
    void action();
  };

  return (
    <div className="card stack" aria-labelledby="tools-title">
      <h2 id="tools-title">Look after this workspace</h2>
      {message ? (
        <p className={`alert alert-${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      ) : null}
      <div className="tools-grid">
        <form onSubmit={submit(() => backup.run())} aria-label="Back up">
          <h3 className="h3">Back up</h3>
          <p className="muted small">An encrypted, consistent copy while the workspace stays open.</p>
          <div className="row nowrap">
            <input
              aria-label="Backup file"
              className="grow-input"
              value={backupPath}
              onChange={(e) => setBackupPath(e.target.value)}
              placeholder="/backups/vso-2025-backup.vsow"
              required
            />
            <ChooseFileButton
              purpose="backup"
              save
              current={backupPath}
              defaultName="vso-backup.vsow"
              label="Choose where to write the backup"
              onChosen={setBackupPath}
            />
          </div>
          <button className="btn" type="submit" disabled={backup.pending}>
            Back up
          </button>
        </form>
        <form onSubmit={submit(() => handover.run())} aria-label="Export for hand-over">
          <h3 className="h3">Export for hand-over</h3>
          <p className="muted small">
            Clean records only, without rejected rows and audit detail, under a new passphrase.
          </p>
          <div className="row nowrap">
            <input
              aria-label="Hand-over file"
              className="grow-input"
              value={handoverPath}
              onChange={(e) => setHandoverPath(e.target.value)}
              placeholder="/shared/vso-for-colleague.vsow"
              required
            />
            <ChooseFileButton
              purpose="workspace"
              save
              current={handoverPath}
              defaultName="vso-for-colleague.vsow"
              label="Choose where to write the hand-over copy"
              onChosen={setHandoverPath}
            />
          </div>
          <input
            aria-label="Hand-over passphrase"
            type="password"
            value={handoverPass}
            onChange={(e) => setHandoverPass(e.target.value)}
            placeholder="Its own passphrase (12+ characters)"
            required
          />
          <button className="btn" type="submit" disabled={handover.pending}>
            Export copy
          </button>
        </form>
        <form onSubmit={submit(() => passwd.run())} aria-label="Change passphrase">
          <h3 className="h3">Change passphrase</h3>
          <input
            aria-label="Current passphrase"
            type="password"
            autoComplete="current-password"
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
            placeholder="Current passphrase"
            required
          />
          <input
            aria-label="New passphrase"
            type="password"
            autoComplete="new-password"
            value={next}
            onChange={(e) => setNext(e.target.value)}
            placeholder="New passphrase (12+ characters)"
            required
          />
          <button className="btn" type="submit" disabled={passwd.pending || next.length < 12}>
            Re-key
          </button>
        </form>
        <div>
          <h3 className="h3">Retention</h3>
          <label className="inline-field">
            Keep records
            <select
              aria-label="Retention period"
              value={retention?.years ?? ''}
              onChange={(e) => void setYears(e.target.value === '' ? null : Number(e.target.value))}
            >
              <option value="">for ever (off)</option>
              {[1, 2, 3, 5, 7, 10].map((y) => (
                <option key={y} value={y}>
                  {y} years after their date
                </option>
              ))}
            </select>
          </label>
          {retention?.due && retention.due.rows > 0 ? (
            <div className="alert alert-warning" role="status">
              {dueText(retention.due)}{' '}
              <button
                type="button"
                className="btn btn-small btn-danger"
                onClick={() => void purge.run()}
                disabled={purge.pending}
              >
                Purge {number.format(retention.due.rows)} rows
              </button>
            </div>
          ) : retention?.years ? (
            <p className="muted small">Nothing is past the retention period.</p>
          ) : null}
          <h3 className="h3">Integrity</h3>
          <button className="btn" type="button" onClick={() => void check.run()} disabled={check.pending}>
            Check the workspace
          </button>
        </div>
      </div>
    </div>
  );
}
