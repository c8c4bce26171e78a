// Any other extract (e.g. the police open-data street-level crime file) as a named context
// dataset: its columns are inferred (categories, dates, months, numbers, free text), the
// analyst confirms or changes each kind, and it is explored and exported like a cohort. A
// district is derived from an LSOA name, or from LSOA codes through the geography lookup.
// Several files (a month each) import as one batch each; a name that exists adds the files to
// that dataset. When the first line of a file reads as data (a header lost on the way), the
// analyst is asked whether the file has a header line; without one, its columns are the
// dataset's by position.
import { ErrorAlert } from '../NoWorkspace.tsx';
import { ContextColumnsTable } from './contextImport/ContextColumnsTable.tsx';
import { ContextFilesForm } from './contextImport/ContextFilesForm.tsx';
import { DuplicateLinesChoice } from './contextImport/DuplicateLinesChoice.tsx';
import { HeaderLineQuestion } from './contextImport/HeaderLineQuestion.tsx';
import { useContextImport } from './contextImport/useContextImport.ts';
import { ProgressBar } from './ProgressBar.tsx';

const number = new Intl.NumberFormat('en-GB');

export function ContextImport({ onDone }: { onDone(): void }) {
  const state = useContextImport(onDone);
  const {
    error,
    done,
    warnings,
    busy,
    progress,
    cancel,
    columns,
    existingRows,
    name,
    files,
    districtFrom,
    viaLookup,
    districtHint,
    importNow,
    mustAnswer,
  } = state;
  return (
    <div className="card wizard" aria-labelledby="context-title">
      <h2 id="context-title">Import another dataset (context)</h2>
      <p className="muted small">
        For extracts that are not victims, suspects or offenders, such as the police open-data street-level crime file.
        No identifiers are expected; it has no persons.
      </p>
      <ErrorAlert message={error} />
      {done ? (
        <p className="alert alert-success" role="status">
          {done}
        </p>
      ) : null}
      {warnings.length > 0 ? (
        <div className="alert alert-warning" role="status">
          <ul>
            {warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <ContextFilesForm state={state} />
      {busy ? <ProgressBar progress={progress} onCancel={cancel} label="Reading the file" /> : null}
      <HeaderLineQuestion state={state} />
      {columns && existingRows !== null ? (
        <p className="alert alert-success" role="note">
          “{name}” exists with {number.format(existingRows)} rows:{' '}
          {files.length === 1 ? 'this file is' : 'these files are'} added to it, a batch each, with its columns.
        </p>
      ) : null}
      {columns ? (
        <div className="stack">
          <ContextColumnsTable state={state} columns={columns} />
          {districtFrom ? (
            <p className="muted small">
              The district is derived from “{districtFrom}”{viaLookup ? ' through the geography lookup' : ''}.
            </p>
          ) : null}
          {districtHint ? <p className="alert alert-warning">{districtHint}</p> : null}
          <DuplicateLinesChoice state={state} />
          <div>
            <button
              className="btn btn-primary"
              type="button"
              onClick={() => void importNow()}
              disabled={busy || name === '' || mustAnswer}
            >
              {existingRows !== null
                ? `Add ${files.length === 1 ? 'the file' : `${files.length} files`} to “${name}”`
                : files.length > 1
                  ? `Import ${files.length} files as a context dataset`
                  : 'Import as a context dataset'}
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
