// The retention rule with its confirmed purge, and the integrity check.
import { dueText, purgeReportLines } from '../../../shared/retentionText.ts';
import { useRetention, workspaceCalls } from '../../data/workspace.ts';
import { errorMessage, useAction } from '../../state/useApiCall.ts';
import { reporting, type Report } from './report.ts';

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
  const purge = useAction(
    reporting(report, async () => {
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
  const check = useAction(
    reporting(report, async () => {
      const r = await workspaceCalls.check({});
      return `${r.ok ? 'All checks passed.' : 'Problems found.'} ${r.summary.join(' ')}`;
    }),
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
  );
}
