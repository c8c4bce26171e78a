// The cross-tab: virtualised rows under a sticky header, suppressed cells marked, cells
// shaded by adjusted standardised residual when statistics are on. A grid for keyboard
// users (arrows, Home/End, PageUp/PageDown, Ctrl+C copies the table as tab-separated text with
// headers). A rate table shows rates per 1,000 residents with the counts beside them. Column
// headers wrap within a minimum width and keep their full text on hover.
import { useRef, useState, type ClipboardEvent, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { cellStatMarker, percentMarker, rateMarker } from '../../../shared/markers.ts';
import type { QueryResult } from '../../../shared/query.ts';
import { CellChange, CellRange } from './IntervalMarks.tsx';
import {
  colHeaders,
  formatCount,
  formatPercent,
  formatRate,
  rateUnit,
  SUPPRESSED_MARK,
  tableAsTsv,
} from './tableText.ts';

const ROW_HEIGHT = 32;

export function residualClass(residual: number | null | undefined): string {
  if (residual === null || residual === undefined) return '';
  if (residual >= 3.29) return 'res-pos-3';
  if (residual >= 2.58) return 'res-pos-2';
  if (residual >= 1.96) return 'res-pos-1';
  if (residual <= -3.29) return 'res-neg-3';
  if (residual <= -2.58) return 'res-neg-2';
  if (residual <= -1.96) return 'res-neg-1';
  return '';
}

export function CrossTabTable({
  result,
  labelOf,
  onCellFilter,
}: {
  result: QueryResult;
  labelOf(field: string): string;
  onCellFilter?(rowKey: string[], colKey: string[]): void;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState<{ r: number; c: number }>({ r: 0, c: 0 });
  const headers = colHeaders(result);
  const rowCount = result.rows.keys.length + 1; // the totals row last
  const colCount = headers.length + 1; // the totals column last
  // The virtualizer's functions change with scroll; this component is simply not memoized by the compiler.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const residuals = result.stats?.adjustedResiduals;
  const rates = result.rates;
  const unit = rateUnit(result);
  const percentKind = (result.spec as { percent?: string } | undefined)?.percent ?? 'total';

  /** The cell's tooltip: suppressed, or its adjusted residual (its marker where not published). */
  const cellTitle = (
    r: number,
    c: number,
    suppressed: boolean,
    residual: number | null | undefined,
  ): string | undefined => {
    if (suppressed)
      return result.stats
        ? 'Suppressed by disclosure control; expected count and residual [c]'
        : 'Suppressed by disclosure control';
    if (residual === undefined) return undefined;
    return `Adjusted residual ${residual === null ? cellStatMarker(result, r, c, residual) : residual.toFixed(2)}`;
  };

  const focusCell = (r: number, c: number): void => {
    const next = { r: Math.max(0, Math.min(rowCount - 1, r)), c: Math.max(0, Math.min(colCount - 1, c)) };
    setActive(next);
    virtualizer.scrollToIndex(next.r);
    requestAnimationFrame(() => {
      scrollRef.current?.querySelector<HTMLElement>(`[data-cell="${next.r}:${next.c}"]`)?.focus();
    });
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    const moves: Record<string, [number, number]> = {
      ArrowUp: [-1, 0],
      ArrowDown: [1, 0],
      ArrowLeft: [0, -1],
      ArrowRight: [0, 1],
    };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      focusCell(active.r + move[0], active.c + move[1]);
    } else if (event.key === 'Home') {
      event.preventDefault();
      focusCell(event.ctrlKey ? 0 : active.r, 0);
    } else if (event.key === 'End') {
      event.preventDefault();
      focusCell(event.ctrlKey ? rowCount - 1 : active.r, colCount - 1);
    } else if (event.key === 'PageDown' || event.key === 'PageUp') {
      event.preventDefault();
      focusCell(active.r + (event.key === 'PageDown' ? 10 : -10), active.c);
    } else if (event.key === 'Enter' && onCellFilter && active.r < rowCount - 1) {
      const rowKey = result.rows.keys[active.r];
      const colKey = active.c < colCount - 1 ? (result.cols.keys[active.c] ?? []) : [];
      if (rowKey) onCellFilter(rowKey, colKey);
    }
  };

  const onCopy = (event: ClipboardEvent): void => {
    event.preventDefault();
    event.clipboardData.setData('text/plain', tableAsTsv(result, labelOf));
  };

  // Columns are at least as wide as their headers' longest word, so headers wrap between words.
  const longestWord = Math.max(0, ...headers.flatMap((h) => h.split(/\s+/).map((w) => w.length)));
  // A cell with a range holds the count, its percentage or rate and the range: room for all three.
  const minColumn = result.intervals ? 220 : Math.min(180, Math.max(84, Math.ceil(longestWord * 7.6) + 18));
  const template = `minmax(160px, 2fr) repeat(${colCount}, minmax(${minColumn}px, 1fr))`;
  const rowLabel = result.rows.fields.length === 0 ? 'All records' : result.rows.fields.map(labelOf).join(' · ');
  const colLabel = result.cols.fields.map(labelOf).join(' · ');

  return (
    <div className="crosstab" onCopy={onCopy}>
      <div
        ref={scrollRef}
        className="crosstab-scroll"
        role="grid"
        aria-label={`Cross-tab of ${rowLabel}${colLabel ? ` by ${colLabel}` : ''}`}
        aria-rowcount={rowCount + 1}
        aria-colcount={colCount + 1}
        onKeyDown={onKeyDown}
      >
        <div className="crosstab-head" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template }}>
          <div role="columnheader" className="ct-cell ct-rowhead">
            {rowLabel}
            {colLabel ? <span className="ct-collabel"> / {colLabel}</span> : null}
            {unit ? (
              <span className="ct-collabel" data-testid="rate-unit">
                {' '}
                · rate {unit}
              </span>
            ) : null}
          </div>
          {headers.map((h) => (
            <div role="columnheader" key={h} className="ct-cell num ct-colhead" title={h}>
              {h}
            </div>
          ))}
          <div role="columnheader" className="ct-cell num ct-total">
            Total
          </div>
        </div>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const r = item.index;
            const isTotal = r === rowCount - 1;
            const key = isTotal ? ['Total'] : (result.rows.keys[r] ?? []);
            const cells = isTotal ? result.colTotals : (result.counts[r] ?? []);
            const rowTotal = isTotal ? result.total : (result.rowTotals[r] ?? null);
            return (
              <div
                key={r}
                role="row"
                aria-rowindex={r + 2}
                className={isTotal ? 'ct-row ct-total-row' : 'ct-row'}
                style={{ gridTemplateColumns: template, transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
              >
                <div role="rowheader" className="ct-cell ct-rowhead" title={key.join(' · ') || 'All'}>
                  {key.join(' · ') || 'All'}
                </div>
                {[...cells, rowTotal].map((value, c) => {
                  const percent = !isTotal && c < cells.length ? result.percents?.[r]?.[c] : undefined;
                  const residual = !isTotal && c < cells.length ? residuals?.[r]?.[c] : undefined;
                  const isActive = active.r === r && active.c === c;
                  const suppressed = value === null;
                  const rate = rates && !isTotal && c < cells.length ? (rates[r]?.[c] ?? null) : undefined;
                  return (
                    <div
                      key={c}
                      role="gridcell"
                      data-cell={`${r}:${c}`}
                      tabIndex={isActive ? 0 : -1}
                      onFocus={() => setActive({ r, c })}
                      className={[
                        'ct-cell',
                        'num',
                        c === cells.length ? 'ct-total' : '',
                        suppressed ? 'ct-suppressed' : '',
                        residualClass(residual),
                      ].join(' ')}
                      title={
                        isTotal || c === cells.length
                          ? suppressed
                            ? 'Suppressed by disclosure control'
                            : undefined
                          : cellTitle(r, c, suppressed, residual)
                      }
                    >
                      {rate !== undefined ? (
                        <>
                          {rate === null ? (rateMarker(result, r, c, rate) ?? SUPPRESSED_MARK) : formatRate(rate)}
                          <span className="ct-pct" title="Records">
                            {formatCount(value)}
                          </span>
                        </>
                      ) : suppressed ? (
                        SUPPRESSED_MARK
                      ) : (
                        formatCount(value)
                      )}
                      {percent !== undefined ? (
                        <span className="ct-pct">
                          {percent === null
                            ? (percentMarker(result, percentKind, r, c, percent) ?? SUPPRESSED_MARK)
                            : formatPercent(percent)}
                        </span>
                      ) : null}
                      {!isTotal && c < cells.length ? (
                        <>
                          <CellRange result={result} r={r} c={c} />
                          <CellChange result={result} r={r} c={c} />
                        </>
                      ) : null}
                    </div>
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
