// The active filters as removable chips, and "Clear all".
import type { Selections } from '../../state/filters.ts';

export function FilterChips({
  selections,
  labelOf,
  onRemove,
  onClear,
}: {
  selections: Selections;
  labelOf(field: string): string;
  onRemove(field: string, value: string): void;
  onClear(): void;
}) {
  const chips = Object.entries(selections).flatMap(([field, s]) =>
    s.values.map((value) => ({ field, value, mode: s.mode })),
  );
  if (chips.length === 0)
    return <p className="chips-empty muted small">No filters: every record of the period is counted.</p>;
  return (
    <div className="chips" role="list" aria-label="Active filters">
      {chips.map((chip) => (
        <span
          role="listitem"
          key={`${chip.field}:${chip.value}`}
          className={chip.mode === 'in' ? 'chip' : 'chip chip-exclude'}
        >
          {labelOf(chip.field)}: {chip.mode === 'notIn' ? 'not ' : ''}
          {chip.value}
          <button
            type="button"
            aria-label={`Remove filter ${labelOf(chip.field)} ${chip.value}`}
            onClick={() => onRemove(chip.field, chip.value)}
          >
            ×
          </button>
        </span>
      ))}
      <button type="button" className="btn btn-small" onClick={onClear}>
        Clear all
      </button>
    </div>
  );
}
