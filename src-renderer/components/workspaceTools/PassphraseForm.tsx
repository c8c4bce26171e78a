// Change the passphrase: the file is re-keyed.
import { useState } from 'react';
import { workspaceCalls } from '../../data/workspace.ts';
import { useAction } from '../../state/useApiCall.ts';
import { reporting, submitting, type Report } from './report.ts';

export function PassphraseForm({ report }: { report: Report }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const passwd = useAction(
    reporting(report, async () => {
      await workspaceCalls.changePassphrase({ current, next });
      setCurrent('');
      setNext('');
      return 'Passphrase changed: the file was re-keyed.';
    }),
  );
  return (
    <form onSubmit={submitting(() => passwd.run())} aria-label="Change passphrase">
      <h3 className="h3">Change passphrase</h3>
      <input
        aria-label="Current passphrase"
        type="password"
        autoComplete="current-password"
        value={current}
        onChange={(e) => setCurrent(e.target.value)}
        placeholder="Current passphrase"
        required
      />
      <input
        aria-label="New passphrase"
        type="password"
        autoComplete="new-password"
        value={next}
        onChange={(e) => setNext(e.target.value)}
        placeholder="New passphrase (12+ characters)"
        required
      />
      <button className="btn" type="submit" disabled={passwd.pending || next.length < 12}>
        Re-key
      </button>
    </form>
  );
}
