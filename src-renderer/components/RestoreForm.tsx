// Restore a backup, never without asking: the main process checks both files and says what
// the restore would replace (resolved paths, the records of each); only after the user
// confirms that is the restore run, with `replace` when a workspace is there. The restore shows
// its progress (checking, then copying the backup) with Cancel, which leaves both files as they were.
import { useState, type FormEvent } from 'react';
import type { RestorePlan } from '../../shared/contract/lifecycle.ts';
import { workspaceCalls } from '../data/workspace.ts';
import { ChooseFileButton } from './ChooseFileButton.tsx';
import { ProgressBar } from './data/ProgressBar.tsx';
import { LIFECYCLE_STEPS } from './workspaceTools/lifecycleSteps.ts';
import { reportFailure, type ReportKind } from './workspaceTools/report.ts';
import { useToolWork } from './workspaceTools/useToolWork.ts';

const number = new Intl.NumberFormat('en-GB');

function records(counts: RestorePlan['backup']): string {
  return `${number.format(counts.total)} records (victims ${number.format(counts.victims)}, suspects ${number.format(counts.suspects)}, offenders ${number.format(counts.offenders)})`;
}

export function RestoreForm({ currentPath, onRestored }: { currentPath: string | null; onRestored(): void }) {
  const [backupPath, setBackupPath] = useState('');
  const [targetPath, setTargetPath] = useState(currentPath ?? '');
  const [passphrase, setPassphrase] = useState('');
  const [plan, setPlan] = useState<RestorePlan | null>(null);
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<{ kind: ReportKind; text: string } | null>(null);
  const report = (kind: ReportKind, text: string): void => setMessage({ kind, text });
  const restoring = useToolWork(report);

  const attempt = async (work: () => Promise<void>): Promise<void> => {
    setPending(true);
    setMessage(null);
    try {
      await work();
    } catch (e) {
      setPlan(null);
      reportFailure(report, e);
    } finally {
      setPending(false);
    }
  };

  const check = (event: FormEvent): void => {
    event.preventDefault();
    void attempt(async () => setPlan(await workspaceCalls.restorePlan({ backupPath, targetPath, passphrase })));
  };

  const restore = async (): Promise<void> => {
    if (!plan) return;
    setMessage(null);
    const args = {
      backupPath: plan.backupPath,
      targetPath: plan.targetPath,
      passphrase,
      replace: plan.target !== null,
    };
    const done = await restoring.start(
      (options) => workspaceCalls.restore(args, options),
      (r) => `Restored ${r.path} from ${plan.backupPath}; it is now open.`,
    );
    setPlan(null);
    if (done) {
      setPassphrase('');
      onRestored();
    }
  };

  return (
    <form className="stack" onSubmit={check} aria-label="Restore a backup">
      <h3 className="h3">Restore a backup</h3>
      <p className="muted small">Checked first; a workspace is replaced only after you confirm.</p>
      <div className="row nowrap">
        <input
          aria-label="Backup to restore"
          className="grow-input"
          value={backupPath}
          onChange={(e) => {
            setBackupPath(e.target.value);
            setPlan(null);
          }}
          placeholder="/backups/vso-2025-backup.vsow"
          required
        />
        <ChooseFileButton
          purpose="backup"
          current={backupPath}
          label="Choose the backup file"
          onChosen={(path) => {
            setBackupPath(path);
            setPlan(null);
          }}
        />
      </div>
      <div className="row nowrap">
        <input
          aria-label="Restore into"
          className="grow-input"
          value={targetPath}
          onChange={(e) => {
            setTargetPath(e.target.value);
            setPlan(null);
          }}
          placeholder="/data/team.vsow"
          required
        />
        <ChooseFileButton
          purpose="workspace"
          save
          current={targetPath}
          defaultName="restored.vsow"
          label="Choose where to restore"
          onChosen={(path) => {
            setTargetPath(path);
            setPlan(null);
          }}
        />
      </div>
      <input
        aria-label="Passphrase of the backup"
        type="password"
        autoComplete="current-password"
        value={passphrase}
        onChange={(e) => {
          setPassphrase(e.target.value);
          setPlan(null);
        }}
        placeholder="Passphrase of the backup"
        required
      />
      <button className="btn" type="submit" disabled={pending || restoring.busy}>
        Check the restore
      </button>
      {restoring.busy ? (
        <ProgressBar
          label="Restoring"
          progress={restoring.progress}
          steps={LIFECYCLE_STEPS}
          cancelling={restoring.cancelling}
          onCancel={restoring.cancel}
        />
      ) : plan ? (
        <div className="alert alert-warning" role="alertdialog" aria-labelledby="restore-confirm-title">
          <p id="restore-confirm-title">
            {plan.target === null
              ? `Restore ${plan.backupPath}, ${records(plan.backup)}, into the new file ${plan.targetPath}?`
              : `Replace the workspace ${plan.targetPath}, ${records(plan.target)}, with the backup ${plan.backupPath}, ${records(plan.backup)}? The replaced file is kept beside it until the restored one opens.`}
          </p>
          <div className="row">
            <button type="button" className="btn btn-danger" onClick={() => void restore()} disabled={pending}>
              {plan.target === null ? 'Restore' : `Replace ${number.format(plan.target.total)} records`}
            </button>
            <button type="button" className="btn" onClick={() => setPlan(null)}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}
      {message ? (
        <p
          className={`alert alert-${message.kind === 'cancelled' ? 'warning' : message.kind}`}
          role={message.kind === 'error' ? 'alert' : 'status'}
        >
          {message.text}
        </p>
      ) : null}
    </form>
  );
}
