// Chi-square test summary as SPSS Crosstabs reports it, with the residual legend.
import type { Stats } from '../../../shared/query.ts';

function formatP(p: number): string {
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

export function StatsPanel({ stats, reason }: { stats: Stats | null | undefined; reason: string | null }) {
  if (!stats)
    return <p className="muted small">{reason ?? 'Statistics need exactly one row field and one column field.'}</p>;
  return (
    <div className="stats" aria-label="Statistics">
      <dl className="stats-grid">
        <div>
          <dt>Pearson χ²</dt>
          <dd data-testid="stat-chi2">{stats.chi2.toFixed(3)}</dd>
        </div>
        <div>
          <dt>df</dt>
          <dd data-testid="stat-df">{stats.df}</dd>
        </div>
        <div>
          <dt>p</dt>
          <dd data-testid="stat-p">{formatP(stats.p)}</dd>
        </div>
        <div>
          <dt>Cramér’s V</dt>
          <dd data-testid="stat-v">{stats.cramersV.toFixed(3)}</dd>
        </div>
      </dl>
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
