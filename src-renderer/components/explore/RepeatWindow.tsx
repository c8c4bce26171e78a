// The rolling window of the repeat victimisation fields, shown while the table or its filters use
// one. A draft is kept while typing so that a half-typed number never reaches the engine.
import { useState } from 'react';
import { DEFAULT_WINDOW_DAYS } from '../../../shared/codebook.ts';

export const WINDOW_MIN_DAYS = 1;
export const WINDOW_MAX_DAYS = 3650;
const PRESETS: readonly { label: string; days: number }[] = [
  { label: '6 months', days: 183 },
  { label: '12 months', days: 365 },
  { label: '24 months', days: 730 },
];

export function RepeatWindow({ days, onDays }: { days: number | undefined; onDays(days: number): void }) {
  const current = days ?? DEFAULT_WINDOW_DAYS;
  // What was typed, for the window it was typed against: another window (a preset, a figure opened) shows that one.
  const [draft, setDraft] = useState<{ text: string; of: number } | null>(null);
  const text = draft !== null && draft.of === current ? draft.text : String(current);
  const valid = validDays(text) !== null;
  return (
    <div className="builder repeat-window" data-testid="repeat-window">
      <label className="inline-field">
        Repeat window (days)
        <input
          type="number"
          min={WINDOW_MIN_DAYS}
          max={WINDOW_MAX_DAYS}
          step={1}
          value={text}
          aria-invalid={!valid}
          aria-describedby="repeat-window-help"
          onChange={(e) => {
            const next = validDays(e.target.value);
            setDraft({ text: e.target.value, of: next ?? current });
            if (next !== null) onDays(next);
          }}
        />
      </label>
      {PRESETS.map((p) => (
        <button
          key={p.days}
          className="btn"
          type="button"
          aria-pressed={current === p.days}
          onClick={() => {
            setDraft(null);
            onDays(p.days);
          }}
        >
          {p.label}
        </button>
      ))}
      <span id="repeat-window-help" className={valid ? 'muted small' : 'small status-error'}>
        {valid
          ? 'Victimisations of the same person within this many days count as repeats.'
          : `A whole number of days from ${WINDOW_MIN_DAYS} to ${WINDOW_MAX_DAYS.toLocaleString('en-GB')}.`}
      </span>
    </div>
  );
}

/** A whole number of days within the allowed range, or null. */
function validDays(text: string): number | null {
  if (!/^\d+$/.test(text.trim())) return null;
  const days = Number(text);
  return days >= WINDOW_MIN_DAYS && days <= WINDOW_MAX_DAYS ? days : null;
}
