// Hand-over: a clean copy (no rejected rows, no audit detail) under a passphrase of its own.
// Its progress shows while it copies; Cancel removes the partial copy.
import { useState } from 'react';
import { workspaceCalls } from '../../data/workspace.ts';
import { ChooseFileButton } from '../ChooseFileButton.tsx';
import { ProgressBar } from '../data/ProgressBar.tsx';
import { LIFECYCLE_STEPS } from './lifecycleSteps.ts';
import { submitting, type Report } from './report.ts';
import { useToolWork } from './useToolWork.ts';

const number = new Intl.NumberFormat('en-GB');

export function HandoverForm({ report }: { report: Report }) {
  const [handoverPath, setHandoverPath] = useState('');
  const [handoverPass, setHandoverPass] = useState('');
  const handover = useToolWork(report);
  const run = async (): Promise<void> => {
    const done = await handover.start(
      (options) => workspaceCalls.handover({ path: handoverPath, passphrase: handoverPass }, options),
      (r) =>
        `Hand-over copy written to ${r.path}: ${number.format(r.rejectedRowsRemoved)} rejected rows and the audit detail left out. Give the colleague its passphrase by another channel.`,
    );
    if (done) setHandoverPass('');
  };
  return (
    <form onSubmit={submitting(run)} aria-label="Export for hand-over">
      <h3 className="h3">Export for hand-over</h3>
      <p className="muted small">Clean records only, without rejected rows and audit detail, under a new passphrase.</p>
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
      {handover.busy ? (
        <ProgressBar
          label="Writing the hand-over copy"
          progress={handover.progress}
          steps={LIFECYCLE_STEPS}
          cancelling={handover.cancelling}
          onCancel={handover.cancel}
        />
      ) : (
        <button className="btn" type="submit">
          Export copy
        </button>
      )}
    </form>
  );
}
