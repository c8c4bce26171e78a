// The workspace's disclosure policy: the least protection any export, infographic or report
// pack must have. Explore may show tables under any rule; exports below the policy are
// refused. Changing the policy asks for the passphrase again, and the change is audited.
import { useState, type FormEvent } from 'react';
import type { PolicyView } from '../../../shared/contract/disclosure.ts';
import { dataCalls, useDisclosurePolicy } from '../../data/data.ts';
import { useOpenWorkspaceKey } from '../../data/workspace.ts';
import { errorMessage } from '../../state/useApiCall.ts';
import { ErrorAlert } from '../NoWorkspace.tsx';
import { PassphraseInput } from '../PassphraseInput.tsx';

const ROUNDING = [
  { value: '', label: 'Optional' },
  { value: '5', label: 'Base 5 or coarser' },
  { value: '10', label: 'Base 10 or coarser' },
];

export function DisclosurePolicyCard() {
  const read = useDisclosurePolicy(useOpenWorkspaceKey());
  /** The policy the form was last filled from: a newly read one fills it again. */
  const [view, setView] = useState<PolicyView | null>(null);
  const [threshold, setThreshold] = useState('5');
  const [zeros, setZeros] = useState(false);
  const [round, setRound] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const show = (next: PolicyView): void => {
    setView(next);
    setThreshold(String(next.policy.threshold));
    setZeros(next.policy.suppressZeros);
    setRound(next.policy.round === null ? '' : String(next.policy.round));
  };
  const [shownRead, setShownRead] = useState<PolicyView | null>(null);
  if (read.policy !== null && read.policy !== shownRead) {
    setShownRead(read.policy);
    show(read.policy);
  }

  const change = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const next = await dataCalls.setPolicy({
        passphrase,
        policy: { threshold: Number(threshold), suppressZeros: zeros, round: round === '' ? null : Number(round) },
      });
      show(next);
      setDone(`Policy changed: ${next.description}. The change is in the audit log.`);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setPassphrase('');
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="policy-title">
      <h2 id="policy-title">Disclosure policy</h2>
      <p className="muted small">
        Every export, infographic and report pack must meet this policy; one below it is refused. Explore can show any
        rule, since you see the records anyway.
      </p>
      <p data-testid="policy-status" aria-live="polite">
        {view ? (
          <>
            <strong>Current policy:</strong> {view.description}.
          </>
        ) : (
          'Reading…'
        )}
      </p>
      <ErrorAlert message={error ?? read.error} />
      {done ? (
        <p className="alert alert-success" role="status">
          {done}
        </p>
      ) : null}
      <form className="field" onSubmit={(e) => void change(e)} aria-label="Change the disclosure policy">
        <div className="row">
          <label htmlFor="policy-threshold">Suppress counts below</label>
          <input
            id="policy-threshold"
            type="number"
            min={1}
            max={100}
            value={threshold}
            onChange={(e) => setThreshold(e.target.value)}
            required
          />
          <label>
            <input type="checkbox" checked={zeros} onChange={(e) => setZeros(e.target.checked)} /> Suppress zero counts
          </label>
          <label htmlFor="policy-round">Rounding</label>
          <select id="policy-round" value={round} onChange={(e) => setRound(e.target.value)}>
            {ROUNDING.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
        </div>
        <PassphraseInput
          id="policy-passphrase"
          label="Workspace passphrase (needed to change the policy)"
          autoComplete="current-password"
          value={passphrase}
          onChange={setPassphrase}
        />
        <div>
          <button className="btn" type="submit" disabled={busy || passphrase === ''}>
            Change the policy
          </button>
        </div>
      </form>
    </section>
  );
}
