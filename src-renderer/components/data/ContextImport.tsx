// Any other extract (e.g. the police open-data street-level crime file) as a named context
// dataset: its columns are inferred (categories, dates, months, numbers, free text), the
// analyst confirms or changes each kind, and it is explored and exported like a cohort. A
// district is derived from an LSOA name, or from LSOA codes through the geography lookup.
// Several files (a month each) import as one batch each; a name that exists adds the files to
// that dataset. When the first line of a file reads as data (a header lost on the way), the
// analyst is asked whether the file has a header line; without one, its columns are the
// dataset's by position.
import { useState, type FormEvent } from 'react';
import type { ContextColumnDto } from '../../../shared/contract/data.ts';
import { apiClient } from '../../api/client.ts';
import { useLongCall } from '../../state/useLongCall.ts';
import { ChooseFileButton } from '../ChooseFileButton.tsx';
import { ErrorAlert } from '../NoWorkspace.tsx';
import { ProgressBar } from './ImportWizard.tsx';

const KINDS: ReadonlyArray<ContextColumnDto['kind']> = ['category', 'date', 'month', 'number', 'text'];
const number = new Intl.NumberFormat('en-GB');

type HeaderAnswer = 'unasked' | 'header' | 'none';

/** The paths of the files box: one a line. */
function pathsOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

