// The one-page infographic editor: start from the victims, suspects or offenders template
// (filled from the workspace's latest year) or a saved infographic; choose the page and the
// theme; edit blocks' words; arrange them on the grid; save by name; export. The preview is
// the exported SVG itself, re-rendered (debounced) after every change.
import { useCallback, useEffect, useState } from 'react';
import type { DatasetSummary } from '../../../shared/contract/engine.ts';
import type { SavedFigure } from '../../../shared/contract/figures.ts';
import { TEMPLATES, type InfographicSummary, type TemplateId } from '../../../shared/contract/report.ts';
import {
  FONT_FAMILIES,
  type FontFamily,
  type InfographicBlock,
  type InfographicDoc,
  type PageSize,
} from '../../../shared/infographic.ts';
import { apiClient } from '../../api/client.ts';
import { errorMessage } from '../../state/useApiCall.ts';
import { useDebouncedQuery } from '../../state/useDebouncedQuery.ts';
import { BlockList } from './BlockList.tsx';
import { loadBundledFonts } from './bundledFonts.ts';
import { InfographicCanvas } from './InfographicCanvas.tsx';
import { InfographicExportForm } from './InfographicExportForm.tsx';
import { changePage, withBlock, withoutBlock, withPlace } from './infographicEdits.ts';
import { ErrorAlert } from '../NoWorkspace.tsx';
import { useReportError } from '../../data/errorReporter.tsx';
import { useUnsavedWork } from '../../state/unsavedWork.tsx';

const TEMPLATE_INFO: Readonly<Record<TemplateId, { label: string; summary: string }>> = {
  victims: {
    label: 'Victims',
    summary: 'Records, persons and domestic abuse, age and sex, top offence groups, districts, repeat victims.',
  },
  suspects: {
    label: 'Suspects',
    summary: 'Records, persons and arrests, age and sex, top offence groups, districts, charge rate.',
  },
  offenders: {
    label: 'Offenders',
    summary: 'Records, persons and high risk, age and sex, criminogenic needs, districts, reoffending.',
  },
};

const PAGES: ReadonlyArray<{ id: PageSize; label: string }> = [
  { id: 'a4-portrait', label: 'A4 portrait' },
  { id: 'landscape-16x9', label: '16:9 slide' },
];

