// A labelled passphrase field (the label stays associated for screen readers and tests). A
// field for a new passphrase can judge its strength as it is typed, with the same rule the
// store applies (shared/passphraseStrength.ts), and say why one is refused. The dictionaries
// behind the judgement are loaded on first use, not with the app.
import { useEffect, useState } from 'react';
import type { PassphraseVerdict } from '../../shared/passphraseStrength.ts';
import { useReportError } from '../data/errorReporter.tsx';

type Judge = (passphrase: string) => PassphraseVerdict;
let judgeLoading: Promise<Judge> | null = null;
function loadJudge(): Promise<Judge> {
  judgeLoading ??= import('../../shared/passphraseStrength.ts').then(
    (m) => (p: string) => m.judgePassphrase(p),
    (error: unknown) => {
      // Not kept: the next keystroke tries the load again.
      judgeLoading = null;
      throw error;
    },
  );
  return judgeLoading;
}

/** The verdict on `passphrase` (null while empty or still loading the judge). */
function usePassphraseVerdict(passphrase: string, enabled: boolean): PassphraseVerdict | null {
  const [verdict, setVerdict] = useState<{ for: string; verdict: PassphraseVerdict } | null>(null);
  const reportError = useReportError();
  useEffect(() => {
    if (!enabled || passphrase === '') return;
    let current = true;
    // A judge that cannot load leaves the verdict unknown (the store still refuses a weak
    // passphrase), and says so rather than waiting silently.
    loadJudge().then(
      (judge) => {
        if (current) setVerdict({ for: passphrase, verdict: judge(passphrase) });
      },
      (error: unknown) => {
        if (current) reportError(error, 'Judging the passphrase');
      },
    );
    return () => {
      current = false;
    };
  }, [passphrase, enabled, reportError]);
  return enabled && passphrase !== '' && verdict?.for === passphrase ? verdict.verdict : null;
}

const STRENGTH_WORDS = ['very weak', 'weak', 'fair', 'strong', 'very strong'];

export function PassphraseInput({
  id,
  label,
  autoComplete,
  value,
  onChange,
  describedBy,
  judgeStrength = false,
  onVerdict,
}: {
  id: string;
  label: string;
  autoComplete: 'new-password' | 'current-password';
  value: string;
  onChange(value: string): void;
  describedBy?: string;
  /** Judge a new passphrase as it is typed and show why a weak one is refused. */
  judgeStrength?: boolean;
  /** Told whether the passphrase is accepted (null while empty or not yet judged). */
  onVerdict?(ok: boolean | null): void;
}) {
  const verdict = usePassphraseVerdict(value, judgeStrength);
  const ok = verdict === null ? null : verdict.ok;
  useEffect(() => onVerdict?.(ok), [ok, onVerdict]);
  const strengthId = `${id}-strength`;
  const described = [describedBy, judgeStrength ? strengthId : undefined].filter(Boolean).join(' ');
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="password"
        autoComplete={autoComplete}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        {...(described ? { 'aria-describedby': described } : {})}
        aria-invalid={verdict !== null && !verdict.ok}
        required
      />
      {judgeStrength ? (
        <span id={strengthId} className={verdict?.ok === false ? 'hint hint-error' : 'hint'} aria-live="polite">
          {verdict === null
            ? ''
            : verdict.ok
              ? `Strength: ${STRENGTH_WORDS[verdict.score] ?? 'strong'}.`
              : `Not strong enough: ${verdict.reason ?? ''}`}
        </span>
      ) : null}
    </>
  );
}
