// The time-to-outcome chart as SVG: categories top to bottom, their labels to the left
// (wrapped, never cut), days along the bottom; per category one range per series from the
// lower to the upper quartile with a dot at the median. A withheld cell draws nothing and is
// marked [c] ([z] when it has no records). Ranges and marks carry data-category and
// data-series so the screen's chart can be compared with it.
import { outcomeFootnote, outcomeModel, OUTCOME_VALUE_TITLE } from '../../shared/chartOutcome.ts';
import { MARKERS } from '../../shared/markers.ts';
import { MUTED, horizontalValueAxis } from './chartAxes.ts';
import type { PlotInput } from './chartCartesian.ts';
import type { LegendEntry } from './chartFrame.ts';
import { linearScale, niceTicks } from './chartScale.ts';
import { el, lineEl, textEl } from './svgMarkup.ts';
import { lineHeight, measureText, wrapText } from './textMetrics.ts';

/** One legend entry per series when there is more than one. */
export function outcomeLegend(input: Pick<PlotInput, 'result' | 'labelOf'>, keepEmpty: boolean): LegendEntry[] {
  const { series } = outcomeModel(input.result, { labelOf: input.labelOf, keepEmpty });
  return series.length > 1 ? series.map((s) => ({ label: s.name, fill: s.colour })) : [];
}

/** The chart's own footnote lines (what a dot and a line are; [z] where shown). */
export function outcomeNotes(
  result: PlotInput['result'],
  options: Pick<PlotInput, 'labelOf'>,
  keepEmpty: boolean,
): string[] {
  return outcomeFootnote(outcomeModel(result, { labelOf: options.labelOf, keepEmpty }));
}

export function outcomePlot(input: PlotInput, keepEmpty: boolean): string {
  const { plot, text } = input;
  const model = outcomeModel(input.result, { labelOf: input.labelOf, keepEmpty });
  const ticks = niceTicks(0, model.largest, Math.max(2, Math.min(6, Math.floor(plot.width / 90))));
  const labelWidth = Math.min(
    plot.width * 0.35,
    Math.max(40, ...model.categories.map((c) => measureText(c.label, text) + 8)),
  );
  const left = plot.x + labelWidth;
  const right = plot.x + plot.width - 8;
  const bottom = plot.y + plot.height - 2 * lineHeight(text.size) - 4;
  const scale = linearScale(ticks, left, right);
  const band = (bottom - plot.y) / Math.max(1, model.categories.length);
  const inner = band * 0.8;
  const step = inner / Math.max(1, model.series.length);
  const small = { ...text, size: text.size * 0.85 };
  const parts = [
    horizontalValueAxis(ticks, scale, plot.y, bottom, text),
    textEl((left + right) / 2, plot.y + plot.height - text.size * 0.3, OUTCOME_VALUE_TITLE, {
      ...text,
      fill: MUTED,
      anchor: 'middle',
    }),
  ];
  model.categories.forEach(({ label: category }, i) => {
    const top = plot.y + band * i;
    const lines = wrapText(category, labelWidth - 8, text);
    const first = top + band / 2 - ((lines.length - 1) * lineHeight(text.size)) / 2 + text.size * 0.35;
    parts.push(
      el(
        'g',
        { class: 'category-label', 'data-category': category },
        lines
          .map((line, l) => textEl(left - 6, first + l * lineHeight(text.size), line, { ...text, anchor: 'end' }))
          .join(''),
      ),
    );
    model.series.forEach((series, s) => {
      const point = series.points[i];
      const y = top + (band - inner) / 2 + step * (s + 0.5);
      const tags = { 'data-category': category, 'data-series': series.name };
      if (point === undefined || point.median === null || point.q1 === null || point.q3 === null) {
        parts.push(
          textEl(
            scale(0) + 4,
            y + small.size * 0.35,
            point?.mark ?? MARKERS.confidential,
            { ...small, fill: MUTED },
            { class: 'mark', ...tags },
          ),
        );
        return;
      }
      const cap = Math.min(5, step * 0.3);
      const [x1, xm, x3] = [scale(point.q1), scale(point.median), scale(point.q3)];
      parts.push(
        el(
          'g',
          {
            class: 'range',
            ...tags,
            'data-q1': String(point.q1),
            'data-median': String(point.median),
            'data-q3': String(point.q3),
          },
          [
            lineEl(x1, y, x3, y, series.colour, Math.max(1.5, Math.min(4, step * 0.25))),
            lineEl(x1, y - cap, x1, y + cap, series.colour, 1.5),
            lineEl(x3, y - cap, x3, y + cap, series.colour, 1.5),
            el('circle', {
              cx: xm,
              cy: y,
              r: Math.max(2.5, Math.min(5, step * 0.3)),
              fill: series.colour,
              stroke: '#ffffff',
            }),
          ].join(''),
        ),
      );
    });
  });
  return el('g', { class: 'plot outcome' }, parts.join(''));
}
