// The period: all dates, financial years, a quarter of a financial year, or custom dates.
import type { Period } from '../../state/filters.ts';

export function PeriodPicker({
  period,
  years,
  onChange,
}: {
  period: Period;
  years: string[];
  onChange(period: Period): void;
}) {
  const latest = years[years.length - 1] ?? '';
  return (
    <div className="period" role="group" aria-label="Period">
      <label className="inline-field">
        Period
        <select
          aria-label="Period kind"
          value={period.kind}
          onChange={(e) => {
            const kind = e.target.value as Period['kind'];
            if (kind === 'financialYear') onChange({ kind, financialYears: latest ? [latest] : [] });
            else if (kind === 'quarter') onChange({ kind, quarter: { year: latest, q: 1 } });
            else onChange({ kind });
          }}
        >
          <option value="all">All dates</option>
          <option value="financialYear" disabled={years.length === 0}>
            Financial year
          </option>
          <option value="quarter" disabled={years.length === 0}>
            Quarter
          </option>
          <option value="custom">Custom dates</option>
        </select>
      </label>
      {period.kind === 'financialYear' ? (
        <span className="year-toggles" role="group" aria-label="Financial years">
          {years.map((year) => {
            const on = period.financialYears?.includes(year) ?? false;
            return (
              <button
                key={year}
                type="button"
                className={on ? 'seg seg-on' : 'seg'}
                aria-pressed={on}
                onClick={() => {
                  const current = period.financialYears ?? [];
                  onChange({
                    kind: 'financialYear',
                    financialYears: on ? current.filter((y) => y !== year) : [...current, year].sort(),
                  });
                }}
              >
                {year}
              </button>
            );
          })}
        </span>
      ) : null}
      {period.kind === 'quarter' && period.quarter ? (
        <>
          <select
            aria-label="Financial year of the quarter"
            value={period.quarter.year}
            onChange={(e) =>
              onChange({ kind: 'quarter', quarter: { year: e.target.value, q: period.quarter?.q ?? 1 } })
            }
          >
            {years.map((y) => (
              <option key={y}>{y}</option>
            ))}
          </select>
          <select
            aria-label="Quarter"
            value={period.quarter.q}
            onChange={(e) =>
              onChange({
                kind: 'quarter',
                quarter: { year: period.quarter?.year ?? latest, q: Number(e.target.value) as 1 | 2 | 3 | 4 },
              })
            }
          >
            <option value={1}>Q1 (Apr–Jun)</option>
            <option value={2}>Q2 (Jul–Sep)</option>
            <option value={3}>Q3 (Oct–Dec)</option>
            <option value={4}>Q4 (Jan–Mar)</option>
          </select>
        </>
      ) : null}
      {period.kind === 'custom' ? (
        <>
          <input
            type="date"
            aria-label="From date"
            value={period.from ?? ''}
            onChange={(e) => onChange({ ...period, from: e.target.value })}
          />
          <span className="muted">to</span>
          <input
            type="date"
            aria-label="To date"
            value={period.to ?? ''}
            onChange={(e) => onChange({ ...period, to: e.target.value })}
          />
        </>
      ) : null}
    </div>
  );
}
