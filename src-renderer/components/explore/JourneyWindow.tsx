// The journeys table's one setting: how many days apart two first appearances may be and
// still count as one episode ("within the window") rather than one role and then the other.
import { useState } from 'react';
import { MAX_JOURNEY_WINDOW_DAYS } from '../../../shared/journeys.ts';

export function JourneyWindow({ days, onDays }: { days: number; onDays(days: number): void }) {
  const [text, setText] = useState(String(days));
  // A window set elsewhere (a saved figure opened) replaces what was typed.
  const [shown, setShown] = useState(days);
  if (shown !== days) {
    setShown(days);
    setText(String(days));
  }
  const parsed = Number(text);
  const valid = /^\d+$/.test(text.trim()) && parsed <= MAX_JOURNEY_WINDOW_DAYS;
  return (
    <div className="builder" aria-label="Journeys settings">
      <label className="inline-field">
        Journey window (days)
        <input
          type="number"
          min={0}
          max={MAX_JOURNEY_WINDOW_DAYS}
          step={1}
          value={text}
          aria-invalid={!valid}
          aria-describedby="journey-window-help"
          onChange={(e) => {
            setText(e.target.value);
            const next = Number(e.target.value);
            if (/^\d+$/.test(e.target.value.trim()) && next <= MAX_JOURNEY_WINDOW_DAYS) onDays(next);
          }}
        />
      </label>
      <span id="journey-window-help" className="muted small">
        {valid
          ? `First appearances in two cohorts up to ${parsed.toLocaleString('en-GB')} days apart count as one episode; further apart, as one role and then the other.`
          : `Enter a whole number of days from 0 to ${MAX_JOURNEY_WINDOW_DAYS.toLocaleString('en-GB')}.`}
      </span>
    </div>
  );
}
