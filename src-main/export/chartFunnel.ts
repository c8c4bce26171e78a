// The funnel as SVG: the steps top to bottom, each a bar centred on one axis and as wide as
// its published count, its label to the left (wrapped, never cut) and its count and rates
// (of the step before, of the first) to the right. A suppressed step draws no bar and is
// marked [c]; a rate that would need it is [c] too. Bars and marks carry data-category and
// data-series so the screen's chart can be compared with it. A table by a profile (one column
// field) draws a funnel for each column side by side, its bars' data-series the column.
import { funnelModel, funnelPanels, funnelRateText } from '../../shared/chartFunnel.ts';
import { MARKERS } from '../../shared/markers.ts';
import { MUTED } from './chartAxes.ts';
import type { PlotInput } from './chartCartesian.ts';
import { formatNumber } from './chartScale.ts';
import { el, rectEl, textEl } from './svgMarkup.ts';
import { lineHeight, measureText, wrapText } from './textMetrics.ts';

export function funnelPlot(input: PlotInput): string {
  const panels = funnelPanels(input.result);
  if (panels.length === 1 && panels[0]?.key.length === 0) return funnelPanelPlot(input);
  const gap = 16;
  const width = (input.plot.width - gap * Math.max(0, panels.length - 1)) / Math.max(1, panels.length);
  return el(
    'g',
    { class: 'plot funnels' },
    panels
      .map((panel, i) =>
        funnelPanelPlot({
          ...input,
          result: panel.result,
          valueLabel: panel.label,
          plot: { ...input.plot, x: input.plot.x + i * (width + gap), width },
        }),
      )
      .join(''),
  );
}

function funnelPanelPlot(input: PlotInput): string {
  const { plot, text, valueLabel } = input;
  const model = funnelModel(input.result, { labelOf: input.labelOf });
  const steps = model.steps;
  const valueTexts = steps.map((s) => (s.value === null ? (s.mark ?? MARKERS.confidential) : formatNumber(s.value)));
  const rateTexts = steps.map((s, i) => funnelRateText(s, i, model));
  const small = { ...text, size: text.size * 0.85 };
  const labelWidth = Math.min(plot.width * 0.28, Math.max(40, ...steps.map((s) => measureText(s.label, text) + 8)));
  const notesWidth = Math.min(
    plot.width * 0.32,
    Math.max(
      40,
      ...rateTexts.map((t) => measureText(t, small) + 8),
      ...valueTexts.map((t) => measureText(t, text) + 8),
    ),
  );
  const titleHeight = text.size * 1.6;
  const bars = {
    x: plot.x + labelWidth,
    y: plot.y + titleHeight,
    width: Math.max(10, plot.width - labelWidth - notesWidth),
    height: Math.max(10, plot.height - titleHeight),
  };
  const band = bars.height / Math.max(1, steps.length);
  const largest = Math.max(1, ...steps.map((s) => s.value ?? 0));
  const centre = bars.x + bars.width / 2;
  const parts: string[] = [
    textEl(plot.x, plot.y + text.size, model.stepTitle, { ...text, bold: true }),
    textEl(plot.x + plot.width, plot.y + text.size, valueLabel, { ...text, bold: true, anchor: 'end' }),
  ];
  steps.forEach((step, i) => {
    const top = bars.y + i * band;
    const middle = top + band / 2;
    const tags = { 'data-category': step.label, 'data-series': valueLabel };
    if (step.value === null) {
      parts.push(
        textEl(
          centre,
          middle + text.size * 0.35,
          step.mark ?? MARKERS.confidential,
          { ...small, fill: MUTED, anchor: 'middle' },
          {
            class: 'mark',
            ...tags,
          },
        ),
      );
    } else {
      const width = (step.value / largest) * bars.width;
      parts.push(
        rectEl(centre - width / 2, top + band * 0.1, width, band * 0.8, {
          fill: model.colour,
          ...tags,
          'data-value': String(step.value),
        }),
      );
    }
    const lines = wrapText(step.label, labelWidth - 8, text);
    const first = middle - ((lines.length - 1) * lineHeight(text.size)) / 2 + text.size * 0.35;
    parts.push(
      el(
        'g',
        { class: 'category-label', 'data-category': step.label },
        lines
          .map((line, l) => textEl(bars.x - 8, first + l * lineHeight(text.size), line, { ...text, anchor: 'end' }))
          .join(''),
      ),
    );
    const notesX = bars.x + bars.width + 8;
    parts.push(
      textEl(notesX, middle - (i === 0 ? -text.size * 0.35 : text.size * 0.15), valueTexts[i] ?? '', {
        ...text,
        bold: true,
      }),
    );
    if (rateTexts[i] !== '')
      parts.push(
        textEl(notesX, middle + text.size * 0.95, rateTexts[i] ?? '', { ...small, fill: MUTED }, { class: 'rates' }),
      );
  });
  return el('g', { class: 'plot funnel' }, parts.join(''));
}
