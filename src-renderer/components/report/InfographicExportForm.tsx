// Export the infographic being edited as PNG (300 dpi for print, or screen size), SVG or PDF:
// the same SVG as the preview, so the files say exactly what the screen shows.
import { useState, type FormEvent } from 'react';
import {
  INFOGRAPHIC_EXPORT_FORMATS,
  type ExportedFileDto,
  type InfographicExportFormat,
} from '../../../shared/contract/report.ts';
import type { UnlinkedNote } from '../../../shared/contract/release.ts';
import { PAGE_PIXELS, type InfographicDoc } from '../../../shared/infographic.ts';
import type { Progress } from '../../../shared/protocol.ts';
import { errorMessage } from '../../state/useApiCall.ts';
import { existingFileOf, ReplaceFileConfirm } from './ReplaceFileConfirm.tsx';
import { ExportResult } from './ExportResult.tsx';
import { fileStem, SavePathField, suggestedFileName, withExtension } from './SavePathField.tsx';
import { reportCalls } from '../../data/report.ts';

const LABELS: Readonly<Record<InfographicExportFormat, string>> = { png: 'PNG', svg: 'SVG', pdf: 'PDF' };

export function InfographicExportForm({ doc }: { doc: InfographicDoc }) {
  const [format, setFormat] = useState<InfographicExportFormat>('png');
  const [print, setPrint] = useState(true);
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [written, setWritten] = useState<ExportedFileDto | null>(null);
  const [warnings, setWarnings] = useState<string[]>([]);
  const [unlinked, setUnlinked] = useState<UnlinkedNote[]>([]);
  const page = PAGE_PIXELS[doc.page];
  const scale = print ? 300 / 96 : 1;
  const stem = fileStem(doc.name);

  const choose = (next: InfographicExportFormat): void => {
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
      const out = await reportCalls.exportInfographic(
        { doc, format, path: path.trim(), dpi: print ? 300 : null, ...(overwrite ? { overwrite } : {}) },
        { onProgress: setProgress },
      );
      setWritten(out.file);
      setWarnings(out.warnings);
      setUnlinked(out.unlinked);
    } catch (e) {
      const exists = existingFileOf(e, path.trim());
      if (exists === null) setError(errorMessage(e));
      setExisting(exists);
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };

  return (
    <form className="panel" aria-labelledby="infographic-export-title" onSubmit={(e) => void submit(e)}>
      <h3 className="panel-title" id="infographic-export-title">
        Export
      </h3>
      <div className="segmented" role="radiogroup" aria-label="Export format">
        {INFOGRAPHIC_EXPORT_FORMATS.map((f) => (
          <button
            key={f}
            type="button"
            role="radio"
            aria-checked={format === f}
            className={format === f ? 'seg seg-on' : 'seg'}
            onClick={() => choose(f)}
          >
            {LABELS[f]}
          </button>
        ))}
      </div>
      {format === 'png' ? (
        <label className="check">
          <input type="checkbox" checked={print} onChange={(e) => setPrint(e.target.checked)} />
          Print quality, 300 dpi ({Math.round(page.width * scale)} × {Math.round(page.height * scale)} px)
        </label>
      ) : (
        <p className="muted small">
          {format === 'svg' ? 'Vector; text stays text.' : 'One page, fonts embedded, text searchable.'}
        </p>
      )}
      <SavePathField
        id="infographic-export-path"
        label="Save as"
        value={path}
        onChange={setPath}
        suggestedName={suggestedFileName(doc.name, format)}
        filters={[{ name: `${LABELS[format]} file`, extensions: [format] }]}
        placeholder={`/home/analyst/report/${stem}.${format}`}
      />
      <div className="row">
        <button className="btn btn-primary" type="submit" disabled={busy || path.trim() === ''}>
          {busy ? 'Exporting…' : `Export ${LABELS[format]}`}
        </button>
        {busy && progress ? <span className="muted small">{progress.phase}…</span> : null}
      </div>
      <ReplaceFileConfirm path={existing} onReplace={() => void run(true)} onKeep={() => setExisting(null)} />
      <ExportResult
        error={error}
        files={written ? [written] : []}
        warnings={written ? warnings : []}
        unlinked={written ? unlinked : []}
      />
    </form>
  );
}
