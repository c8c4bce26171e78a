// Start: create or open an encrypted workspace, reopen a recent one, lock or close it.
import { useEffect, useState, type FormEvent } from 'react';
import type { WorkspaceStatus } from '../../shared/contract/workspace.ts';
import { useAction } from '../state/useApiCall.ts';
import { useRecentWorkspaces, workspaceCalls } from '../data/workspace.ts';
import { useWorkspace } from '../state/WorkspaceContext.tsx';
import { WorkspaceSummary } from '../components/WorkspaceSummary.tsx';
import { WorkspaceTools } from '../components/WorkspaceTools.tsx';
import { RestoreForm } from '../components/RestoreForm.tsx';
import { SampleCard, SamplePassphraseNotice } from '../components/SampleCard.tsx';
import { ChooseFileButton } from '../components/ChooseFileButton.tsx';
import { ContactSetting } from '../components/ContactSetting.tsx';
import { PassphraseInput } from '../components/PassphraseInput.tsx';
import { ErrorAlert } from '../components/NoWorkspace.tsx';

const MIN_PASSPHRASE = 12;

interface Recent {
  path: string;
  lastOpenedAt: string;
  exists: boolean;
}

export function StartScreen() {
  const { status, setStatus } = useWorkspace();
  const [openPath, setOpenPath] = useState('');
  const [samplePass, setSamplePass] = useState<string | null>(null);

  const { items: recent, reload: loadRecent } = useRecentWorkspaces();
  // The list changes when a workspace opens or closes here.
  useEffect(() => loadRecent(), [loadRecent, status?.state]);

  return (
    <section className="screen" aria-labelledby="screen-title">
      <header className="screen-header">
        <h1 id="screen-title">Start</h1>
        <p className="screen-summary">
          A workspace is one encrypted file holding the cohorts, the codebook, saved figures and the audit log.
        </p>
      </header>
      {samplePass !== null && status?.state === 'open' ? (
        <SamplePassphraseNotice passphrase={samplePass} onDismiss={() => setSamplePass(null)} />
      ) : null}
      {status?.state === 'open' ? (
        <OpenWorkspace status={status} onStatus={setStatus} />
      ) : status?.state === 'locked' ? (
        <UnlockForm status={status} onStatus={setStatus} />
      ) : (
        <div className="grid-2">
          <CreateForm onStatus={setStatus} />
          <div className="stack">
            <SampleCard
              onCreated={(created, passphrase) => {
                setSamplePass(passphrase);
                setStatus(created);
              }}
            />
            <OpenForm path={openPath} onPath={setOpenPath} onStatus={setStatus} />
            <RecentList items={recent} onPick={setOpenPath} />
          </div>
        </div>
      )}
    </section>
  );
}

function CreateForm({ onStatus }: { onStatus(s: WorkspaceStatus): void }) {
  const [path, setPath] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const create = useAction((p: string, pass: string) => workspaceCalls.create({ path: p, passphrase: pass }));
  const tooShort = passphrase.length > 0 && passphrase.length < MIN_PASSPHRASE;
  // The strength judged as it is typed (PassphraseInput); the store judges again on create.
  const [strong, setStrong] = useState<boolean | null>(null);
  const mismatch = confirm.length > 0 && confirm !== passphrase;

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (passphrase.length < MIN_PASSPHRASE || passphrase !== confirm) return;
    const result = await create.run(path, passphrase);
    if (result) onStatus(result);
  };

  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="create-title">
      <h2 id="create-title">Create a workspace</h2>
      <div className="field">
        <label htmlFor="create-path">File</label>
        <div className="row">
          <input
            id="create-path"
            className="grow-input"
            value={path}
            onChange={(e) => setPath(e.target.value)}
            placeholder="/home/analyst/vso-2025.vsow"
            required
          />
          <ChooseFileButton
            purpose="workspace"
            save
            defaultName="vso-workspace.vsow"
            label="Choose where to create the workspace"
            onChosen={setPath}
          />
        </div>
        <span className="hint">A new file ending in .vsow. Keep it on an encrypted, backed-up drive.</span>
      </div>
      <div className="field">
        <PassphraseInput
          id="create-pass"
          label="Passphrase"
          autoComplete="new-password"
          value={passphrase}
          onChange={setPassphrase}
          describedBy="create-pass-hint"
          judgeStrength
          onVerdict={setStrong}
        />
        <span id="create-pass-hint" className={tooShort ? 'hint hint-error' : 'hint'}>
          At least {MIN_PASSPHRASE} characters. A few unrelated words are easy to remember and hard to guess. It cannot
          be recovered if lost.
        </span>
      </div>
      <div className="field">
        <PassphraseInput
          id="create-confirm"
          label="Repeat passphrase"
          autoComplete="new-password"
          value={confirm}
          onChange={setConfirm}
        />
        {mismatch ? <span className="hint hint-error">The two passphrases differ.</span> : null}
      </div>
      <ErrorAlert message={create.error} />
      <button
        className="btn btn-primary"
        type="submit"
        disabled={create.pending || tooShort || strong === false || mismatch || passphrase.length === 0}
      >
        {create.pending ? 'Creating…' : 'Create workspace'}
      </button>
    </form>
  );
}

