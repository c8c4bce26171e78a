// Back up: an encrypted, consistent copy while the workspace stays open, checked after writing.
import { useState } from 'react';
import { workspaceCalls } from '../../data/workspace.ts';
import { useAction } from '../../state/useApiCall.ts';
import { ChooseFileButton } from '../ChooseFileButton.tsx';
import { reporting, submitting, type Report } from './report.ts';

const number = new Intl.NumberFormat('en-GB');

export function BackupForm({ report }: { report: Report }) {
  const [backupPath, setBackupPath] = useState('');
  const backup = useAction(
    reporting(report, async () => {
      const r = await workspaceCalls.backup({ path: backupPath });
      return `Backup written to ${r.path} (${number.format(Math.round(r.sizeBytes / 1024))} KB) and checked: it opens with this workspace’s passphrase.`;
    }),
  );
  return (
    <form onSubmit={submitting(() => backup.run())} aria-label="Back up">
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
  );
}
