// Save the current view as a named figure; list, reopen and delete saved figures. Updating a
// figure never changes its kind unasked: a different chart or measure (a rate map about to
// become a bar chart of counts) is asked about first.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { SavedFigure } from '../../../shared/contract/figures.ts';
import type { FigureSpec } from '../../../shared/figure.ts';
import { figureKind } from '../../state/explore/exploreView.ts';
import { useFigures } from '../../data/explore.ts';
import { useWorkspace } from '../../state/WorkspaceContext.tsx';

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
  const { status } = useWorkspace();
  const { figures, error, reload, save, remove } = useFigures(status?.state === 'open' ? (status.path ?? '') : null);
  const [name, setName] = useState(current.name);
  const [message, setMessage] = useState<string | null>(null);
  /** An update that would change the figure's kind, waiting for the analyst's word. */
  const [asking, setAsking] = useState<{ figure: FigureSpec; was: string } | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  // A figure opened (or saved under another name) puts its name in the field.
  const [nameOf, setNameOf] = useState(current.name);
  if (nameOf !== current.name) {
    setNameOf(current.name);
    setName(current.name);
  }
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
  }, [asking]);

  const store = async (figure: FigureSpec, overwrite: boolean): Promise<void> => {
    setAsking(null);
    const saved = await save.run(figure, overwrite);
    if (saved) {
      setMessage(`Saved “${saved.name}”.`);
      onSaved(saved);
      reload();
    }
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed === '') return;
    const figure = { ...current, name: trimmed };
    const existing = figures.find((f) => f.name === trimmed);
    if (existing && figureKind(existing.figure) !== figureKind(figure)) {
      setAsking({ figure, was: figureKind(existing.figure) });
      return;
    }
    await store(figure, existing !== undefined);
  };

  const shownError = save.error ?? remove.error ?? error;
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
      {asking ? (
        <div className="alert alert-warning" role="alertdialog" aria-labelledby="kind-change" data-testid="kind-change">
          <p id="kind-change">
            “{asking.figure.name}” is a {asking.was}. Updating it makes it a {figureKind(asking.figure)}.
          </p>
          <div className="row">
            <button ref={confirmRef} className="btn" type="button" onClick={() => void store(asking.figure, true)}>
              Update it anyway
            </button>
            <button className="btn" type="button" onClick={() => setAsking(null)}>
              Keep it as it was
            </button>
          </div>
        </div>
      ) : null}
      <label className="field">
        <span>Notes</span>
        <textarea aria-label="Figure notes" rows={2} value={current.notes} onChange={(e) => onNotes(e.target.value)} />
      </label>
      {shownError ? (
        <p className="alert alert-error" role="alert">
          {shownError}
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
                onClick={() => void remove.run(f.name).then(reload)}
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