function OpenForm({
  path,
  onPath,
  onStatus,
}: {
  path: string;
  onPath(p: string): void;
  onStatus(s: WorkspaceStatus): void;
}) {
  const [passphrase, setPassphrase] = useState('');
  const open = useAction((p: string, pass: string) => workspaceCalls.open({ path: p, passphrase: pass }));
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const result = await open.run(path, passphrase);
    if (result) {
      setPassphrase('');
      onStatus(result);
    } else {
      setPassphrase('');
    }
  };
  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="open-title">
      <h2 id="open-title">Open a workspace</h2>
      <div className="field">
        <label htmlFor="open-path">File</label>
        <div className="row">
          <input
            id="open-path"
            className="grow-input"
            value={path}
            onChange={(e) => onPath(e.target.value)}
            placeholder="/home/analyst/vso-2025.vsow"
            required
          />
          <ChooseFileButton purpose="workspace" label="Choose a workspace to open" onChosen={onPath} />
        </div>
      </div>
      <div className="field">
        <PassphraseInput
          id="open-pass"
          label="Passphrase"
          autoComplete="current-password"
          value={passphrase}
          onChange={setPassphrase}
        />
      </div>
      <ErrorAlert message={open.error} />
      <button className="btn btn-primary" type="submit" disabled={open.pending}>
        {open.pending ? 'Opening…' : 'Open workspace'}
      </button>
    </form>
  );
}

function RecentList({ items, onPick }: { items: Recent[]; onPick(path: string): void }) {
  return (
    <div className="card" aria-labelledby="recent-title">
      <h2 id="recent-title">Recent workspaces</h2>
      {items.length === 0 ? (
        <p className="muted">None yet. Workspaces you open appear here (their paths only, never a passphrase).</p>
      ) : (
        <ul className="recent-list">
          {items.map((item) => (
            <li key={item.path}>
              <button
                type="button"
                className="link-button"
                onClick={() => onPick(item.path)}
                disabled={!item.exists}
                title={item.exists ? 'Fill in the Open form' : 'The file is no longer there'}
              >
                {item.path}
              </button>
              <span className="muted small">{new Date(item.lastOpenedAt).toLocaleString('en-GB')}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function UnlockForm({ status, onStatus }: { status: WorkspaceStatus; onStatus(s: WorkspaceStatus): void }) {
  const [passphrase, setPassphrase] = useState('');
  const unlock = useAction((pass: string) => workspaceCalls.unlock({ passphrase: pass }));
  const close = useAction(() => workspaceCalls.close({}));
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const result = await unlock.run(passphrase);
    setPassphrase('');
    if (result) onStatus(result);
  };
  return (
    <form className="card narrow" onSubmit={(e) => void submit(e)} aria-labelledby="unlock-title">
      <h2 id="unlock-title">Workspace locked</h2>
      <p className="muted">{status.path}</p>
      <p>The key and the in-memory data were dropped. Enter the passphrase to carry on.</p>
      <div className="field">
        <PassphraseInput
          id="unlock-pass"
          label="Passphrase"
          autoComplete="current-password"
          value={passphrase}
          onChange={setPassphrase}
        />
      </div>
      <ErrorAlert message={unlock.error} />
      <div className="row">
        <button className="btn btn-primary" type="submit" disabled={unlock.pending}>
          Unlock
        </button>
        <button
          className="btn"
          type="button"
          onClick={() => {
            void close.run().then((s) => s && onStatus(s));
          }}
        >
          Close workspace
        </button>
      </div>
    </form>
  );
}

function OpenWorkspace({ status, onStatus }: { status: WorkspaceStatus; onStatus(s: WorkspaceStatus): void }) {
  const { refresh } = useWorkspace();
  const lock = useAction(() => workspaceCalls.lock({}));
  const close = useAction(() => workspaceCalls.close({}));
  const idle = useAction((minutes: number) => workspaceCalls.setIdleMinutes({ minutes }));
  return (
    <div className="stack">
      <WorkspaceSummary status={status} />
      <div className="card">
        <h2>Security</h2>
        <div className="row">
          <button className="btn" type="button" onClick={() => void lock.run().then((s) => s && onStatus(s))}>
            Lock now
          </button>
          <button className="btn" type="button" onClick={() => void close.run().then((s) => s && onStatus(s))}>
            Close workspace
          </button>
          <label className="inline-field">
            Lock after
            <select
              aria-label="Idle minutes before locking"
              value={status.idleMinutes ?? 15}
              onChange={(e) => void idle.run(Number(e.target.value)).then((s) => s && onStatus(s))}
            >
              {[5, 10, 15, 30, 60, 120].map((m) => (
                <option key={m} value={m}>
                  {m} minutes idle
                </option>
              ))}
            </select>
          </label>
        </div>
        {(lock.error ?? close.error ?? idle.error) ? (
          <p className="alert alert-error" role="alert">
            {lock.error ?? close.error ?? idle.error}
          </p>
        ) : null}
      </div>
      <ContactSetting />
      <WorkspaceTools onChanged={() => void refresh()} />
      <div className="card">
        <RestoreForm currentPath={status.path} onRestored={() => void refresh()} />
      </div>
    </div>
  );
}
