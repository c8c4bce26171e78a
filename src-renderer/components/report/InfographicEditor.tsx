// The one-page infographic editor: start from the victims, suspects or offenders template
// (filled from the workspace's latest year) or a saved infographic; choose the page and the
// theme; edit blocks' words; arrange them on the grid; save by name; export. The preview is
// the exported SVG itself, re-rendered (debounced) after every change.
import type { DatasetSummary } from '../../../shared/contract/engine.ts';
import type { SavedFigure } from '../../../shared/contract/figures.ts';
import { TEMPLATES, type TemplateId } from '../../../shared/contract/report.ts';
import { FONT_FAMILIES, type FontFamily, type InfographicBlock } from '../../../shared/infographic.ts';
import { ErrorAlert } from '../NoWorkspace.tsx';
import { BlockList } from './BlockList.tsx';
import { InfographicCanvas } from './InfographicCanvas.tsx';
import { InfographicExportForm } from './InfographicExportForm.tsx';
import { InfographicStart } from './InfographicStart.tsx';
import { PAGES, TEMPLATE_INFO } from './infographicTemplates.ts';
import { withBlock, withoutBlock, withPlace } from './infographicEdits.ts';
import { useInfographicDocument, type InfographicDocument } from './useInfographicDocument.ts';

export function InfographicEditor({
  datasets,
  figures,
  onData,
}: {
  datasets: DatasetSummary[];
  figures: SavedFigure[];
  onData(): void;
}) {
  const editor = useInfographicDocument();
  const { doc, selected, setSelected, saved, error, message, edit, startFromTemplate, open } = editor;
  if (doc === null) {
    return (
      <InfographicStart
        datasets={datasets}
        saved={saved}
        error={error}
        starting={editor.starting}
        onData={onData}
        startFromTemplate={startFromTemplate}
        open={open}
      />
    );
  }
  return (
    <div className="infographic-editor">
      <EditorToolbar editor={editor} datasets={datasets} />
      <ErrorAlert message={error} />
      {message ? (
        <p className="alert alert-success" role="status">
          {message}
        </p>
      ) : null}
      <div className="editor-body">
        <EditorPreview editor={editor} />
        <aside className="editor-side">
          <PageAndTheme editor={editor} />
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

/** Name, save, the saved state, a new document from a template, open, delete. */
function EditorToolbar({ editor, datasets }: { editor: InfographicDocument; datasets: DatasetSummary[] }) {
  const { doc, savedAs, dirty, saved, nameTaken, edit, startFromTemplate, open, save, remove } = editor;
  if (doc === null) return null;
  const counts = new Map(datasets.map((d) => [d.name, d.records]));
  return (
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
  );
}

/** The preview: the exported SVG itself, its status and the layout's warnings. */
function EditorPreview({ editor }: { editor: InfographicDocument }) {
  const { doc, render, selected, setSelected, edit } = editor;
  if (doc === null) return null;
  return (
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
  );
}

/** The page (A4 portrait or a 16:9 slide), the colours and the font. */
function PageAndTheme({ editor }: { editor: InfographicDocument }) {
  const { doc, switchPage, setTheme } = editor;
  if (doc === null) return null;
  return (
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
  );
}