export function ContextImport({ onDone }: { onDone(): void }) {
  const [paths, setPaths] = useState('');
  const [firstLineIsData, setFirstLineIsData] = useState<string | null>(null);
  const [headerAnswer, setHeaderAnswer] = useState<HeaderAnswer>('unasked');
  const [existingRows, setExistingRows] = useState<number | null>(null);
  const [name, setName] = useState('');
  const [label, setLabel] = useState('');
  const [columns, setColumns] = useState<ContextColumnDto[] | null>(null);
  const [districtFrom, setDistrictFrom] = useState<string | null>(null);
  const [viaLookup, setViaLookup] = useState(false);
  const [districtHint, setDistrictHint] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [warnings, setWarnings] = useState<string[]>([]);
  const [duplicates, setDuplicates] = useState<'keep' | 'reject'>('keep');
  const { busy, progress, error, run, cancel } = useLongCall();

  const files = pathsOf(paths);

  const preview = async (header: HeaderAnswer): Promise<void> => {
    const first = files[0];
    if (first === undefined) return;
    const inferred = await run((signal, onProgress) =>
      apiClient().call(
        'import.contextPreview',
        { path: first, ...(header === 'none' ? { header: false } : {}), ...(name ? { appendTo: name } : {}) },
        { signal, onProgress },
      ),
    );
    if (inferred) {
      setFirstLineIsData(inferred.firstLineIsData);
      setExistingRows(inferred.existing?.rows ?? null);
      setColumns(inferred.existing?.columns ?? inferred.columns);
      setDistrictFrom(inferred.districtFrom);
      setViaLookup(inferred.districtFrom !== null && inferred.districtFrom === inferred.lsoaCodeColumn);
      setDistrictHint(inferred.districtHint);
    }
  };

  const inspect = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setDone(null);
    setWarnings([]);
    setHeaderAnswer('unasked');
    await preview('unasked');
  };

  const answerHeader = async (answer: HeaderAnswer): Promise<void> => {
    setHeaderAnswer(answer);
    await preview(answer);
  };

  const importNow = async (): Promise<void> => {
    if (!columns) return;
    const added: string[] = [];
    const notes: string[] = [];
    let rows = 0;
    let imported = 0;
    for (const path of files) {
      const result = await run((signal, onProgress) =>
        apiClient().call(
          'import.context',
          {
            path,
            name,
            columns,
            districtFrom,
            append: true,
            duplicates,
            ...(headerAnswer === 'none' ? { header: false } : {}),
            ...(label.trim() ? { label: label.trim() } : {}),
          },
          { signal, onProgress },
        ),
      );
      if (!result) break;
      const repeats = [
        `${number.format(result.alreadyInWorkspace)} already in the workspace${result.duplicatesRejected > 0 ? `, ${number.format(result.duplicatesRejected)} dropped` : ''}`,
        `${number.format(result.repeatedInFile)} repeated within the file`,
      ];
      added.push(
        `${path.split(/[\\/]/).pop() ?? path}: ${number.format(result.rows)} rows (batch ${result.batchId}; ${repeats.join(', ')})`,
      );
      notes.push(...result.warnings);
      rows = result.datasetRows;
      imported += result.rows;
    }
    if (added.length > 0) {
      setDone(
        `Imported ${number.format(imported)} rows into the context dataset “${label.trim() || name}” (${added.join('; ')}); it holds ${number.format(rows)} rows. It is in Explore beside the cohorts.`,
      );
      setWarnings(notes);
      if (added.length === files.length) setColumns(null);
      onDone();
    }
  };

  const mustAnswer = firstLineIsData !== null && headerAnswer === 'unasked';

  const update = (source: string, change: Partial<ContextColumnDto>): void =>
    setColumns((cols) => cols?.map((c) => (c.source === source ? { ...c, ...change } : c)) ?? null);

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
      <form className="stack" onSubmit={(e) => void inspect(e)}>
        <div className="row">
          <label className="inline-field">
            Name
            <input
              aria-label="Dataset name"
              value={name}
              onChange={(e) => setName(e.target.value.toLowerCase())}
              placeholder="street_crime"
              pattern="[a-z][a-z0-9_]{0,40}"
              required
            />
          </label>
          <label className="inline-field">
            Label
            <input
              aria-label="Dataset label"
              value={label}
              onChange={(e) => setLabel(e.target.value)}
              placeholder="Street-level crime (police.uk)"
            />
          </label>
        </div>
        <div className="row">
          <textarea
            aria-label="Dataset files (CSV or Excel), one a line"
            className="grow-input"
            rows={Math.min(6, Math.max(1, files.length))}
            value={paths}
            onChange={(e) => setPaths(e.target.value)}
            placeholder="/home/analyst/extracts/2019-08-street.csv"
            required
          />
          <ChooseFileButton
            purpose="import"
            label="Choose a dataset file"
            onChosen={(chosen) => setPaths((text) => (text.trim() ? `${text.trim()}\n${chosen}` : chosen))}
          />
          <button className="btn" type="submit" disabled={busy}>
            Inspect columns
          </button>
        </div>
      </form>
      {busy ? <ProgressBar progress={progress} onCancel={cancel} label="Reading the file" /> : null}
      {columns && firstLineIsData !== null ? (
        <fieldset className="stack alert alert-warning">
          <legend>Does the first line of this file name its columns?</legend>
          <p className="small">Its first line looks like data: {firstLineIsData}.</p>
          <label>
            <input
              type="radio"
              name="header-line"
              checked={headerAnswer === 'none'}
              onChange={() => void answerHeader('none')}
            />{' '}
            No: the file has no header line; its first line is data
            {existingRows !== null ? ' (its columns are the dataset’s, in the same order)' : ''}
          </label>
          <label>
            <input
              type="radio"
              name="header-line"
              checked={headerAnswer === 'header'}
              onChange={() => void answerHeader('header')}
            />{' '}
            Yes: the first line is its header
          </label>
        </fieldset>
      ) : null}
      {columns && existingRows !== null ? (
        <p className="alert alert-success" role="note">
          “{name}” exists with {number.format(existingRows)} rows:{' '}
          {files.length === 1 ? 'this file is' : 'these files are'} added to it, a batch each, with its columns.
        </p>
      ) : null}
      {columns ? (
        <div className="stack">
          <table className="data small mapping-table" aria-label="Context dataset columns">
            <thead>
              <tr>
                <th>Column in the file</th>
                <th>Kind</th>
                <th>Values seen</th>
                <th>Use</th>
              </tr>
            </thead>
            <tbody>
              {columns.map((c) => (
                <tr key={c.source} className={c.included ? 'mapped' : 'unmapped'}>
                  <th scope="row">{c.source}</th>
                  <td>
                    <select
                      aria-label={`Kind of ${c.source}`}
                      value={c.kind}
                      disabled={existingRows !== null}
                      onChange={(e) =>
                        update(c.source, {
                          kind: e.target.value as ContextColumnDto['kind'],
                          included: e.target.value !== 'text',
                        })
                      }
                    >
                      {KINDS.map((k) => (
                        <option key={k} value={k}>
                          {k === 'text' ? 'free text (left out)' : k}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td className="num">{c.distinct === undefined ? '' : number.format(c.distinct)}</td>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Use ${c.source}`}
                      checked={c.included}
                      disabled={existingRows !== null}
                      onChange={(e) => update(c.source, { included: e.target.checked })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {districtFrom ? (
            <p className="muted small">
              The district is derived from “{districtFrom}”{viaLookup ? ' through the geography lookup' : ''}.
            </p>
          ) : null}
          {districtHint ? <p className="alert alert-warning">{districtHint}</p> : null}
          <fieldset className="stack">
            <legend>Lines the dataset already holds, in every column</legend>
            <p className="muted small">
              An earlier file may overlap this one. Lines repeated within a file are always kept: police.uk repeats
              distinct incidents exactly.
            </p>
            <label>
              <input
                type="radio"
                name="context-duplicates"
                checked={duplicates === 'keep'}
                onChange={() => setDuplicates('keep')}
              />{' '}
              Keep them as distinct records (counted)
            </label>
            <label>
              <input
                type="radio"
                name="context-duplicates"
                checked={duplicates === 'reject'}
                onChange={() => setDuplicates('reject')}
              />{' '}
              Drop them (kept in the import history as rejected lines)
            </label>
          </fieldset>
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
