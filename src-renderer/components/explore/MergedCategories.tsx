// The categories the table merges (an advisor option, or a saved figure), each with a button
// to split it again.
import type { CategoryGroups } from '../../../shared/query.ts';

export function MergedCategories({
  groups,
  labelOf,
  onSplit,
}: {
  groups: CategoryGroups;
  labelOf(field: string): string;
  onSplit(field: string, label: string): void;
}) {
  const entries = Object.entries(groups).flatMap(([field, list]) => list.map((group) => ({ field, group })));
  if (entries.length === 0) return null;
  return (
    <div className="chips" aria-label="Merged categories" data-testid="merged-categories">
      <span className="muted small">Merged:</span>
      {entries.map(({ field, group }) => (
        <span className="chip" key={`${field}-${group.label}`} title={group.members.join(', ')}>
          {labelOf(field)}: {group.label} ({group.members.join(', ')})
          <button
            type="button"
            aria-label={`Split ${group.label} of ${labelOf(field)}`}
            onClick={() => onSplit(field, group.label)}
          >
            ×
          </button>
        </span>
      ))}
    </div>
  );
}
