// The geography lookup card: whether the workspace holds ONS's LSOA to district lookup (how
// many LSOAs, from which file), and importing one, so context datasets whose only geography
// is an LSOA code (E01018088) get a district. There is no internet to fetch it from: the
// analyst brings the file once, and a new one replaces it.
import { useState, type FormEvent } from 'react';
import type { LsoaLookupDto } from '../../../shared/contract/geography.ts';
import { dataCalls, useGeographyLookup } from '../../data/data.ts';
import { useOpenWorkspaceKey } from '../../data/workspace.ts';
import { useLongCall } from '../../state/useLongCall.ts';
import { ChooseFileButton } from '../ChooseFileButton.tsx';
import { ErrorAlert } from '../NoWorkspace.tsx';
import { ProgressBar } from './ProgressBar.tsx';

const number = new Intl.NumberFormat('en-GB');
const day = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium' });

function lookupSummary(lookup: LsoaLookupDto): string {
  const outside =
    lookup.outsideArea > 0
      ? ` ${number.format(lookup.outsideArea)} rows for districts outside Cambridgeshire and Peterborough were ignored.`
      : '';
  return `${number.format(lookup.lsoas)} LSOAs of the six districts, from ${lookup.fileName} (imported ${day.format(new Date(lookup.importedAt))}).${outside}`;
}

export function GeographyLookup() {
  const read = useGeographyLookup(useOpenWorkspaceKey());
  /** The lookup just imported, shown at once (the reload that follows says the same). */
  const [imported, setImported] = useState<LsoaLookupDto | null>(null);
  const lookup = imported ?? read.lookup;
  const loadError = read.error;
  const [path, setPath] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { busy, progress, error, run, cancel } = useLongCall();

  const importNow = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setDone(null);
    const result = await run((signal, onProgress) => dataCalls.importLookup({ path }, { signal, onProgress }));
    if (result) {
      setImported(result.lookup);
      read.reload();
      setDone(
        `Imported ${number.format(result.lookup.lsoas)} LSOAs from ${result.lookup.fileName}${result.replaced > 0 ? ', replacing the previous lookup' : ''}. Context datasets imported from now on get their district from LSOA codes.`,
      );
      setPath('');
    }
  };

  return (
    <section className="card" aria-labelledby="geography-title">
      <h2 id="geography-title">Geography lookup (LSOA to district)</h2>
      <p className="muted small">
        Some datasets, such as a street-level crime file without LSOA names, give only an LSOA code (E01018088). Import
        the ONS “LSOA to Local Authority District” lookup once (a CSV or Excel file with columns such as LSOA11CD and
        LAD19CD) and their district is derived from it.
      </p>
      <ErrorAlert message={loadError ?? error} />
      <p data-testid="lsoa-lookup-status" aria-live="polite">
        {lookup === undefined ? (
          'Reading…'
        ) : lookup === null ? (
          <>
            <strong>No lookup loaded.</strong> LSOA codes give no district.
          </>
        ) : (
          <>
            <strong>Loaded:</strong> {lookupSummary(lookup)}
          </>
        )}
      </p>
      {done ? (
        <p className="alert alert-success" role="status">
          {done}
        </p>
      ) : null}
      <form className="field" onSubmit={(e) => void importNow(e)}>
        <label htmlFor="lsoa-lookup-path">Lookup file (CSV or Excel)</label>
        <div className="row">
          <input
            id="lsoa-lookup-path"
            className="grow-input"
            value={path}
            onChange={(e) => setPath(e.target.value)}
            placeholder="/home/analyst/reference/LSOA11_LAD19_lookup.csv"
            required
          />
          <ChooseFileButton purpose="import" label="Choose the lookup file" onChosen={setPath} />
          <button className="btn" type="submit" disabled={busy || path.trim() === ''}>
            {lookup ? 'Replace the lookup' : 'Import the lookup'}
          </button>
        </div>
      </form>
      {busy ? <ProgressBar progress={progress} onCancel={cancel} label="Reading the lookup" /> : null}
    </section>
  );
}
