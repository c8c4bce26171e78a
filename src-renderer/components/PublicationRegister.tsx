// The publication register on the Audit screen: what the open release (or an earlier one)
// published, when and where to, how many cells each output hid and why (and which earlier
// outputs it could not be protected together with, with what to do); and "Start a new
// release" (next year's assessment) after a confirmation, which ends the open one.
import { useCallback, useEffect, useState } from 'react';
import type { PublicationSummary, Release } from '../../shared/contract/release.ts';
import { useAction } from '../state/useApiCall.ts';
import { ErrorAlert } from './NoWorkspace.tsx';
import { workspaceCalls } from '../data/workspace.ts';
import { UnlinkedNoteLines } from './UnlinkedNotes.tsx';

const KIND_LABELS: Readonly<Record<PublicationSummary['kind'], string>> = {
  table: 'Table',
  figure: 'Chart',
  infographic: 'Infographic',
  report: 'Report pack',
};

function when(iso: string): string {
  return new Date(iso).toLocaleString('en-GB');
}

export function PublicationRegister() {
  const [releases, setReleases] = useState<Release[]>([]);
  const [selected, setSelected] = useState<number | null>(null);
  const [publications, setPublications] = useState<PublicationSummary[]>([]);
  const [confirming, setConfirming] = useState(false);
  const [name, setName] = useState('');
  // Stable callbacks, so the first load runs once and not on every render.
  const loadRelease = useCallback(async (releaseId: number | null) => {
    const list = await workspaceCalls.releases({});
    setReleases(list.releases);
    const id = releaseId ?? list.releases.find((r) => r.endedAt === null)?.id ?? list.releases[0]?.id ?? null;
    setSelected(id);
    setPublications(id === null ? [] : (await workspaceCalls.publications({ releaseId: id })).publications);
  }, []);
  const load = useAction(loadRelease);
  const startRelease = useCallback(
    async (releaseName: string) => {
      const { release } = await workspaceCalls.startRelease({ name: releaseName });
      setConfirming(false);
      setName('');
      await loadRelease(release.id);
    },
    [loadRelease],
  );
  const start = useAction(startRelease);
  const refresh = load.run;
  useEffect(() => {
    // useAction keeps a failure as load.error, shown below.
    queueMicrotask(() => void refresh(null));
  }, [refresh]);
  const open = releases.find((r) => r.endedAt === null);

  return (
    <div className="card stack" aria-labelledby="register-title">
      <h2 id="register-title">Publication register</h2>
      <p className="muted small">
        Every table, chart, infographic and report pack that left the workspace. A new output is protected together with
        everything its release has published, so no two outputs can be subtracted to reveal a small count.
      </p>
      <div className="row">
        <label className="inline-field">
          Release
          <select
            aria-label="Release"
            value={selected ?? ''}
            onChange={(e) => void refresh(e.target.value === '' ? null : Number(e.target.value))}
          >
            {releases.length === 0 ? <option value="">No releases yet</option> : null}
            {releases.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name} ({r.endedAt ? `ended ${when(r.endedAt)}` : 'open'}, {r.publications}{' '}
                {r.publications === 1 ? 'output' : 'outputs'})
              </option>
            ))}
          </select>
        </label>
        <button className="btn" type="button" onClick={() => setConfirming(true)} disabled={confirming}>
          Start a new release
        </button>
      </div>
      {confirming ? (
        <form
          className="alert alert-warning stack"
          role="alertdialog"
          aria-labelledby="release-confirm-title"
          onSubmit={(e) => {
            e.preventDefault();
            void start.run(name);
          }}
        >
          <p id="release-confirm-title">
            {open
              ? `End “${open.name}” (${open.publications} ${open.publications === 1 ? 'output' : 'outputs'}) and start a new release? Later outputs are then protected against the new release only: start one for a new assessment, not between outputs of this one. This is recorded in the audit log.`
              : 'Start a new release? Later outputs are protected together within it. This is recorded in the audit log.'}
          </p>
          <label className="inline-field">
            Name of the new release
            <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} />
          </label>
          <div className="row">
            <button className="btn btn-primary" type="submit" disabled={start.pending || name.trim() === ''}>
              Start the new release
            </button>
            <button className="btn" type="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      <ErrorAlert message={load.error ?? start.error} />
      <table className="data" aria-label="Publication register">
        <thead>
          <tr>
            <th>When</th>
            <th>What</th>
            <th>Title</th>
            <th>Where to</th>
            <th>Cells hidden</th>
            <th>Why</th>
          </tr>
        </thead>
        <tbody>
          {publications.length === 0 ? (
            <tr>
              <td colSpan={6} className="muted">
                Nothing published in this release yet.
              </td>
            </tr>
          ) : null}
          {publications.map((p) => (
            <tr key={p.id}>
              <td>{when(p.publishedAt)}</td>
              <td>{KIND_LABELS[p.kind]}</td>
              <td>{p.title}</td>
              <td className="small">{p.destination}</td>
              <td className="num">{p.cellsHidden}</td>
              <td className="small">
                {p.reasons.map((r) => `${r.cells} ${r.cells === 1 ? 'cell' : 'cells'} ${r.reason}`).join('; ')}
                <UnlinkedNoteLines notes={p.unlinked} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
