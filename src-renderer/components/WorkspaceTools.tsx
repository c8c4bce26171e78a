// Looking after an open workspace: change the passphrase, back up, hand over a clean copy,
// check integrity, and the retention rule with its confirmed purge. Each tool is a section of
// its own; what the last one did (done, cancelled with nothing changed, or failed) is said
// once, above them.
import { useState } from 'react';
import { BackupForm } from './workspaceTools/BackupForm.tsx';
import { HandoverForm } from './workspaceTools/HandoverForm.tsx';
import { PassphraseForm } from './workspaceTools/PassphraseForm.tsx';
import type { Report, ReportKind } from './workspaceTools/report.ts';
import { RetentionAndIntegrity } from './workspaceTools/RetentionAndIntegrity.tsx';

const ALERT: Record<ReportKind, string> = { success: 'success', cancelled: 'warning', error: 'error' };

export function WorkspaceTools({ onChanged }: { onChanged(): void }) {
  const [message, setMessage] = useState<{ kind: ReportKind; text: string } | null>(null);
  const report: Report = (kind, text) => setMessage({ kind, text });
  return (
    <div className="card stack" aria-labelledby="tools-title">
      <h2 id="tools-title">Look after this workspace</h2>
      {message ? (
        <p className={`alert alert-${ALERT[message.kind]}`} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      ) : null}
      <div className="tools-grid">
        <BackupForm report={report} />
        <HandoverForm report={report} />
        <PassphraseForm report={report} />
        <RetentionAndIntegrity report={report} onChanged={onChanged} />
      </div>
    </div>
  );
}
