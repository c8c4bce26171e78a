// A long call's progress: its step, how far, the rate and time left, and Cancel (which aborts
// the call on the main side too; while main has not answered, the button says so).
import type { Progress } from '../../../shared/protocol.ts';

const number = new Intl.NumberFormat('en-GB');

export function ProgressBar({
  progress,
  onCancel,
  label,
  cancelling = false,
  steps = {},
}: {
  progress: Progress | null;
  onCancel(): void;
  label: string;
  cancelling?: boolean;
  /** Words for the work's phases (`copy`: "Copying the rows"); a phase without is shown as it comes. */
  steps?: Readonly<Record<string, string>>;
}) {
  const share = progress && progress.total ? Math.min(1, progress.done / progress.total) : null;
  return (
    <div className="progress-block" role="status" aria-live="polite">
      <div className="row">
        <span>{label}</span>
        <button type="button" className="btn btn-small btn-danger" onClick={onCancel} disabled={cancelling}>
          {cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
      </div>
      <div
        className="progress"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={share === null ? undefined : Math.round(share * 100)}
      >
        <span
          style={{ width: share === null ? '30%' : `${share * 100}%` }}
          className={share === null ? 'indeterminate' : undefined}
        />
      </div>
      <span className="muted small" data-testid="progress-step">
        {progress
          ? `${steps[progress.phase] ?? progress.phase}: ${number.format(progress.done)}${progress.total ? ` of ${number.format(progress.total)}` : ''}`
          : 'Starting…'}
        {progress?.rate ? ` · ${number.format(Math.round(progress.rate))}/s` : ''}
        {progress?.etaSeconds ? ` · about ${Math.ceil(progress.etaSeconds)} s left` : ''}
      </span>
    </div>
  );
}

/** How a long call ended when it did not succeed: a cancel (main's sentence of what was undone) or an error. */
export function LongCallOutcome({ error, cancelled }: { error: string | null; cancelled: boolean }) {
  if (error === null) return null;
  return (
    <p className={`alert ${cancelled ? 'alert-warning' : 'alert-error'}`} role={cancelled ? 'status' : 'alert'}>
      {error}
    </p>
  );
}
