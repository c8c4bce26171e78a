// Step 2: where each column of the file goes, with a saved profile offered when its columns
// match, and the question whether a first line that reads as data is the header. While the file
// is read again (an answer to that question, a profile, a sheet), what is shown is the old
// reading: nothing on it can be chosen or checked until the new one replaces it.
import type { ImportPreview, MappingDto } from '../../../../shared/contract/data.ts';
import { ProfileOffer } from './ProfileOffer.tsx';
import type { ImportWizardState } from './useImportWizard.ts';

export function MappingStep({
  wizard,
  preview,
  mapping,
}: {
  wizard: ImportWizardState;
  preview: ImportPreview;
  mapping: MappingDto;
}) {
  const {
    sheet,
    setSheet,
    appliedProfile,
    offerDeclined,
    setOfferDeclined,
    noHeader,
    positionalProfile,
    loadPreview,
    setTarget,
    goTo,
    check,
  } = wizard;
  const reading = wizard.long.busy;
  return (
    <div className="stack" aria-busy={reading}>
      {reading ? (
        <p className="muted small" role="status">
          Reading the file again…
        </p>
      ) : null}
      <p className="muted small">
        {preview.format.toUpperCase()} {preview.encoding ? `· ${preview.encoding}` : ''}{' '}
        {preview.delimiter ? `· delimiter “${preview.delimiter === '\t' ? 'tab' : preview.delimiter}”` : ''} ·{' '}
        {preview.headers.length} columns
      </p>
      {preview.sheets && preview.sheets.length > 1 ? (
        <label className="inline-field">
          Sheet
          <select
            aria-label="Sheet"
            disabled={reading}
            value={sheet ?? preview.sheet ?? ''}
            onChange={(e) => {
              setSheet(e.target.value);
            }}
          >
            {preview.sheets.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
          <button type="button" className="btn btn-small" disabled={reading} onClick={() => void loadPreview()}>
            Reload
          </button>
        </label>
      ) : null}
      <ProfileOffer
        offered={appliedProfile === null && !offerDeclined && !noHeader ? (preview.matchingProfiles ?? []) : []}
        applied={noHeader ? null : appliedProfile}
        disabled={reading}
        onApply={(name) => void loadPreview(undefined, false, null, name)}
        onDecline={() => setOfferDeclined(true)}
      />
      {preview.profileWarnings.map((w) => (
        <p key={w} className="alert alert-warning">
          {w}
        </p>
      ))}
      {preview.firstLineIsData && !noHeader ? (
        <fieldset className="alert alert-warning" data-testid="header-question">
          <legend>Does this file have a header line?</legend>
          <p className="small">
            Its first line looks like data, not a header line ({preview.firstLineIsData}): the header may have been lost
            when the file was passed on. Read as it is, that first record would name the columns and be lost.
          </p>
          <button type="button" className="btn" disabled={reading} onClick={() => void loadPreview(undefined, true)}>
            No header line: read the first line as data
          </button>
          {(preview.positionalProfiles ?? []).map((name) => (
            <button
              key={name}
              type="button"
              className="btn"
              disabled={reading}
              onClick={() => void loadPreview(undefined, true, name)}
            >
              No header line: its columns are those of profile “{name}”
            </button>
          ))}
        </fieldset>
      ) : null}
      {noHeader ? (
        <p className="alert alert-warning" role="status" data-testid="no-header">
          {positionalProfile
            ? `Read without a header line: the first line is row 1 of data, and the columns are those of profile “${positionalProfile}”, by position, mapped as it says. Check where each one goes.`
            : 'Read without a header line: the first line is row 1 of data, and the columns are named by position. Say where each one goes.'}
        </p>
      ) : null}
      <table className="data small mapping-table" aria-label="Column mapping">
        <thead>
          <tr>
            <th>Column in the file</th>
            <th>First values</th>
            <th>Goes to</th>
          </tr>
        </thead>
        <tbody>
          {preview.headers.map((h, j) => {
            const target = mapping.columns.find((c) => c.source === h)?.target ?? null;
            const examples = [...new Set(preview.rows.slice(0, 12).map((row) => (row[j] ?? '').trim()))]
              .filter((v) => v !== '')
              .slice(0, 4);
            return (
              <tr key={h} className={target ? 'mapped' : 'unmapped'}>
                <th scope="row">{h}</th>
                <td className="muted examples">{examples.join(' · ')}</td>
                <td>
                  <select
                    aria-label={`Map column ${h}`}
                    disabled={reading}
                    value={target ?? ''}
                    onChange={(e) => setTarget(h, e.target.value === '' ? null : e.target.value)}
                    className={target ? 'mapped' : 'unmapped'}
                  >
                    <option value="">(leave out)</option>
                    {preview.targets.map((t) => (
                      <option key={t.name} value={t.name}>
                        {t.label}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <details>
        <summary>Preview of the first rows</summary>
        <div className="preview-scroll">
          <table className="data small" aria-label="Preview of the first rows">
            <thead>
              <tr>
                {preview.headers.map((h) => (
                  <th key={h}>{h}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.rows.slice(0, 8).map((row, i) => (
                <tr key={i}>
                  {row.map((cell, j) => (
                    <td key={j}>{cell}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
      <div className="row">
        <button className="btn" type="button" onClick={() => goTo('choose')}>
          Back
        </button>
        <button className="btn btn-primary" type="button" disabled={reading} onClick={() => void check()}>
          Check the whole file
        </button>
      </div>
    </div>
  );
}
