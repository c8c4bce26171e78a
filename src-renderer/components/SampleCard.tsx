// "Try it with sample data": builds a workspace of synthetic records, then shows its
// passphrase once with the advice that real workspaces need their own.
import type { WorkspaceStatus } from '../../shared/contract/workspace.ts';
import { useLongCall } from '../state/useLongCall.ts';
import { LongCallOutcome, ProgressBar } from './data/ProgressBar.tsx';
import { workspaceCalls } from '../data/workspace.ts';

export function SampleCard({ onCreated }: { onCreated(status: WorkspaceStatus, passphrase: string): void }) {
  const { busy, progress, error, cancelling, cancelled, run, cancel } = useLongCall();

  const create = async (): Promise<void> => {
    const result = await run((signal, onProgress) =>
      workspaceCalls.createSample({}, { signal, onProgress, awaitCancelReply: true }),
    );
    if (result) onCreated(result.status, result.passphrase);
  };

  return (
    <div className="card sample-card" aria-labelledby="sample-title">
      <h2 id="sample-title">New here?</h2>
      <p>
        Try VSO Workbench on about 50,000 <strong>synthetic</strong> records of victims, suspects and offenders over
        four financial years, with saved figures, three infographics and a report ready to open. No real data is needed.
      </p>
      <LongCallOutcome error={error} cancelled={cancelled} />
      {busy ? (
        <ProgressBar
          progress={progress}
          label="Creating the sample workspace"
          cancelling={cancelling}
          onCancel={cancel}
        />
      ) : (
        <button className="btn btn-primary" type="button" onClick={() => void create()}>
          Try it with sample data
        </button>
      )}
    </div>
  );
}

export function SamplePassphraseNotice({ passphrase, onDismiss }: { passphrase: string; onDismiss(): void }) {
  return (
    <div className="alert alert-warning sample-notice" role="status" aria-labelledby="sample-pass-title">
      <h2 id="sample-pass-title">Sample workspace created</h2>
      <p>
        Its passphrase, shown only this once: <code data-testid="sample-passphrase">{passphrase}</code>
      </p>
      <p>The sample holds synthetic records only. Real workspaces need their own passphrase: never reuse this one.</p>
      <button type="button" className="btn btn-small" onClick={onDismiss}>
        I have noted it
      </button>
    </div>
  );
}
