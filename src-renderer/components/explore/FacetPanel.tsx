// Facet filters (Datasette-style): every dimension with its categories and live counts
// under the current filters; click to include, the minus button to exclude. Each list is one
// tab stop: arrow keys move between categories (Right/Left to the exclude button), Home/End.
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Facet } from '../../../shared/contract/engine.ts';
import type { Selections } from '../../state/filters.ts';

const number = new Intl.NumberFormat('en-GB');
const COLLAPSED_BY_DEFAULT = 6;
const SEARCH_FROM = 12;

export interface FacetPanelProps {
  facets: Facet[];
  selections: Selections;
  loading: boolean;
  onToggle(field: string, value: string, mode: 'in' | 'notIn'): void;
}

/** Long, fine-grained dimensions (months, LSOAs) go last and start closed. */
const LATE_FACETS = new Set(['month', 'financial_year', 'lsoa', 'offence_subgroup', 'imd_decile']);

export function orderFacets(facets: readonly Facet[]): Facet[] {
  return [...facets.filter((f) => !LATE_FACETS.has(f.field)), ...facets.filter((f) => LATE_FACETS.has(f.field))];
}

export function FacetPanel({ facets, selections, loading, onToggle }: FacetPanelProps) {
  return (
    <div className="facet-panel" aria-busy={loading} aria-label="Filters">
      {orderFacets(facets).map((facet, i) => (
        <FacetGroup
          key={facet.field}
          facet={facet}
          selection={selections[facet.field]}
          defaultOpen={i < COLLAPSED_BY_DEFAULT || selections[facet.field] !== undefined}
          onToggle={onToggle}
        />
      ))}
    </div>
  );
}

function FacetGroup({
  facet,
  selection,
  defaultOpen,
  onToggle,
}: {
  facet: Facet;
  selection: Selections[string] | undefined;
  defaultOpen: boolean;
  onToggle: FacetPanelProps['onToggle'];
}) {
  const [open, setOpen] = useState(defaultOpen);
  const [search, setSearch] = useState('');
  const visible = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return needle === '' ? facet.categories : facet.categories.filter((c) => c.label.toLowerCase().includes(needle));
  }, [facet.categories, search]);
  const max = Math.max(1, ...facet.categories.map((c) => c.count));
  const headingId = `facet-${facet.field}`;
  const [current, setCurrent] = useState<{ row: number; exclude: boolean }>({ row: 0, exclude: false });
  const row = Math.min(current.row, Math.max(0, visible.length - 1));
  const listRef = useRef<HTMLUListElement>(null);

  const move = (next: number, exclude: boolean): void => {
    const target = Math.max(0, Math.min(visible.length - 1, next));
    setCurrent({ row: target, exclude });
    listRef.current
      ?.querySelectorAll<HTMLButtonElement>(exclude ? '.facet-exclude' : '.facet-value')
      .item(target)
      ?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>): void => {
    const steps: Record<string, () => void> = {
      ArrowDown: () => move(row + 1, current.exclude),
      ArrowUp: () => move(row - 1, current.exclude),
      Home: () => move(0, current.exclude),
      End: () => move(visible.length - 1, current.exclude),
      ArrowRight: () => move(row, true),
      ArrowLeft: () => move(row, false),
    };
    const step = steps[event.key];
    if (step) {
      event.preventDefault();
      step();
    }
  };

  return (
    <section className="facet" aria-labelledby={headingId}>
      <h3 id={headingId}>
        <button type="button" className="facet-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
          <span className="chevron" aria-hidden="true">
            {open ? '▾' : '▸'}
          </span>
          {facet.label}
          {selection ? (
            <span className="facet-active">
              {selection.mode === 'in' ? selection.values.length : `−${selection.values.length}`}
            </span>
          ) : null}
        </button>
      </h3>
      {open ? (
        <>
          {facet.categories.length >= SEARCH_FROM ? (
            <input
              className="facet-search"
              type="search"
              placeholder={`Search ${facet.label.toLowerCase()}`}
              aria-label={`Search ${facet.label}`}
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />
          ) : null}
          <ul className="facet-list" ref={listRef} onKeyDown={onKeyDown} aria-label={facet.label}>
            {visible.map((category, i) => {
              const included = selection?.mode === 'in' && selection.values.includes(category.label);
              const excluded = selection?.mode === 'notIn' && selection.values.includes(category.label);
              return (
                <li key={category.label} className={included ? 'included' : excluded ? 'excluded' : undefined}>
                  <button
                    type="button"
                    className="facet-value"
                    aria-pressed={included}
                    tabIndex={i === row && !current.exclude ? 0 : -1}
                    onFocus={() => setCurrent({ row: i, exclude: false })}
                    onClick={() => onToggle(facet.field, category.label, 'in')}
                    title={`Only ${category.label}`}
                  >
                    <span
                      className="facet-bar"
                      style={{ width: `${(100 * category.count) / max}%` }}
                      aria-hidden="true"
                    />
                    <span className="facet-label">{category.label}</span>
                    <span className="facet-count">{number.format(category.count)}</span>
                  </button>
                  <button
                    type="button"
                    className="facet-exclude"
                    aria-pressed={excluded}
                    tabIndex={i === row && current.exclude ? 0 : -1}
                    onFocus={() => setCurrent({ row: i, exclude: true })}
                    aria-label={`Exclude ${category.label} (${facet.label})`}
                    title={`Exclude ${category.label}`}
                    onClick={() => onToggle(facet.field, category.label, 'notIn')}
                  >
                    −
                  </button>
                </li>
              );
            })}
            {visible.length === 0 ? <li className="muted small">No category matches.</li> : null}
          </ul>
        </>
      ) : null}
    </section>
  );
}
