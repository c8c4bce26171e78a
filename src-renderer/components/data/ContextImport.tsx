// Any other extract (e.g. the police open-data street-level crime file) as a named context
// dataset: its columns are inferred (categories, dates, months, numbers, free text), the
// analyst confirms or changes each kind, and it is explored and exported like a cohort. A
// district is derived from an LSOA name, or from LSOA codes through the geography lookup.
import { useState, type FormEvent } from 'react';
import type { ContextColumnDto } from '../../../shared/contract/data.ts';
import { apiClient } from '../../api/client.ts';
import { useLongCall } from '../../state/useLongCall.ts';
import { ChooseFileButton } from '../ChooseFileButton.tsx';
import { ErrorAlert } from '../NoWorkspace.tsx';
import { ProgressBar } from './ImportWizard.tsx';

const KINDS: ReadonlyArray<ContextColumnDto['kind']> = ['category', 'date', 'month', 'number', 'text'];
const number = new Intl.NumberFormat('en-GB');

export function ContextImport({ onDone }: { onDone(): void }) {
  const [path, setPath] = useState('');
  const [name, setName] = useState('');
  const [label, setLabel] = useState('');
  const [columns, setColumns] = useState<ContextColumnDto[] | null>(null);
  const [districtFrom, setDistrictFrom] = useState<string | null>(null);
  const [viaLookup, setViaLookup] = useState(false);
  const [districtHint, setDistrictHint] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [warnings, setWarnings] = useState<string[]>([]);
  const { busy, progress, error, run, cancel } = useLongCall();

  const inspect = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setDone(null);
    setWarnings([]);
    const inferred = await run((signal, onProgress) =>
      apiClient().call('import.contextPreview', { path }, { signal, onProgress }),
    );
    if (inferred) {
      setColumns(inferred.columns);
      setDistrictFrom(inferred.districtFrom);
      setViaLookup(inferred.districtFrom !== null && inferred.districtFrom === inferred.lsoaCodeColumn);
      setDistrictHint(inferred.districtHint);
    }
  };

  const importNow = async (): Promise<void> => {
    if (!columns) return;
    const result = await run((signal, onProgress) =>
      apiClient().call(
        'import.context',
        { path, name, columns, districtFrom, ...(label.trim() ? { label: label.trim() } : {}) },
        { signal, onProgress },
      ),
    );
    if (result) {
      setDone(
        `Imported ${number.format(result.rows)} rows as the context dataset “${label.trim() || name}”. It is in Explore beside the cohorts.`,
      );
      setWarnings(result.warnings);
      setColumns(null);
      onDone();
    }
  };

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
          <input
            aria-label="Dataset file (CSV or Excel)"
            className="grow-input"
            value={path}
            onChange={(e) => setPath(e.target.value)}
            placeholder="/home/analyst/extracts/street-crime.csv"
            required
          />
          <ChooseFileButton purpose="import" label="Choose the dataset file" onChosen={setPath} />
          <button className="btn" type="submit" disabled={busy}>
            Inspect columns
          </button>
        </div>
      </form>
      {busy ? <ProgressBar progress={progress} onCancel={cancel} label="Reading the file" /> : null}
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
          <div>
            <button
              className="btn btn-primary"
              type="button"
              onClick={() => void importNow()}
              disabled={busy || name === ''}
            >
              Import as a context dataset
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
