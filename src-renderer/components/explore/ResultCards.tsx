// The table card (cross-tab, totals, statistics) and the chart card (type, title, chart,
// footnote) of Explore, both drawn from the same result.
import type { ClipboardEvent } from 'react';
import { CHART_LABELS, CHART_TYPES, type ChartType } from '../../../shared/figure.ts';
import type { QueryResult } from '../../../shared/query.ts';
import { ChartView } from './ChartView.tsx';
import { CrossTabTable } from './CrossTabTable.tsx';
import { ResultNotes } from './ResultNotes.tsx';
import { StatsPanel } from './StatsPanel.tsx';

export function TableCard({
  result,
  valueLabel,
  stats,
  labelOf,
  onPick,
  onCopy,
}: {
  result: QueryResult;
  valueLabel: string;
  stats: boolean;
  labelOf(field: string): string;
  onPick(rowKey: string[], colKey: string[]): void;
  onCopy(event: ClipboardEvent<HTMLDivElement>): void;
}) {
  const counted = result.rates ? 'records' : valueLabel.toLowerCase();
  return (
    <div className="card result-card">
      <div className="result-head">
        <h2>Table</h2>
        <span className="muted small" data-testid="result-total">
          Total {result.total === null ? '[c]' : result.total.toLocaleString('en-GB')} {counted}
          {result.suppressed.length > 0 ? ` · ${result.suppressed.length} cells suppressed` : ''}
        </span>
      </div>
      <div onCopyCapture={onCopy}>
        <CrossTabTable result={result} labelOf={labelOf} onCellFilter={onPick} />
      </div>
      {stats ? <StatsPanel stats={result.stats} reason={result.meta.warnings[0] ?? null} /> : null}
      <ResultNotes result={result} />
    </div>
  );
}

export function ChartCard({
  result,
  chart,
  availability,
  title,
  keepEmpty,
  footnote,
  valueLabel,
  labelOf,
  onChart,
  onTitle,
  onKeepEmpty,
  onPick,
}: {
  result: QueryResult;
  chart: ChartType;
  availability: Record<ChartType, string | null> | null;
  title: string;
  keepEmpty: boolean;
  footnote: string[];
  valueLabel: string;
  labelOf(field: string): string;
  onChart(chart: ChartType): void;
  onTitle(title: string): void;
  onKeepEmpty(keepEmpty: boolean): void;
  onPick(rowKey: string[], colKey: string[]): void;
}) {
  return (
    <div className="card result-card">
      <div className="result-head">
        <h2>Chart</h2>
        <select aria-label="Chart type" value={chart} onChange={(e) => onChart(e.target.value as ChartType)}>
          {CHART_TYPES.map((t) => (
            <option key={t} value={t} disabled={availability?.[t] !== null && availability?.[t] !== undefined}>
              {CHART_LABELS[t]}
              {availability?.[t] ? ` (${availability[t]})` : ''}
            </option>
          ))}
        </select>
        {/* Empty categories and series are dropped unless asked: a zero can itself be the finding. */}
        <label className="check">
          <input type="checkbox" checked={keepEmpty} onChange={(e) => onKeepEmpty(e.target.checked)} />
          Show empty categories
        </label>
      </div>
      <input
        className="title-input"
        aria-label="Chart title"
        placeholder="Title (shown on the chart and exports)"
        value={title}
        onChange={(e) => onTitle(e.target.value)}
      />
      <ChartView
        result={result}
        chart={chart}
        title={title}
        keepEmpty={keepEmpty}
        labelOf={labelOf}
        valueLabel={valueLabel}
        onPick={onPick}
      />
      <ul className="footnote" aria-label="Footnote">
        {footnote.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </div>
  );
}
