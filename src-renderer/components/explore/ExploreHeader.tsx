// Explore's heading, the dataset switch (cohorts, the overlap and context datasets) and the period.
import type { Period } from '../../state/filters.ts';
import { PeriodPicker } from './PeriodPicker.tsx';

export function ExploreHeader({
  cohort,
  switches,
  period,
  periodYears,
  hasPeriod,
  onCohort,
  onPeriod,
}: {
  cohort: string;
  switches: ReadonlyArray<{ id: string; label: string }>;
  period: Period;
  periodYears: string[];
  hasPeriod: boolean;
  onCohort(cohort: string): void;
  onPeriod(period: Period): void;
}) {
  return (
    <header className="explore-header">
      <h1 id="screen-title" tabIndex={-1}>
        Explore
      </h1>
      <a
        className="skip-link"
        href="#builder"
        onClick={(e) => {
          // Focus moves without touching the URL (browser mode keeps its session in it).
          e.preventDefault();
          document.getElementById('builder')?.focus();
        }}
      >
        Skip to the table builder
      </a>
      <div className="segmented" role="radiogroup" aria-label="Cohort">
        {switches.map((c) => (
          <button
            key={c.id}
            type="button"
            role="radio"
            aria-checked={cohort === c.id}
            className={cohort === c.id ? 'seg seg-on' : 'seg'}
            onClick={() => onCohort(c.id)}
          >
            {c.label}
          </button>
        ))}
      </div>
      {hasPeriod ? <PeriodPicker period={period} years={periodYears} onChange={onPeriod} /> : null}
    </header>
  );
}
