// Explore's time-to-outcome card for suspects: per cell of the current table (its first row
// and column field), the records with an outcome date and the median days from offence to
// outcome with its quartiles; [c] where disclosure control withholds them. From here the
// analyst also turns the table into outcome rates (outcome group as columns, row percentages),
// exports the card's table as CSV or XLSX (told which cells earlier outputs of the release
// hid, and which they could not be protected with) and saves it as a figure.
import { useState, type FormEvent } from 'react';
import type { OutcomeSummary, TimeToOutcomeResult } from '../../../shared/contract/outcomes.ts';
import type { QuerySpec } from '../../../shared/query.ts';
import type { ResultOf } from '../../../shared/contract/index.ts';
import {
  exportTimeToOutcome,
  saveTimeToOutcomeFigure,
  timeToOutcomeSpecOf,
  useTimeToOutcome,
} from '../../data/outcomes.ts';
import { UnlinkedNotes } from '../UnlinkedNotes.tsx';
import { SaveOutcomeFigure } from './SaveOutcomeFigure.tsx';
import { errorMessage } from '../../state/useApiCall.ts';
import { SavePathField, suggestedFileName } from '../report/SavePathField.tsx';

const CONFIDENTIAL = '[c]';

function days(value: number | null, cell: OutcomeSummary): string {
  if (value !== null) return value.toLocaleString('en-GB', { maximumFractionDigits: 2 });
  return cell.suppressed ? CONFIDENTIAL : '–';
}

interface Line {
  keys: string[];
  cell: OutcomeSummary;
}

/** The result's cells, then its totals, one line each (as the exported file has them). */
function linesOf(result: TimeToOutcomeResult): Line[] {
  const rowKey = (r: number | null): string[] =>
    result.rows.fields.length ? [r === null ? 'All' : (result.rows.keys[r]?.[0] ?? '')] : [];
  const colKey = (c: number | null): string[] =>
    result.cols.fields.length ? [c === null ? 'All' : (result.cols.keys[c]?.[0] ?? '')] : [];
  const lines: Line[] = [];
  if (result.rows.fields.length + result.cols.fields.length > 0) {
    result.cells.forEach((row, r) =>
      row.forEach((cell, c) => lines.push({ keys: [...rowKey(r), ...colKey(c)], cell })),
    );
    if (result.rows.fields.length && result.cols.fields.length) {
      result.rowTotals.forEach((cell, r) => lines.push({ keys: [...rowKey(r), ...colKey(null)], cell }));
      result.colTotals.forEach((cell, c) => lines.push({ keys: [...rowKey(null), ...colKey(c)], cell }));
    }
  }
  lines.push({ keys: [...rowKey(null), ...colKey(null)], cell: result.total });
  return lines.filter((line) => line.cell.records !== 0 || line.cell.suppressed);
}

