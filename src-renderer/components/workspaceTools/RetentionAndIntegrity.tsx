// The retention rule with its confirmed purge, and the integrity check; each shows its
// progress while it runs, with Cancel (a cancelled purge is rolled back).
import { dueText, purgeReportLines } from '../../../shared/retentionText.ts';
import { useRetention, workspaceCalls } from '../../data/workspace.ts';
import { errorMessage } from '../../state/useApiCall.ts';
import { ProgressBar } from '../data/ProgressBar.tsx';
import { LIFECYCLE_STEPS } from './lifecycleSteps.ts';
import type { Report } from './report.ts';
import { useToolWork } from './useToolWork.ts';

const number = new Intl.NumberFormat('en-GB');

export function RetentionAndIntegrity({ report, onChanged }: { report: Report; onChanged(): void }) {
  const { retention, reload: loadRetention } = useRetention();
  const setYears = async (years: number | null): Promise<void> => {
    try {
      await workspaceCalls.setRetention({ years });
      loadRetention();
    } catch (e) {
      report('error', errorMessage(e));
    }
  };
  const purge = useToolWork(report);
  const runPurge = async (): Promise<void> => {
    const due = retention?.due;
    if (!due) return;
    const done = await purge.start(
      (options) => workspaceCalls.purge({ confirmRecords: due.total, confirmRows: due.rows }, options),
      (r) => purgeReportLines(r).join(' '),
    );
    if (done) {
      loadRetention();
      onChanged();
    }
  };
  const check = useToolWork(report);
  const runCheck = () =>
    check.start(
      (options) => workspaceCalls.check({}, options),
      (r) => `${r.ok ? 'All checks passed.' : 'Problems found.'} ${r.summary.join(' ')}`,
    );
  return (
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
          {purge.busy ? (
            <ProgressBar
              label="Purging"
              progress={purge.progress}
              steps={LIFECYCLE_STEPS}
              cancelling={purge.cancelling}
              onCancel={purge.cancel}
            />
          ) : (
            <button type="button" className="btn btn-small btn-danger" onClick={() => void runPurge()}>
              Purge {number.format(retention.due.rows)} rows
            </button>
          )}
        </div>
      ) : retention?.years ? (
        <p className="muted small">Nothing is past the retention period.</p>
      ) : null}
      <div data-testid="integrity-tool">
        <h3 className="h3">Integrity</h3>
        {check.busy ? (
          <ProgressBar
            label="Checking the workspace"
            progress={check.progress}
            steps={LIFECYCLE_STEPS}
            cancelling={check.cancelling}
            onCancel={check.cancel}
          />
        ) : (
          <button className="btn" type="button" onClick={() => void runCheck()}>
            Check the workspace
          </button>
        )}
      </div>
    </div>
  );
}
