// Export one saved figure: the chart as PNG, SVG or PDF (size, title, 300 dpi print option)
// or its table as XLSX or CSV, to a chosen path, with progress; disclosure control always
// applies. A chart's preview is the SVG file the export writes, drawn again as options change;
// a table's says what the file will hide. Either warns, before the export, of hidden counts
// earlier outputs of the release already gave away.
import { useState, type FormEvent } from 'react';
import {
  FIGURE_EXPORT_FORMATS,
  type ExportedFileDto,
  type FigureExportFormat,
} from '../../../shared/contract/report.ts';
import type { SavedFigure } from '../../../shared/contract/figures.ts';
import type { UnlinkedNote } from '../../../shared/contract/release.ts';
import type { Progress } from '../../../shared/protocol.ts';
import { errorMessage } from '../../state/useApiCall.ts';
import { existingFileOf, ReplaceFileConfirm } from './ReplaceFileConfirm.tsx';
import { fileStem, SavePathField, suggestedFileName, withExtension } from './SavePathField.tsx';
import { ExportResult } from './ExportResult.tsx';
import { FigurePreview } from './FigurePreview.tsx';
import { TablePreview } from './TablePreview.tsx';
import { reportCalls } from '../../data/report.ts';

const FORMAT_LABELS: Readonly<Record<FigureExportFormat, string>> = {
  png: 'PNG image',
  svg: 'SVG (vector)',
  pdf: 'PDF',
  xlsx: 'Excel table',
  csv: 'CSV table',
};

export function FigureExportForm({ figure, onClose }: { figure: SavedFigure; onClose(): void }) {
  const tableOnly = figure.figure.chart === 'table';
  const [format, setFormat] = useState<FigureExportFormat>(tableOnly ? 'xlsx' : 'png');
  const [path, setPath] = useState('');
  const [width, setWidth] = useState(960);
  const [height, setHeight] = useState(600);
  const [title, setTitle] = useState(figure.figure.title);
  const [print, setPrint] = useState(false);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [written, setWritten] = useState<ExportedFileDto | null>(null);
  const [unlinked, setUnlinked] = useState<UnlinkedNote[]>([]);
  const [warnings, setWarnings] = useState<string[]>([]);
  const [exportsWritten, setExportsWritten] = useState(0);
  const chart = format === 'png' || format === 'svg' || format === 'pdf';
  const stem = fileStem(figure.figure.title || figure.name);

  const choose = (next: FigureExportFormat): void => {
    setFormat(next);
    setPath((p) => withExtension(p, next));
    setWritten(null);
  };

  const [existing, setExisting] = useState<string | null>(null);

  const submit = (event: FormEvent): Promise<void> => {
    event.preventDefault();
    return run(false);
  };

  const run = async (overwrite: boolean): Promise<void> => {
    setBusy(true);
    setError(null);
    setWritten(null);
    setExisting(null);
    try {
      const out = await reportCalls.exportFigure(
        {
          name: figure.name,
          format,
          path: path.trim(),
          ...(chart ? { width, height } : {}),
          title,
          dpi: format === 'png' && print ? 300 : null,
          ...(overwrite ? { overwrite } : {}),
        },
        { onProgress: setProgress },
      );
      setWritten(out.file);
      setUnlinked(out.unlinked);
      setWarnings(out.warnings);
      setExportsWritten((n) => n + 1);
    } catch (e) {
      const exists = existingFileOf(e, path.trim());
      if (exists === null) setError(errorMessage(e));
      setExisting(exists);
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };

  const pixels = print
    ? `${Math.round((width * 300) / 96)} × ${Math.round((height * 300) / 96)} px`
    : `${width * 2} × ${height * 2} px`;

  return (
    <form className="card export-form" aria-labelledby="figure-export-title" onSubmit={(e) => void submit(e)}>
      <div className="card-head">
        <h2 id="figure-export-title">Export “{figure.name}”</h2>
        <button type="button" className="icon-button" aria-label="Close the export form" onClick={onClose}>
          ×
        </button>
      </div>
      <fieldset className="format-picker">
        <legend>Format</legend>
        <div className="segmented" role="radiogroup" aria-label="Format">
          {FIGURE_EXPORT_FORMATS.map((f) => (
            <button
              key={f}
              type="button"
              role="radio"
              aria-checked={format === f}
              className={format === f ? 'seg seg-on' : 'seg'}
              disabled={tableOnly && (f === 'png' || f === 'svg' || f === 'pdf')}
              onClick={() => choose(f)}
            >
              {FORMAT_LABELS[f]}
            </button>
          ))}
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor="figure-export-title-text">Title</label>
        <input
          id="figure-export-title-text"
          className="grow-input"
          value={title}
          maxLength={300}
          onChange={(e) => setTitle(e.target.value)}
        />
        <span className="hint">For this export only; the saved figure keeps its own title.</span>
      </div>
      {chart ? (
        <div className="row">
          <label className="inline-field">
            Width
            <input
              className="narrow-number"
              type="number"
              min={200}
              max={4000}
              step={10}
              value={width}
              onChange={(e) => setWidth(Number(e.target.value) || 960)}
              aria-label="Width in pixels"
            />
          </label>
          <label className="inline-field">
            Height
            <input
              className="narrow-number"
              type="number"
              min={150}
              max={4000}
              step={10}
              value={height}
              onChange={(e) => setHeight(Number(e.target.value) || 600)}
              aria-label="Height in pixels"
            />
          </label>
          {format === 'png' ? (
            <label className="check">
              <input type="checkbox" checked={print} onChange={(e) => setPrint(e.target.checked)} />
              Print quality, 300 dpi
            </label>
          ) : null}
          <span className="muted small">
            {format === 'png'
              ? pixels
              : format === 'svg'
                ? 'Vector; text drawn as outlines, still searchable'
                : 'One page, fonts embedded'}
          </span>
        </div>
      ) : (
        <p className="muted small">
          The table with its title, footnotes (period, filters, source, disclosure rule)
          {format === 'xlsx' ? ' and a metadata sheet' : ''}.
        </p>
      )}
      {chart ? (
        <FigurePreview options={{ name: figure.name, width, height, title }} />
      ) : (
        <TablePreview name={figure.name} exportsWritten={exportsWritten} />
      )}
      <SavePathField
        id="figure-export-path"
        label="Save as"
        value={path}
        onChange={setPath}
        suggestedName={suggestedFileName(figure.figure.title || figure.name, format)}
        filters={[{ name: FORMAT_LABELS[format], extensions: [format] }]}
        placeholder={`/home/analyst/report/${stem}.${format}`}
      />
      <div className="row">
        <button className="btn btn-primary" type="submit" disabled={busy || path.trim() === ''}>
          {busy ? 'Exporting…' : `Export ${format.toUpperCase()}`}
        </button>
        {busy && progress ? <span className="muted small">{progress.phase}…</span> : null}
      </div>
      <ReplaceFileConfirm path={existing} onReplace={() => void run(true)} onKeep={() => setExisting(null)} />
      <ExportResult
        error={error}
        files={written ? [written] : []}
        // What the export itself found, under its file: the preview above may not have answered
        // before Export was pressed, and after the export it is asked again of the release this
        // file joined, so it no longer describes the file. A chart's preview is the file itself.
        warnings={written && !chart ? warnings : []}
        unlinked={written ? unlinked : []}
      />
    </form>
  );
}
