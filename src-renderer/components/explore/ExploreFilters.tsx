// Explore's left column: the record count under the filters, the active filters as chips,
// and the facets (the overlap has none: it counts persons across the cohorts).
import type { Facet } from '../../../shared/contract/engine.ts';
import { toggleValue, type Selections } from '../../state/filters.ts';
import { FacetPanel } from './FacetPanel.tsx';
import { FilterChips } from './FilterChips.tsx';

export function ExploreFilters({
  cohort,
  facets,
  loading,
  selections,
  labelOf,
  onSelections,
}: {
  cohort: string;
  facets: { facets: Facet[]; total: number } | null;
  loading: boolean;
  selections: Selections;
  labelOf(field: string): string;
  onSelections(change: (selections: Selections) => Selections): void;
}) {
  const overlap = cohort === 'overlap' || cohort === 'journeys';
  return (
    <aside className="explore-facets" aria-label="Facet filters">
      <div className="facets-head">
        <h2>Filters</h2>
        {facets && !overlap ? (
          <span className="muted small" data-testid="facet-total">
            {facets.total.toLocaleString('en-GB')} records
          </span>
        ) : null}
      </div>
      <FilterChips
        selections={selections}
        labelOf={labelOf}
        onRemove={(field, value) => onSelections((s) => toggleValue(s, field, value, s[field]?.mode ?? 'in'))}
        onClear={() => onSelections(() => ({}))}
      />
      {overlap ? (
        <p className="muted small">
          {cohort === 'journeys'
            ? 'Journeys follow persons across the three cohorts; filters on shared columns apply to each cohort.'
            : 'The overlap counts persons across the three cohorts; filters on shared columns apply to each cohort.'}
        </p>
      ) : (
        <FacetPanel
          facets={facets?.facets ?? []}
          selections={selections}
          loading={loading}
          onToggle={(field, value, mode) => onSelections((s) => toggleValue(s, field, value, mode))}
        />
      )}
    </aside>
  );
}
