// The population tables card: the tables rates are computed from (people by district, and by
// sex and age band where the table has them), and importing ONS mid-year estimates (CSV or
// Excel, the wide table of single years of age or the long one), banded on import. A table of
// the same name is replaced.
import { useState, type FormEvent } from 'react';
import type { PopulationTableDto } from '../../../shared/contract/population.ts';
import { dataCalls, usePopulationTables } from '../../data/data.ts';
import { useOpenWorkspaceKey } from '../../data/workspace.ts';
import { useLongCall } from '../../state/useLongCall.ts';
import { ChooseFileButton } from '../ChooseFileButton.tsx';
import { ErrorAlert } from '../NoWorkspace.tsx';
import { LongCallOutcome, ProgressBar } from './ProgressBar.tsx';

const number = new Intl.NumberFormat('en-GB');

function breakdown(table: PopulationTableDto): string {
  return ['district', ...(table.bySex ? ['sex'] : []), ...(table.byAge ? ['age band'] : [])].join(', ');
}

export function PopulationTables({ onDone }: { onDone(): void }) {
  const { tables, error: loadError, reload } = usePopulationTables(useOpenWorkspaceKey());
  const [path, setPath] = useState('');
  const [name, setName] = useState('');
  const [sheet, setSheet] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [warnings, setWarnings] = useState<string[]>([]);
  const { busy, progress, error, cancelling, cancelled, run, cancel } = useLongCall();

  const importNow = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setDone(null);
    setWarnings([]);
    const result = await run((signal, onProgress) =>
      dataCalls.importPopulation(
        { path, name: name.trim(), ...(sheet.trim() ? { sheet: sheet.trim() } : {}) },
        { signal, onProgress, awaitCancelReply: true },
      ),
    );
    if (result) {
      setDone(
        `Imported the population table “${result.name}”: ${number.format(result.total)} people by ${breakdown(result)}${result.otherAreas > 0 ? ` (${number.format(result.otherAreas)} rows of other areas left out)` : ''}. Rates per 1,000 can use it in Explore.`,
      );
      setWarnings(result.warnings);
      setPath('');
      reload();
      onDone();
    }
  };

  return (
    <section className="card" aria-labelledby="population-title">
      <h2 id="population-title">Population tables (for rates)</h2>
      <p className="muted small">
        Rates per 1,000 people need a population. Import the ONS mid-year estimates by local authority (CSV or Excel:
        the table of single years of age, or by sex and age); ages are put into the codebook’s age bands.
      </p>
      <ErrorAlert message={loadError} />
      <LongCallOutcome error={error} cancelled={cancelled} />
      {tables === undefined ? (
        <p>Reading…</p>
      ) : tables.length === 0 ? (
        <p data-testid="population-status">
          <strong>No population tables.</strong> Rates cannot be given yet.
        </p>
      ) : (
        <table className="data small" aria-label="Population tables">
          <thead>
            <tr>
              <th>Name</th>
              <th>People</th>
              <th>By</th>
            </tr>
          </thead>
          <tbody>
            {tables.map((t) => (
              <tr key={t.name}>
                <th scope="row">{t.name}</th>
                <td className="num">{number.format(t.total)}</td>
                <td>{breakdown(t)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {done ? (
        <p className="alert alert-success" role="status">
          {done}
        </p>
      ) : null}
      {warnings.length > 0 ? (
        <ul className="alert alert-warning" role="status">
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : null}
      <form className="stack" onSubmit={(e) => void importNow(e)}>
        <div className="row">
          <label className="inline-field">
            Table name
            <input
              aria-label="Population table name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="mid-2020"
              pattern="[A-Za-z0-9][A-Za-z0-9 _\-]{0,99}"
              required
            />
          </label>
          <label className="inline-field">
            Sheet (Excel)
            <input
              aria-label="Population sheet"
              value={sheet}
              onChange={(e) => setSheet(e.target.value)}
              placeholder="the first"
            />
          </label>
        </div>
        <div className="row">
          <input
            aria-label="Population estimates file (CSV or Excel)"
            className="grow-input"
            value={path}
            onChange={(e) => setPath(e.target.value)}
            placeholder="/home/analyst/reference/MYE2-persons.csv"
            required
          />
          <ChooseFileButton purpose="import" label="Choose the population file" onChosen={setPath} />
          <button className="btn" type="submit" disabled={busy || path.trim() === '' || name.trim() === ''}>
            Import the population table
          </button>
        </div>
      </form>
      {busy ? (
        <ProgressBar progress={progress} cancelling={cancelling} onCancel={cancel} label="Reading the estimates" />
      ) : null}
    </section>
  );
}
