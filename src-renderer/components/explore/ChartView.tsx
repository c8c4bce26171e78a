// Hosts a Plotly chart for the current result (Plotly bundled locally; nothing fetched).
// Clicking a bar, slice or district filters by it.
import { useEffect, useRef } from 'react';
import Plotly from 'plotly.js-dist-min';
import type { ChartType } from '../../../shared/figure.ts';
import type { QueryResult } from '../../../shared/query.ts';
import { plotlyFigure } from '../../charts/plotlyFigure.ts';
import { useReportError } from '../../data/errorReporter.tsx';

export function ChartView({
  result,
  chart,
  title,
  keepEmpty = false,
  labelOf,
  valueLabel,
  onPick,
}: {
  result: QueryResult;
  chart: ChartType;
  title: string;
  /** Draw categories and series whose total is zero. */
  keepEmpty?: boolean;
  labelOf(field: string): string;
  valueLabel: string;
  onPick?(rowKey: string[], colKey: string[]): void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const pickRef = useRef(onPick);
  useEffect(() => {
    pickRef.current = onPick;
  });
  const reportError = useReportError();

  useEffect(() => {
    const element = ref.current;
    const figure = plotlyFigure(result, chart, { title, labelOf, valueLabel, keepEmpty });
    if (element === null || figure === null) return undefined;
    let cancelled = false;
    Plotly.react(element, figure.data, figure.layout, {
      displaylogo: false,
      responsive: true,
      // No download from Explore: a picture leaves only through the audited, policy-checked export.
      modeBarButtonsToRemove: ['sendDataToCloud', 'lasso2d', 'select2d', 'toImage'],
    }).then(
      (plot) => {
        if (cancelled) return;
        plot.removeAllListeners?.('plotly_click');
        plot.on('plotly_click', (event) => {
          const point = event.points[0];
          const custom = (point?.customdata ?? point?.data.customdata) as
            { row?: string[]; col?: string[] } | undefined;
          if (custom?.row) pickRef.current?.(custom.row, custom.col ?? []);
        });
        element.dataset.rendered = String(Date.now());
      },
      // The table beside it still shows the numbers; the analyst is told the chart failed.
      (error: unknown) => {
        if (!cancelled) reportError(error, 'Drawing the chart');
      },
    );
    return () => {
      cancelled = true;
    };
  }, [result, chart, title, keepEmpty, labelOf, valueLabel, reportError]);

  useEffect(() => {
    const element = ref.current;
    return () => {
      if (element) Plotly.purge(element);
    };
  }, []);

  if (chart === 'table') return null;
  // A figure, not an image: Plotly's mode bar inside it holds buttons (an image may hold none).
  return (
    <div ref={ref} className="chart" data-testid="chart" role="figure" aria-label={title || 'Chart of the cross-tab'} />
  );
}
