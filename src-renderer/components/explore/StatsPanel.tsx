// Chi-square test summary as SPSS Crosstabs reports it, with the residual legend.
import { MARKERS } from '../../../shared/markers.ts';
import type { Stats } from '../../../shared/query.ts';
import { FULL_PRECISION, printStats, type PrintedStats } from '../../../shared/statsPrint.ts';

/** What the statistics print: as checked for publication, else (an unprotected result) in full. */
function printedOf(stats: Stats): PrintedStats {
  if (stats.publication) return stats.publication.printed;
  const { chi2, p, cramersV } = stats;
  return chi2 !== null && p !== null && cramersV !== null
    ? printStats({ chi2, p, cramersV }, FULL_PRECISION)
    : { chi2: null, p: null, cramersV: null };
}

export function StatsPanel({ stats, reason }: { stats: Stats | null | undefined; reason: string | null }) {
  if (!stats)
    return <p className="muted small">{reason ?? 'Statistics need exactly one row field and one column field.'}</p>;
  const printed = printedOf(stats);
  const shown = (text: string | null): string => text ?? MARKERS.confidential;
  const note = stats.publication?.note ?? null;
  return (
    <div className="stats" aria-label="Statistics">
      <dl className="stats-grid">
        <div>
          <dt>Pearson χ²</dt>
          <dd data-testid="stat-chi2">{shown(printed.chi2)}</dd>
        </div>
        <div>
          <dt>df</dt>
          <dd data-testid="stat-df">{stats.df ?? MARKERS.confidential}</dd>
        </div>
        <div>
          <dt>p</dt>
          <dd data-testid="stat-p">{shown(printed.p)}</dd>
        </div>
        <div>
          <dt>Cramér’s V</dt>
          <dd data-testid="stat-v">{shown(printed.cramersV)}</dd>
        </div>
      </dl>
      {note ? (
        <p className="muted small" data-testid="stat-note">
          {MARKERS.confidential} {note}
        </p>
      ) : null}
      {stats.warning ? <p className="alert alert-warning small">{stats.warning}</p> : null}
      <div className="legend" aria-label="Residual shading legend">
        <span className="muted small">Adjusted residual:</span>
        <span className="legend-swatch res-neg-3">≤ −3.29</span>
        <span className="legend-swatch res-neg-2">≤ −2.58</span>
        <span className="legend-swatch res-neg-1">≤ −1.96</span>
        <span className="legend-swatch">between</span>
        <span className="legend-swatch res-pos-1">≥ 1.96</span>
        <span className="legend-swatch res-pos-2">≥ 2.58</span>
        <span className="legend-swatch res-pos-3">≥ 3.29</span>
      </div>
    </div>
  );
}
