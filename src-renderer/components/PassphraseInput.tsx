// A labelled passphrase field (the label stays associated for screen readers and tests).
export function PassphraseInput({
  id,
  label,
  autoComplete,
  value,
  onChange,
  describedBy,
}: {
  id: string;
  label: string;
  autoComplete: 'new-password' | 'current-password';
  value: string;
  onChange(value: string): void;
  describedBy?: string;
}) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="password"
        autoComplete={autoComplete}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        {...(describedBy ? { 'aria-describedby': describedBy } : {})}
        required
      />
    </>
  );
}
