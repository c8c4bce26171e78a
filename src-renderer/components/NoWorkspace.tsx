// The empty state of every screen that needs an open workspace: what is missing and the way to it.
import { useWorkspace } from '../state/WorkspaceContext.tsx';

export function NoWorkspace({ title, reason, onStart }: { title: string; reason: string; onStart(): void }) {
  const locked = useWorkspace().status?.state === 'locked';
  return (
    <section className="screen" aria-labelledby="screen-title">
      <header className="screen-header">
        <h1 id="screen-title">{title}</h1>
      </header>
      <div className="empty-state card">
        <h2>{locked ? 'Workspace locked' : 'No workspace open'}</h2>
        <p>
          {locked
            ? 'It locked itself after the idle time, or someone locked it. Unlock it on the Start screen to carry on.'
            : reason}
        </p>
        <button className="btn btn-primary" type="button" onClick={onStart}>
          {locked ? 'Unlock on Start' : 'Go to Start'}
        </button>
      </div>
    </section>
  );
}

/** A typed error under a form, announced to screen readers. */
export function ErrorAlert({ message }: { message: string | null | undefined }) {
  return message ? (
    <p className="alert alert-error" role="alert">
      {message}
    </p>
  ) : null;
}
