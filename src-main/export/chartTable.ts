// The cross-tab drawn as an SVG table (the "table" chart type): header and total rows in bold,
// numbers right-aligned, [c] where suppressed. The text shrinks to fit the width; rows that do
// not fit the height are counted in a last line pointing to the XLSX export.
import type { PlotInput } from './chartCartesian.ts';
import { cellText, rowValuesOf, tableGrid } from './tableGrid.ts';
import { el, lineEl, rectEl, textEl } from './svgMarkup.ts';
import { lineHeight, measureText } from './textMetrics.ts';

export function tablePlot(input: PlotInput): string {
  const { plot, result } = input;
  const grid = tableGrid(result, input.labelOf);
  const body = grid.rows.map((row) => [...row.keys, ...rowValuesOf(row).map(cellText)]);
  const widthsAt = (size: number): number[] =>
    grid.header.map(
      (header, c) =>
        Math.max(
          measureText(header, { family: input.text.family, size, bold: true }),
          ...body.map((cells) => measureText(cells[c] ?? '', { family: input.text.family, size })),
        ) + size,
    );
  let size = input.text.size;
  while (size > 6 && widthsAt(size).reduce((a, b) => a + b, 0) > plot.width) size -= 0.5;
  const widths = widthsAt(size);
  const text = { family: input.text.family, size };
  const rowHeight = lineHeight(size) + 4;
  const capacity = Math.max(1, Math.floor(plot.height / rowHeight) - 1);
  const shown = body.length > capacity ? body.slice(0, capacity - 1) : body;
  const hiddenRows = body.length - shown.length;
  const starts: number[] = [];
  widths.reduce((x, w) => {
    starts.push(x);
    return x + w;
  }, plot.x);
  const right = plot.x + widths.reduce((a, b) => a + b, 0);
  const cellX = (c: number): number =>
    c < grid.rowKeyColumns ? (starts[c] ?? 0) + 2 : (starts[c] ?? 0) + (widths[c] ?? 0) - size * 0.5;
  const anchor = (c: number): 'start' | 'end' => (c < grid.rowKeyColumns ? 'start' : 'end');
  const parts: string[] = [];
  let y = plot.y;
  grid.header.forEach((header, c) =>
    parts.push(textEl(cellX(c), y + rowHeight - 6, header, { ...text, bold: true, anchor: anchor(c) })),
  );
  y += rowHeight;
  parts.push(lineEl(plot.x, y, right, y, '#1d2430', 1));
  shown.forEach((cells, r) => {
    const isTotal = grid.rows[r]?.isTotal ?? false;
    if (isTotal) parts.push(lineEl(plot.x, y, right, y, '#1d2430', 0.8));
    else if (r % 2 === 1) parts.push(rectEl(plot.x, y, right - plot.x, rowHeight, { fill: '#f3f5f8' }));
    cells.forEach((cell, c) =>
      parts.push(textEl(cellX(c), y + rowHeight - 6, cell, { ...text, bold: isTotal, anchor: anchor(c) })),
    );
    y += rowHeight;
  });
  if (hiddenRows > 0) {
    parts.push(
      textEl(
        plot.x + 2,
        y + rowHeight - 6,
        `… ${hiddenRows} more rows not shown here: see the table export (XLSX or CSV).`,
        { ...text, fill: '#5b6472' },
      ),
    );
  }
  return el('g', { class: 'plot table' }, parts.join(''));
}
