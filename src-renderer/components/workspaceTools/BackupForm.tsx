// Back up: an encrypted, consistent copy while the workspace stays open, checked after writing.
// Its progress shows while it copies and checks; Cancel removes the partial copy.
import { useState } from 'react';
import { workspaceCalls } from '../../data/workspace.ts';
import { ChooseFileButton } from '../ChooseFileButton.tsx';
import { ProgressBar } from '../data/ProgressBar.tsx';
import { LIFECYCLE_STEPS } from './lifecycleSteps.ts';
import { submitting, type Report } from './report.ts';
import { useToolWork } from './useToolWork.ts';

const number = new Intl.NumberFormat('en-GB');

export function BackupForm({ report }: { report: Report }) {
  const [backupPath, setBackupPath] = useState('');
  const backup = useToolWork(report);
  const run = () =>
    backup.start(
      (options) => workspaceCalls.backup({ path: backupPath }, options),
      (r) =>
        `Backup written to ${r.path} (${number.format(Math.round(r.sizeBytes / 1024))} KB) and checked: it opens with this workspace’s passphrase.`,
    );
  return (
    <form onSubmit={submitting(run)} aria-label="Back up">
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
      {backup.busy ? (
        <ProgressBar
          label="Backing up"
          progress={backup.progress}
          steps={LIFECYCLE_STEPS}
          cancelling={backup.cancelling}
          onCancel={backup.cancel}
        />
      ) : (
        <button className="btn" type="submit">
          Back up
        </button>
      )}
    </form>
  );
}
