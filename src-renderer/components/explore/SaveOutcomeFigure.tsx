// Saves Explore's time-to-outcome table as a figure under a name: the Report screen then
// exports it, infographic tiles show it and report packs draw it again on new data.
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../state/useApiCall.ts';

export function SaveOutcomeFigure({ title, save }: { title: string; save(name: string): Promise<unknown> }) {
  const [name, setName] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const chosen = name.trim() === '' ? title : name.trim();

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(null);
    save(chosen).then(
      () => {
        setSaved(chosen);
        setBusy(false);
      },
      (failure: unknown) => {
        setError(errorMessage(failure));
        setBusy(false);
      },
    );
  };

  return (
    <form className="stack" onSubmit={submit} aria-label="Save as a figure">
      <label htmlFor="outcome-figure-name">Save as a figure (median and quartiles chart)</label>
      <div className="row">
        <input
          id="outcome-figure-name"
          type="text"
          value={name}
          placeholder={title}
          maxLength={120}
          onChange={(event) => setName(event.target.value)}
        />
        <button className="btn" type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Save figure'}
        </button>
      </div>
      {error ? (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      ) : null}
      {saved ? (
        <p className="alert alert-success" role="status" data-testid="outcome-figure-saved">
          Saved “{saved}”: export it from the Report screen, or add it to an infographic or report.
        </p>
      ) : null}
    </form>
  );
}
