// Before an infographic is open: the templates (each needs records of its cohort) and the
// saved infographics to open.
import type { DatasetSummary } from '../../../shared/contract/engine.ts';
import { TEMPLATES, type InfographicSummary, type TemplateId } from '../../../shared/contract/report.ts';
import { ErrorAlert } from '../NoWorkspace.tsx';
import { TEMPLATE_INFO } from './infographicTemplates.ts';

export function InfographicStart({
  datasets,
  saved,
  error,
  starting,
  onData,
  startFromTemplate,
  open,
}: {
  datasets: DatasetSummary[];
  saved: InfographicSummary[];
  error: string | null;
  starting: boolean;
  onData(): void;
  startFromTemplate(template: TemplateId): Promise<void>;
  open(name: string): Promise<void>;
}) {
  const counts = new Map(datasets.map((d) => [d.name, d.records]));
  return (
    <div className="stack">
      <ErrorAlert message={error} />
      <div className="card">
        <h2>Start an infographic</h2>
        <p className="muted">
          A one-page summary whose numbers are counted live from the workspace, so next year’s extract redraws it. Start
          from a template:
        </p>
        <div className="template-cards">
          {TEMPLATES.map((t) => {
            const records = counts.get(t) ?? 0;
            return (
              <div key={t} className="template-card">
                <h3>{TEMPLATE_INFO[t].label}</h3>
                <p className="small muted">{TEMPLATE_INFO[t].summary}</p>
                {records === 0 ? (
                  <p className="small">
                    No {t} records yet.{' '}
                    <button type="button" className="link-button inline" onClick={onData}>
                      Import an extract
                    </button>
                  </p>
                ) : (
                  <button
                    type="button"
                    className="btn btn-primary btn-small"
                    disabled={starting}
                    onClick={() => void startFromTemplate(t)}
                  >
                    Use the {t} template
                  </button>
                )}
              </div>
            );
          })}
        </div>
      </div>
      {saved.length > 0 ? (
        <div className="card">
          <h2>Saved infographics</h2>
          <ul className="figure-list">
            {saved.map((s) => (
              <li key={s.name}>
                <button type="button" className="link-button" onClick={() => void open(s.name)}>
                  {s.name}
                </button>
                <span className="muted small">
                  {s.page === 'a4-portrait' ? 'A4 portrait' : '16:9 slide'} · {s.blocks} blocks ·{' '}
                  {new Date(s.updatedAt).toLocaleDateString('en-GB')}
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