export function InfographicEditor({
  datasets,
  figures,
  onData,
}: {
  datasets: DatasetSummary[];
  figures: SavedFigure[];
  onData(): void;
}) {
  const [doc, setDoc] = useState<InfographicDoc | null>(null);
  const [savedAs, setSavedAs] = useState<string | null>(null);
  const [dirty, setDirty] = useState(false);
  const [selected, setSelected] = useState<number | null>(null);
  const [saved, setSaved] = useState<InfographicSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const report = useReportError();
  // Leaving Report (or this tab) with edits asks first.
  useUnsavedWork(dirty && doc ? `Unsaved changes to the infographic “${doc.name.trim() || 'Untitled'}”` : null);

  const loadSaved = useCallback(() => {
    apiClient()
      .call('infographics.list', {})
      .then(
        (r) => setSaved(r.infographics),
        (e: unknown) => report(e, 'Loading the saved infographics'),
      );
  }, [report]);
  useEffect(() => {
    Promise.resolve().then(loadSaved, (e: unknown) => report(e, 'Loading the saved infographics'));
    loadBundledFonts().catch((e: unknown) => report(e, 'Loading the bundled fonts'));
  }, [loadSaved, report]);

  // A name is required to save, not to draw: the preview goes on while the name is being typed.
  const drawn = doc && doc.name.trim() === '' ? { ...doc, name: 'Untitled' } : doc;
  const key = drawn ? JSON.stringify(drawn) : null;
  const render = useDebouncedQuery(
    key,
    (signal) => apiClient().call('infographic.render', { doc: drawn as InfographicDoc }, { signal }),
    250,
  );

  /** Every edit goes through the latest document, so an edit made during a request is kept. */
  const edit = (next: InfographicDoc | ((current: InfographicDoc) => InfographicDoc)): void => {
    setDoc((current) => (current === null ? current : typeof next === 'function' ? next(current) : next));
    setDirty(true);
    setMessage(null);
  };
  const confirmDiscard = (): boolean => !dirty || window.confirm('Discard the unsaved changes to this infographic?');

  const startFromTemplate = async (template: TemplateId): Promise<void> => {
    if (!confirmDiscard()) return;
    setStarting(true);
    setError(null);
    try {
      const { doc: fresh } = await apiClient().call('infographic.fromTemplate', {
        template,
        page: doc?.page ?? 'a4-portrait',
      });
      setDoc(fresh);
      setSavedAs(null);
      setDirty(false);
      setSelected(null);
      setMessage(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setStarting(false);
    }
  };
  const open = async (name: string): Promise<void> => {
    if (!confirmDiscard()) return;
    setError(null);
    try {
      const { doc: stored } = await apiClient().call('infographics.get', { name });
      setDoc(stored);
      setSavedAs(stored.name);
      setDirty(false);
      setSelected(null);
      setMessage(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const save = async (): Promise<void> => {
    if (!doc) return;
    setError(null);
    try {
      const exists = saved.some((s) => s.name === doc.name);
      if (
        exists &&
        savedAs !== doc.name &&
        !window.confirm(`An infographic called “${doc.name}” already exists. Replace it?`)
      )
        return;
      await apiClient().call('infographics.save', { doc, overwrite: exists });
      setSavedAs(doc.name);
      setDirty(false);
      setMessage(`Saved “${doc.name}”.`);
      loadSaved();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const remove = async (): Promise<void> => {
    if (!savedAs || !window.confirm(`Delete the saved infographic “${savedAs}”?`)) return;
    await apiClient().call('infographics.delete', { name: savedAs });
    setSavedAs(null);
    setDirty(true);
    loadSaved();
  };

  const counts = new Map(datasets.map((d) => [d.name, d.records]));

  if (doc === null) {
    return (
      <div className="stack">
        <ErrorAlert message={error} />
        <div className="card">
          <h2>Start an infographic</h2>
          <p className="muted">
            A one-page summary whose numbers are counted live from the workspace, so next year’s extract redraws it.
            Start from a template:
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

  /**
   * A document laid out like a template (same kinds of block in the same order) takes the
   * template's own arrangement for the new page; any other document is rescaled to its grid.
   */
  const switchPage = async (page: PageSize): Promise<void> => {
    const headline = doc.blocks.find((b) => b.kind === 'headline');
    const cohort = headline?.query.cohort;
    if (headline && (TEMPLATES as readonly string[]).includes(cohort ?? '') && headline.financialYear) {
      try {
        const { doc: shaped } = await apiClient().call('infographic.fromTemplate', {
          template: cohort as TemplateId,
          year: headline.financialYear,
          page,
        });
        if (
          shaped.blocks.length === doc.blocks.length &&
          shaped.blocks.every((b, i) => b.kind === doc.blocks[i]?.kind)
        ) {
          edit((current) => ({
            ...current,
            page,
            grid: shaped.grid,
            blocks: current.blocks.map((b, i) => ({ ...b, at: shaped.blocks[i]?.at ?? b.at })),
          }));
          return;
        }
      } catch {
        // No template for this data any more: rescale instead.
      }
    }
    edit((current) => changePage(current, page));
  };
  const setTheme = (patch: Partial<InfographicDoc['theme']>): void =>
    edit((current) => ({ ...current, theme: { ...current.theme, ...patch } }));
  const nameTaken = saved.some((s) => s.name === doc.name);

  return (
    <div className="infographic-editor">
      <div className="editor-toolbar">
        <label className="inline-field">
          Name
          <input
            aria-label="Infographic name"
            className="name-input"
            value={doc.name}
            maxLength={120}
            onChange={(e) => {
              const name = e.target.value;
              edit((current) => ({ ...current, name }));
            }}
          />
        </label>
        <button
          type="button"
          className="btn btn-primary"
          disabled={doc.name.trim() === '' || (!dirty && savedAs === doc.name)}
          onClick={() => void save()}
        >
          {nameTaken && savedAs === doc.name ? 'Save' : 'Save as new'}
        </button>
        {dirty ? (
          <span className="badge badge-changed">unsaved changes</span>
        ) : savedAs ? (
          <span className="muted small">Saved</span>
        ) : null}
        <span className="toolbar-spacer" />
        <label className="inline-field">
          New from
          <select
            aria-label="Template"
            value=""
            onChange={(e) => e.target.value && void startFromTemplate(e.target.value as TemplateId)}
          >
            <option value="">template…</option>
            {TEMPLATES.map((t) => (
              <option key={t} value={t} disabled={(counts.get(t) ?? 0) === 0}>
                {TEMPLATE_INFO[t].label}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          Open
          <select
            aria-label="Saved infographic"
            value=""
            onChange={(e) => e.target.value && void open(e.target.value)}
            disabled={saved.length === 0}
          >
            <option value="">{saved.length === 0 ? 'none saved' : 'saved…'}</option>
            {saved.map((s) => (
              <option key={s.name} value={s.name}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        {savedAs ? (
          <button type="button" className="btn btn-small btn-danger" onClick={() => void remove()}>
            Delete
          </button>
        ) : null}
      </div>
      <ErrorAlert message={error} />
      {message ? (
        <p className="alert alert-success" role="status">
          {message}
        </p>
      ) : null}
      <div className="editor-body">
        <div className="editor-preview">
          <ErrorAlert message={render.error} />
          {render.data ? (
            <InfographicCanvas
              doc={doc}
              svg={render.data.svg}
              geometry={render.data.geometry}
              selected={selected}
              onSelect={setSelected}
              onPlace={(index, at) => edit((current) => withPlace(current, index, at))}
              busy={render.loading}
            />
          ) : (
            <div className="canvas-placeholder muted">Counting and drawing…</div>
          )}
          <p className="muted small preview-status" data-testid="preview-status">
            {render.loading
              ? 'Updating the preview…'
              : render.data
                ? 'Preview = export: the same SVG, with every number under disclosure control.'
                : ''}
          </p>
          {render.data && render.data.warnings.length > 0 ? (
            <ul className="alert alert-warning warning-list" aria-label="Layout warnings">
              {render.data.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          ) : null}
        </div>
        <aside className="editor-side">
          <div className="panel">
            <h3 className="panel-title">Page and theme</h3>
            <div className="segmented" role="radiogroup" aria-label="Page">
              {PAGES.map((p) => (
                <button
                  key={p.id}
                  type="button"
                  role="radio"
                  aria-checked={doc.page === p.id}
                  className={doc.page === p.id ? 'seg seg-on' : 'seg'}
                  onClick={() => void switchPage(p.id)}
                >
                  {p.label}
                </button>
              ))}
            </div>
            <div className="theme-row">
              <label className="colour-field">
                <input
                  type="color"
                  value={doc.theme.primary}
                  onChange={(e) => setTheme({ primary: e.target.value })}
                  aria-label="Primary colour"
                />
                Primary
              </label>
              <label className="colour-field">
                <input
                  type="color"
                  value={doc.theme.accent}
                  onChange={(e) => setTheme({ accent: e.target.value })}
                  aria-label="Accent colour"
                />
                Accent
              </label>
              <label className="inline-field">
                Font
                <select
                  aria-label="Font"
                  value={doc.theme.fontFamily}
                  onChange={(e) => setTheme({ fontFamily: e.target.value as FontFamily })}
                >
                  {FONT_FAMILIES.map((f) => (
                    <option key={f}>{f}</option>
                  ))}
                </select>
              </label>
            </div>
          </div>
          <div className="panel">
            <BlockList
              doc={doc}
              selected={selected}
              figures={figures}
              onSelect={setSelected}
              onChange={(index, block: InfographicBlock) => edit((current) => withBlock(current, index, block))}
              onAdd={(block) => {
                edit((current) => ({ ...current, blocks: [...current.blocks, block] }));
                setSelected(doc.blocks.length);
              }}
              onRemove={(index) => {
                edit((current) => withoutBlock(current, index));
                setSelected(null);
              }}
            />
          </div>
          <InfographicExportForm doc={doc} />
        </aside>
      </div>
    </div>
  );
}
