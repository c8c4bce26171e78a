// Save the current view as a named figure; list, reopen and delete saved figures.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { SavedFigure } from '../../../shared/contract/figures.ts';
import type { FigureSpec } from '../../../shared/figure.ts';
import { apiClient } from '../../api/client.ts';
import { useAction } from '../../state/useApiCall.ts';

export function FiguresPanel({
  current,
  onNotes,
  onSaved,
  onOpen,
}: {
  current: FigureSpec;
  onNotes(notes: string): void;
  onSaved(figure: SavedFigure): void;
  onOpen(figure: SavedFigure): void;
}) {
  const [figures, setFigures] = useState<SavedFigure[]>([]);
  const [name, setName] = useState(current.name);
  const [message, setMessage] = useState<string | null>(null);
  const load = useCallback(() => {
    apiClient()
      .call('figures.list', {})
      .then(
        (r) => setFigures(r.figures),
        () => undefined,
      );
  }, []);
  useEffect(() => {
    Promise.resolve().then(load, () => undefined);
  }, [load]);
  useEffect(() => {
    Promise.resolve().then(
      () => setName(current.name),
      () => undefined,
    );
  }, [current.name]);

  const save = useAction(async (figure: FigureSpec, overwrite: boolean) =>
    apiClient().call('figures.save', { figure, overwrite }),
  );
  const remove = useAction(async (figureName: string) => apiClient().call('figures.delete', { name: figureName }));

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed === '') return;
    const exists = figures.some((f) => f.name === trimmed);
    const saved = await save.run({ ...current, name: trimmed }, exists);
    if (saved) {
      setMessage(`Saved “${saved.name}”.`);
      onSaved(saved);
      load();
    }
  };

  return (
    <div className="card figures" aria-labelledby="figures-title">
      <h2 id="figures-title">Figures</h2>
      <form className="row" onSubmit={(e) => void submit(e)}>
        <label className="inline-field grow">
          Name
          <input
            aria-label="Figure name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. Victims by offence group and sex"
          />
        </label>
        <button className="btn btn-primary" type="submit" disabled={save.pending || name.trim() === ''}>
          {figures.some((f) => f.name === name.trim()) ? 'Update figure' : 'Save as figure'}
        </button>
      </form>
      <label className="field">
        <span>Notes</span>
        <textarea aria-label="Figure notes" rows={2} value={current.notes} onChange={(e) => onNotes(e.target.value)} />
      </label>
      {(save.error ?? remove.error) ? (
        <p className="alert alert-error" role="alert">
          {save.error ?? remove.error}
        </p>
      ) : message ? (
        <p className="alert alert-success" role="status">
          {message}
        </p>
      ) : null}
      {figures.length === 0 ? (
        <p className="muted small">
          No saved figures yet. A figure keeps the spec (cohort, period, filters, table, chart), so it redraws on next
          year’s data.
        </p>
      ) : (
        <ul className="figure-list" aria-label="Saved figures">
          {figures.map((f) => (
            <li key={f.id}>
              <button type="button" className="link-button" onClick={() => onOpen(f)}>
                {f.name}
              </button>
              {f.changed ? (
                <span
                  className="badge badge-changed"
                  title="The numbers changed since it was saved (data imported or removed)"
                >
                  changed
                </span>
              ) : null}
              <span className="muted small">{new Date(f.updatedAt).toLocaleDateString('en-GB')}</span>
              <button
                type="button"
                className="icon-button"
                aria-label={`Delete figure ${f.name}`}
                onClick={() => void remove.run(f.name).then(load)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
