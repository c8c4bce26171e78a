// In the status bar while the rows of an import cancelled after they were stored are removed:
// that runs after the cancel's answer, and later writes, a lock or a close wait for it, so the
// analyst sees why. Main pushes `workspace.removal` with its progress, then null once it is over.
import { useEffect, useState } from 'react';
import { RemovalProgressSchema, type RemovalProgress } from '../../shared/contract/workspace.ts';
import { onApiEvent } from '../data/session.ts';

const LABEL = 'Removing the cancelled import’s rows';

export function RemovalProgressBar() {
  const [removal, setRemoval] = useState<RemovalProgress | null>(null);

  useEffect(() => {
    const read = (payload: unknown): void => {
      const parsed = RemovalProgressSchema.nullable().safeParse(payload);
      setRemoval(parsed.success ? parsed.data : null);
    };
    let offs: Array<() => void> = [];
    try {
      // A lock or close stops the removal; its end event clears the bar, and so does the lock.
      offs = [onApiEvent('workspace.removal', read), onApiEvent('workspace.locked', () => setRemoval(null))];
    } catch {
      // No connection to main: the status bar reports it.
    }
    return () => {
      for (const off of offs) off();
    };
  }, []);

  if (removal === null) return null;
  const percent = removal.total > 0 ? Math.min(100, Math.floor((removal.done / removal.total) * 100)) : 0;
  return (
    <span className="status-removal" data-testid="status-removal">
      <span aria-hidden="true">
        {LABEL}: {percent}%
      </span>
      <span
        className="progress"
        role="progressbar"
        aria-label={LABEL}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}%`}
      >
        <span style={{ width: `${percent}%` }} />
      </span>
    </span>
  );
}
