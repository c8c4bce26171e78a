// The saved figures of the workspace, each with an Export… action and a "changed" badge when
// an import or a deletion moved its numbers since it was saved.
import { useState } from 'react';
import type { SavedFigure } from '../../../shared/contract/figures.ts';
import { CHART_LABELS, datasetLabel } from '../../../shared/figure.ts';
import { FigureExportForm } from './FigureExportForm.tsx';

export function FigureList({ figures, onExplore }: { figures: SavedFigure[] | null; onExplore(): void }) {
  const [exporting, setExporting] = useState<string | null>(null);
  const current = figures?.find((f) => f.name === exporting) ?? null;

  if (figures === null) return <p className="muted">Loading saved figures…</p>;
  if (figures.length === 0) {
    return (
      <div className="empty-state card">
        <h2>No saved figures yet</h2>
        <p>
          Build a table in Explore and press <strong>Save as figure</strong>. A figure keeps its spec, not a picture, so
          it exports again on next year’s data.
        </p>
        <button className="btn btn-primary" type="button" onClick={onExplore}>
          Go to Explore
        </button>
      </div>
    );
  }
  return (
    <div className="stack">
      {current ? <FigureExportForm key={current.name} figure={current} onClose={() => setExporting(null)} /> : null}
      <div className="card flush">
        <table className="data figure-table" aria-label="Saved figures">
          <thead>
            <tr>
              <th>Figure</th>
              <th>Chart</th>
              <th>Data</th>
              <th>Saved</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {figures.map((f) => (
              <tr key={f.id} className={f.name === exporting ? 'selected' : undefined}>
                <td>
                  <div className="figure-name">
                    {f.name}
                    {f.changed ? (
                      <span
                        className="badge badge-changed"
                        title="Its numbers changed since it was saved (data imported or removed). Check it in Explore and save it again."
                      >
                        changed
                      </span>
                    ) : null}
                  </div>
                  {f.figure.title && f.figure.title !== f.name ? (
                    <div className="muted small">{f.figure.title}</div>
                  ) : null}
                </td>
                <td>{CHART_LABELS[f.figure.chart]}</td>
                <td className="small">
                  {datasetLabel(f.figure.query.cohort)}, {f.figure.query.measure === 'persons' ? 'persons' : 'records'}
                  {f.figure.query.disclosure === null ? (
                    <span className="badge badge-danger">disclosure off</span>
                  ) : null}
                </td>
                <td className="small">{new Date(f.updatedAt).toLocaleDateString('en-GB')}</td>
                <td className="actions">
                  <button
                    type="button"
                    className="btn btn-small"
                    aria-label={`Export ${f.name}`}
                    onClick={() => setExporting(f.name)}
                  >
                    Export…
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