export function TimeToOutcomeCard({
  spec,
  labelOf,
  onOutcomeRates,
}: {
  spec: QuerySpec;
  labelOf(field: string): string;
  onOutcomeRates(): void;
}) {
  const outcomeSpec = timeToOutcomeSpecOf(spec);
  const { data, error, loading } = useTimeToOutcome(outcomeSpec);
  const [format, setFormat] = useState<'csv' | 'xlsx'>('xlsx');
  const [path, setPath] = useState('');
  const [written, setWritten] = useState<ResultOf<'export.timeToOutcome'> | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fields = [...outcomeSpec.rows, ...outcomeSpec.cols];
  const title = `Days from offence to outcome${fields.length ? ` by ${fields.map(labelOf).join(' and ')}` : ''}`;
  // A new table suggests a new file name (the field fills itself while empty): reset as it renders.
  const [pathTitle, setPathTitle] = useState(title);
  if (pathTitle !== title) {
    setPathTitle(title);
    setPath('');
    setWritten(null);
  }

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setBusy(true);
    setExportError(null);
    exportTimeToOutcome(outcomeSpec, format, path, false).then(
      (done) => {
        setWritten(done);
        setBusy(false);
      },
      (failure: unknown) => {
        setExportError(errorMessage(failure));
        setBusy(false);
      },
    );
  };

  return (
    <section className="card result-card" aria-labelledby="outcome-title" aria-busy={loading}>
      <div className="result-head">
        <h2 id="outcome-title">Time to outcome</h2>
        {spec.cols[0] !== 'outcome_group' ? (
          <button className="btn btn-small" type="button" onClick={onOutcomeRates}>
            Outcome rates by {spec.rows[0] ? labelOf(spec.rows[0]) : 'group'}
          </button>
        ) : null}
      </div>
      {error ? (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      ) : null}
      {data?.meta.warnings.map((warning) => (
        <p key={warning} className="muted">
          {warning}
        </p>
      ))}
      {data && data.total.records !== 0 ? (
        <table className="data small" aria-label={title} data-testid="time-to-outcome">
          <thead>
            <tr>
              {fields.map((field) => (
                <th key={field} scope="col">
                  {labelOf(field)}
                </th>
              ))}
              <th scope="col" className="num">
                Records with an outcome date
              </th>
              <th scope="col" className="num">
                Lower quartile (days)
              </th>
              <th scope="col" className="num">
                Median (days)
              </th>
              <th scope="col" className="num">
                Upper quartile (days)
              </th>
            </tr>
          </thead>
          <tbody>
            {linesOf(data).map(({ keys, cell }) => (
              <tr key={keys.join('\u0000') || 'all'}>
                {keys.map((key, i) => (
                  <td key={i}>{key}</td>
                ))}
                <td className="num">{cell.records === null ? CONFIDENTIAL : cell.records.toLocaleString('en-GB')}</td>
                <td className="num">{days(cell.q1, cell)}</td>
                <td className="num">{days(cell.median, cell)}</td>
                <td className="num">{days(cell.q3, cell)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {data && data.total.records !== 0 ? (
        <form className="stack" onSubmit={submit}>
          <fieldset className="format-picker">
            <legend>Export this table</legend>
            <div className="segmented">
              {(['xlsx', 'csv'] as const).map((f) => (
                <button
                  key={f}
                  type="button"
                  className={`seg ${format === f ? 'seg-on' : ''}`}
                  aria-pressed={format === f}
                  onClick={() => setFormat(f)}
                >
                  {f === 'xlsx' ? 'Excel table' : 'CSV'}
                </button>
              ))}
            </div>
          </fieldset>
          <SavePathField
            key={title}
            id="outcome-export-path"
            label="Save as"
            value={path}
            onChange={setPath}
            suggestedName={suggestedFileName(title, format)}
            filters={[{ name: format === 'xlsx' ? 'Excel table' : 'CSV', extensions: [format] }]}
            placeholder={`/home/analyst/report/time-to-outcome.${format}`}
          />
          <div className="row">
            <button className="btn btn-primary" type="submit" disabled={busy || path.trim() === ''}>
              {busy ? 'Exporting…' : `Export ${format.toUpperCase()}`}
            </button>
          </div>
          {exportError ? (
            <div className="alert alert-error" role="alert">
              {exportError}
            </div>
          ) : null}
          {written ? (
            <p className="alert alert-success" role="status" data-testid="outcome-export-written">
              Written: {written.path}
            </p>
          ) : null}
          {written && written.reasons.length > 0 ? (
            <ul
              className="alert alert-warning warning-list"
              aria-label="Hidden because of earlier outputs"
              data-testid="outcome-export-reasons"
            >
              {written.reasons.map(({ reason, cells }) => (
                <li key={reason}>
                  {cells} {cells === 1 ? 'cell' : 'cells'} {reason}.
                </li>
              ))}
            </ul>
          ) : null}
          <UnlinkedNotes notes={written?.unlinked ?? []} />
        </form>
      ) : null}
      {data && data.total.records !== 0 ? (
        <SaveOutcomeFigure title={title} save={(name) => saveTimeToOutcomeFigure(outcomeSpec, name, title)} />
      ) : null}
    </section>
  );
}
