// Reports: an ordered list of saved figures and infographics, saved by name, and built into a
// folder (every item as files, an XLSX of all tables and an HTML contact sheet) with progress,
// listing what was written and every item that could not be drawn and why.
import { useState } from 'react';
import type { SavedFigure } from '../../../shared/contract/figures.ts';
import type { UnlinkedNote } from '../../../shared/contract/release.ts';
import type { ExportedFileDto, InfographicSummary, ReportDoc, ReportItemDto } from '../../../shared/contract/report.ts';
import type { Progress } from '../../../shared/protocol.ts';
import { errorMessage } from '../../state/useApiCall.ts';
import { formatBytes } from './ExportResult.tsx';
import { useSavedReports, reportCalls } from '../../data/report.ts';
import { useOpenWorkspaceKey } from '../../data/workspace.ts';
import { ErrorAlert } from '../NoWorkspace.tsx';
import { ChooseFileButton } from '../ChooseFileButton.tsx';
import { UnlinkedNotes } from '../UnlinkedNotes.tsx';

interface BuildOutcome {
  folder: string;
  files: ExportedFileDto[];
  problems: Array<{ item: ReportItemDto; message: string }>;
  unlinked: UnlinkedNote[];
}

const itemKey = (item: ReportItemDto): string => `${item.kind}:${item.name}`;

function move<T>(list: readonly T[], from: number, to: number): T[] {
  const next = [...list];
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(to, 0, item);
  return next;
}

export function ReportBuilder({
  figures,
  infographics,
  onExplore,
  onInfographic,
}: {
  figures: SavedFigure[];
  infographics: InfographicSummary[];
  onExplore(): void;
  onInfographic(): void;
}) {
  const pack = useReportPack(figures, infographics);
  if (figures.length === 0 && infographics.length === 0) {
    return (
      <div className="empty-state card">
        <h2>Nothing to put in a report yet</h2>
        <p>
          A report is an ordered list of saved figures and infographics. Save a figure in Explore, or an infographic in
          the Infographic tab, first.
        </p>
        <div className="row">
          <button className="btn btn-primary" type="button" onClick={onExplore}>
            Go to Explore
          </button>
          <button className="btn" type="button" onClick={onInfographic}>
            Make an infographic
          </button>
        </div>
      </div>
    );
  }

  return (
    <div className="report-builder">
      <ReportItemsCard pack={pack} figures={figures} infographics={infographics} />
      <BuildPackCard pack={pack} />
    </div>
  );
}

/** The report being put together, the saved ones, and saving, deleting and building it. */
function useReportPack(figures: SavedFigure[], infographics: InfographicSummary[]) {
  const [report, setReport] = useState<ReportDoc>({ name: '', items: [] });
  const [toAdd, setToAdd] = useState('');
  const [outDir, setOutDir] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [building, setBuilding] = useState(false);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [outcome, setOutcome] = useState<BuildOutcome | null>(null);

  const { reports, reload: load } = useSavedReports(useOpenWorkspaceKey());

  const known = new Set([
    ...figures.map((f) => `figure:${f.name}`),
    ...infographics.map((i) => `infographic:${i.name}`),
  ]);
  const changed = new Set(figures.filter((f) => f.changed).map((f) => f.name));
  const saved = reports.find((r) => r.name === report.name);
  const unsaved = saved === undefined || JSON.stringify(saved.items) !== JSON.stringify(report.items);

  const update = (items: ReportItemDto[]): void => {
    setReport({ ...report, items });
    setMessage(null);
  };
  const add = (): void => {
    const [kind, ...rest] = toAdd.split(':');
    const name = rest.join(':');
    if ((kind === 'figure' || kind === 'infographic') && name) update([...report.items, { kind, name }]);
    setToAdd('');
  };
  const save = async (): Promise<void> => {
    setError(null);
    try {
      await reportCalls.saveReport({ report: { ...report, name: report.name.trim() } });
      setMessage(`Saved the report “${report.name.trim()}”.`);
      load();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const remove = async (): Promise<void> => {
    if (!saved || !window.confirm(`Delete the report “${saved.name}”? Its figures and infographics stay.`)) return;
    setError(null);
    try {
      await reportCalls.deleteReport({ name: saved.name });
      setReport({ name: '', items: [] });
      load();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const build = async (): Promise<void> => {
    setError(null);
    setOutcome(null);
    setBuilding(true);
    try {
      if (unsaved) await reportCalls.saveReport({ report: { ...report, name: report.name.trim() } });
      const result = await reportCalls.buildReport(
        { name: report.name.trim(), outDir: outDir.trim() },
        { onProgress: setProgress },
      );
      setOutcome({ folder: outDir.trim(), files: result.files, problems: result.problems, unlinked: result.unlinked });
      load();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBuilding(false);
      setProgress(null);
    }
  };

  return {
    report,
    setReport,
    toAdd,
    setToAdd,
    outDir,
    setOutDir,
    error,
    message,
    building,
    progress,
    outcome,
    setOutcome,
    setMessage,
    reports,
    known,
    changed,
    saved,
    unsaved,
    update,
    add,
    save,
    remove,
    build,
  };
}

type ReportPack = ReturnType<typeof useReportPack>;

/** The report's name, its items in order (moved, removed, added), and save or delete. */
function ReportItemsCard({
  pack,
  figures,
  infographics,
}: {
  pack: ReportPack;
  figures: SavedFigure[];
  infographics: InfographicSummary[];
}) {
  const {
    report,
    setReport,
    toAdd,
    setToAdd,
    message,
    reports,
    known,
    changed,
    saved,
    unsaved,
    update,
    add,
    save,
    remove,
    setOutcome,
    setMessage,
  } = pack;
  return (
    <div className="card stack">
      <div className="row">
        <label className="inline-field">
          Report
          <select
            aria-label="Saved report"
            value={saved ? saved.name : ''}
            onChange={(e) => {
              const chosen = reports.find((r) => r.name === e.target.value);
              setReport(chosen ?? { name: '', items: [] });
              setOutcome(null);
              setMessage(null);
            }}
          >
            <option value="">New report</option>
            {reports.map((r) => (
              <option key={r.name} value={r.name}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field grow">
          Name
          <input
            aria-label="Report name"
            className="grow-input"
            value={report.name}
            maxLength={120}
            onChange={(e) => setReport({ ...report, name: e.target.value })}
            placeholder="e.g. Needs assessment 2023/24"
          />
        </label>
        <button
          type="button"
          className="btn btn-primary"
          disabled={report.name.trim() === '' || !unsaved}
          onClick={() => void save()}
        >
          Save report
        </button>
        {saved ? (
          <button type="button" className="btn btn-small btn-danger" onClick={() => void remove()}>
            Delete
          </button>
        ) : null}
      </div>
      {report.items.length === 0 ? (
        <p className="muted">
          This report is empty. Add figures and infographics below, in the order the report shows them.
        </p>
      ) : (
        <ol className="report-items" aria-label="Report items">
          {report.items.map((item, i) => (
            <li key={`${itemKey(item)}-${i}`}>
              <span className="item-number">{i + 1}</span>
              <span className="badge badge-kind">{item.kind === 'figure' ? 'Figure' : 'Infographic'}</span>
              <span className="item-name">{item.name}</span>
              {!known.has(itemKey(item)) ? <span className="badge badge-danger">missing</span> : null}
              {item.kind === 'figure' && changed.has(item.name) ? (
                <span className="badge badge-changed">changed</span>
              ) : null}
              <span className="item-actions">
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Move ${item.name} up`}
                  disabled={i === 0}
                  onClick={() => update(move(report.items, i, i - 1))}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Move ${item.name} down`}
                  disabled={i === report.items.length - 1}
                  onClick={() => update(move(report.items, i, i + 1))}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Remove ${item.name}`}
                  onClick={() => update(report.items.filter((_x, j) => j !== i))}
                >
                  ×
                </button>
              </span>
            </li>
          ))}
        </ol>
      )}
      <div className="row">
        <select aria-label="Item to add" value={toAdd} onChange={(e) => setToAdd(e.target.value)}>
          <option value="">Choose a figure or infographic…</option>
          {figures.length > 0 ? (
            <optgroup label="Figures">
              {figures.map((f) => (
                <option key={f.id} value={`figure:${f.name}`}>
                  {f.name}
                </option>
              ))}
            </optgroup>
          ) : null}
          {infographics.length > 0 ? (
            <optgroup label="Infographics">
              {infographics.map((g) => (
                <option key={g.name} value={`infographic:${g.name}`}>
                  {g.name}
                </option>
              ))}
            </optgroup>
          ) : null}
        </select>
        <button type="button" className="btn" disabled={toAdd === ''} onClick={add}>
          Add to report
        </button>
      </div>
      {message ? (
        <p className="alert alert-success" role="status">
          {message}
        </p>
      ) : null}
    </div>
  );
}

/** The output folder, building the pack with its progress, and what was written. */
function BuildPackCard({ pack }: { pack: ReportPack }) {
  const { report, outDir, setOutDir, error, building, progress, outcome, unsaved, build } = pack;
  const pct = progress && progress.total ? Math.round((100 * progress.done) / progress.total) : 0;
  return (
    <div className="card stack">
      <h2>Build the report pack</h2>
      <p className="muted small">
        Every item as PNG (300 dpi), SVG and PDF (tables as XLSX and CSV), <span className="mono">tables.xlsx</span>{' '}
        with every table, and <span className="mono">index.html</span>, a contact sheet. Next year: import the new
        extract and build again.
      </p>
      <div className="field">
        <label htmlFor="report-out-dir">Folder</label>
        <div className="row nowrap">
          <input
            id="report-out-dir"
            className="grow-input"
            value={outDir}
            onChange={(e) => setOutDir(e.target.value)}
            placeholder="/home/analyst/report/pack-2024"
            spellCheck={false}
          />
          <ChooseFileButton
            purpose="export"
            folder
            current={outDir}
            label="Choose the folder for the pack"
            onChosen={setOutDir}
          />
        </div>
        <span className="hint">
          The full path of a folder; it is created if it does not exist, and files of the same name are replaced.
        </span>
      </div>
      <div className="row">
        <button
          type="button"
          className="btn btn-primary"
          disabled={building || report.name.trim() === '' || report.items.length === 0 || outDir.trim() === ''}
          onClick={() => void build()}
        >
          {building ? 'Building…' : 'Build report pack'}
        </button>
        {unsaved && report.name.trim() !== '' && report.items.length > 0 ? (
          <span className="muted small">The report is saved first.</span>
        ) : null}
      </div>
      {building ? (
        <div className="progress-block" aria-live="polite">
          <div
            className="progress"
            role="progressbar"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={pct}
            aria-label="Report pack progress"
          >
            <span style={{ width: `${pct}%` }} />
          </div>
          <span className="muted small">
            {progress
              ? `${progress.phase} (${Math.min(progress.done + 1, progress.total ?? 0)} of ${progress.total ?? '?'})`
              : 'Starting…'}
          </span>
        </div>
      ) : null}
      <ErrorAlert message={error} />
      {outcome ? (
        <div className="stack" data-testid="build-outcome">
          {outcome.problems.length > 0 ? (
            <div className="alert alert-warning" role="status">
              <strong>
                {outcome.problems.length} {outcome.problems.length === 1 ? 'item was' : 'items were'} not drawn:
              </strong>
              <ul className="warning-list">
                {outcome.problems.map((p) => (
                  <li key={`${itemKey(p.item)}-${p.message}`}>{p.message}</li>
                ))}
              </ul>
            </div>
          ) : (
            <p className="alert alert-success" role="status">
              Every item was drawn.
            </p>
          )}
          <UnlinkedNotes notes={outcome.unlinked} />
          <p className="small muted">
            Written to <span className="mono">{outcome.folder}</span>
          </p>
          <table className="data small" aria-label="Files written">
            <thead>
              <tr>
                <th>File</th>
                <th>Format</th>
                <th className="num">Size</th>
              </tr>
            </thead>
            <tbody>
              {outcome.files.map((f) => (
                <tr key={f.path}>
                  <td className="mono">
                    {f.path.startsWith(outcome.folder)
                      ? f.path.slice(outcome.folder.length).replace(/^[\\/]/, '')
                      : f.path}
                  </td>
                  <td>{f.format.toUpperCase()}</td>
                  <td className="num nowrap">{formatBytes(f.bytes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
