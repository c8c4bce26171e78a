// The blocks made of words and numbers: the title band, a headline number with its comparison
// to the previous financial year, a short text, and an icon row ("2 in 10 ...").
import type { InfographicBlock } from '../../../shared/infographic.ts';
import { MARKERS } from '../../../shared/markers.ts';
import { SUPPRESSED_MARKER } from '../../disclosure/footnote.ts';
import type { Rect } from '../chartFrame.ts';
import { formatNumber, formatPercent } from '../chartScale.ts';
import type { FontFamily } from '../fonts.ts';
import { el, rectEl, textEl } from '../svgMarkup.ts';
import { ascent, fitText, lineHeight, measureText } from '../textMetrics.ts';
import { type BlockContext, type BlockOutput, CARD, INK, MUTED, inset } from './blockContext.ts';
import { arrowIcon, personIcon } from './icons.ts';
import { count, countSpec, headline } from './queries.ts';

type Block<K extends InfographicBlock['kind']> = Extract<InfographicBlock, { kind: K }>;

interface TextOptions {
  family: FontFamily;
  size: number;
  bold?: boolean;
  fill: string;
  anchor?: 'start' | 'middle';
  minSize?: number;
}

/** Wraps and shrinks text into a box; returns the markup, the height used and any warning. */
export function textInBox(
  text: string,
  box: Rect,
  options: TextOptions,
  label: string,
): { markup: string; height: number; warning: string | null } {
  const spec = { family: options.family, size: options.size, bold: options.bold ?? false };
  const fitted = fitText(text, box.width, box.height, spec, options.minSize ?? 7);
  const first = box.y + ascent({ ...spec, size: fitted.size });
  const x = options.anchor === 'middle' ? box.x + box.width / 2 : box.x;
  const markup = fitted.lines
    .map((line, i) =>
      textEl(x, first + i * lineHeight(fitted.size), line, {
        family: options.family,
        size: fitted.size,
        bold: spec.bold,
        fill: options.fill,
        anchor: options.anchor ?? 'start',
      }),
    )
    .join('');
  return {
    markup,
    height: fitted.lines.length * lineHeight(fitted.size),
    warning: fitted.truncated
      ? `${label}: the text "${text.slice(0, 40)}…" does not fit its box and was cut; make the block larger or the text shorter.`
      : null,
  };
}

const longDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

export function titleBlock(block: Block<'title'>, rect: Rect, ctx: BlockContext): BlockOutput {
  const family = ctx.theme.fontFamily;
  const box = inset(rect, Math.min(16, rect.height * 0.12));
  const meta = `Source: ${ctx.source} · Produced ${longDate.format(ctx.generatedAt)}`;
  const metaSize = Math.max(8, Math.min(12, box.height * 0.16));
  const metaHeight = lineHeight(metaSize) * 2;
  const warnings: string[] = [];
  const title = textInBox(
    block.title,
    { ...box, height: (box.height - metaHeight) * (block.subtitle ? 0.62 : 1) },
    { family, size: Math.min(34, box.height * 0.45), bold: true, fill: '#ffffff', minSize: 12 },
    ctx.label,
  );
  if (title.warning) warnings.push(title.warning);
  let markup = rectEl(rect.x, rect.y, rect.width, rect.height, { fill: ctx.theme.primary, rx: 4 }) + title.markup;
  if (block.subtitle) {
    const top = box.y + title.height + 2;
    const sub = textInBox(
      block.subtitle,
      { ...box, y: top, height: Math.max(10, box.y + box.height - metaHeight - top) },
      { family, size: Math.min(18, box.height * 0.2), fill: '#ffffff', minSize: 8 },
      ctx.label,
    );
    if (sub.warning) warnings.push(sub.warning);
    markup += sub.markup;
  }
  const metaBox = { x: box.x, y: box.y + box.height - metaHeight, width: box.width, height: metaHeight };
  const metaText = textInBox(meta, metaBox, { family, size: metaSize, fill: '#ffffff', minSize: 6 }, ctx.label);
  if (metaText.warning) warnings.push(metaText.warning);
  return { markup: el('g', { class: 'block title' }, markup + metaText.markup), warnings, results: [] };
}

export async function headlineBlock(block: Block<'headline'>, rect: Rect, ctx: BlockContext): Promise<BlockOutput> {
  const family = ctx.theme.fontFamily;
  const numbers = await headline(
    ctx.resolve,
    block.query,
    block.financialYear,
    block.compare === 'previousYear',
    `headline "${block.label}"`,
  );
  const warnings: string[] = [];
  const box = inset(rect, Math.min(12, rect.width * 0.06));
  const valueText = numbers.value === null ? SUPPRESSED_MARKER : formatNumber(numbers.value);
  if (numbers.value === null)
    warnings.push(`${ctx.label}: "${block.label}" is suppressed by disclosure control and shows ${SUPPRESSED_MARKER}.`);
  const valueSize = Math.min(
    box.height * 0.42,
    (box.width / Math.max(1, measureText(valueText, { family, size: 100, bold: true }))) * 100,
  );
  let markup = rectEl(rect.x, rect.y, rect.width, rect.height, { fill: CARD, rx: 4 });
  markup += textEl(box.x, box.y + ascent({ family, size: valueSize, bold: true }), valueText, {
    family,
    size: valueSize,
    bold: true,
    fill: ctx.theme.primary,
  });
  let y = box.y + lineHeight(valueSize);
  const compareHeight = block.compare ? lineHeight(Math.max(8, Math.min(13, box.height * 0.12))) * 2 : 0;
  const labelText = block.financialYear ? `${block.label} (${block.financialYear})` : block.label;
  const label = textInBox(
    labelText,
    { x: box.x, y, width: box.width, height: Math.max(10, box.y + box.height - y - compareHeight) },
    { family, size: Math.min(16, box.height * 0.14), fill: INK, minSize: 7 },
    ctx.label,
  );
  if (label.warning) warnings.push(label.warning);
  markup += label.markup;
  y += label.height + 4;
  if (numbers.value === null) {
    const size = Math.max(8, Math.min(13, box.height * 0.12));
    const note = textInBox(
      'Suppressed by disclosure control: too few to publish.',
      { x: box.x, y, width: box.width, height: Math.max(10, box.y + box.height - y) },
      { family, size, fill: MUTED, minSize: 6 },
      ctx.label,
    );
    if (note.warning) warnings.push(note.warning);
    markup += note.markup;
  } else if (block.compare && numbers.previousYear !== null) {
    const size = Math.max(8, Math.min(13, box.height * 0.12));
    let text: string;
    if (numbers.change === null) {
      text = `No comparison with ${numbers.previousYear}: ${numbers.previous === null ? 'its number is suppressed' : 'no records then'}`;
    } else {
      const up = numbers.change >= 0;
      markup += arrowIcon(box.x + size / 2, y + size * 0.55, size, up, ctx.theme.accent);
      text = `${up ? '+' : ''}${formatPercent(numbers.change)} on ${numbers.previousYear} (${formatNumber(numbers.previous ?? 0)})`;
    }
    const x = numbers.change === null ? box.x : box.x + size * 1.4;
    const compare = textInBox(
      text,
      { x, y, width: box.x + box.width - x, height: Math.max(10, box.y + box.height - y) },
      { family, size, fill: MUTED, minSize: 6 },
      ctx.label,
    );
    if (compare.warning) warnings.push(compare.warning);
    markup += compare.markup;
  } else if (block.compare)
    warnings.push(`${ctx.label}: a comparison with the previous year needs the block's financial year.`);
  return { markup: el('g', { class: 'block headline' }, markup), warnings, results: numbers.results };
}

export function textBlock(block: Block<'text'>, rect: Rect, ctx: BlockContext): BlockOutput {
  const out = textInBox(
    block.text,
    inset(rect, 4),
    {
      family: ctx.theme.fontFamily,
      size: block.emphasis ? 18 : 13,
      bold: block.emphasis,
      fill: block.emphasis ? ctx.theme.primary : INK,
      minSize: 7,
    },
    ctx.label,
  );
  return {
    markup: el('g', { class: 'block text' }, out.markup),
    warnings: out.warning ? [out.warning] : [],
    results: [],
  };
}

/** "N in 10": the share of the base that the subset is, as ten pictograms. */
export async function iconRowBlock(block: Block<'iconRow'>, rect: Rect, ctx: BlockContext): Promise<BlockOutput> {
  const family = ctx.theme.fontFamily;
  const base = await count(ctx.resolve, countSpec(block.base), `icon row "${block.label}" (base)`);
  const part = await count(ctx.resolve, countSpec(block.base, block.subset), `icon row "${block.label}"`);
  const raw = base.value !== null && part.value !== null && base.value > 0 ? part.value / base.value : null;
  const warnings: string[] = [];
  if (raw !== null && raw > 1)
    warnings.push(
      `${ctx.label}: "${block.label}" counts more than its base (${formatNumber(part.value ?? 0)} of ${formatNumber(base.value ?? 0)}); check that the subset only narrows the base.`,
    );
  const share = raw === null ? null : Math.min(1, raw);
  const filled = share === null ? 0 : Math.min(10, Math.max(0, Math.round(share * 10)));
  const box = inset(rect, Math.min(12, rect.width * 0.04));
  const textSize = Math.max(9, Math.min(16, box.height * 0.13));
  const textHeight = lineHeight(textSize) * 2.2;
  const iconSize = Math.min((box.width / 10) * 0.8, (box.height - textHeight) / 2);
  const step = box.width / 10;
  let markup = rectEl(rect.x, rect.y, rect.width, rect.height, { fill: CARD, rx: 4 });
  for (let i = 0; i < 10; i += 1)
    markup += personIcon(
      box.x + step * i + (step - iconSize) / 2,
      box.y,
      iconSize,
      share !== null && i < filled ? ctx.theme.accent : '#c5ccd6',
    );
  // A share of an empty base does not apply ([z]); one of a suppressed count is confidential ([c]).
  const emptyBase = base.value === 0;
  const sentence =
    share !== null
      ? `About ${filled} in 10 ${block.label} (${formatPercent(share * 100)}).`
      : emptyBase
        ? `${MARKERS.notApplicable} ${block.label}: not applicable, there are no records in the base.`
        : `${SUPPRESSED_MARKER} ${block.label}: suppressed by disclosure control.`;
  if (share === null)
    warnings.push(
      emptyBase
        ? `${ctx.label}: the base of "${block.label}" is empty, so its share shows ${MARKERS.notApplicable}.`
        : `${ctx.label}: the share for "${block.label}" is suppressed and shows ${SUPPRESSED_MARKER}.`,
    );
  const top = box.y + iconSize * 2 + 6;
  const text = textInBox(
    sentence,
    { x: box.x, y: top, width: box.width, height: Math.max(10, box.y + box.height - top) },
    { family, size: textSize, bold: true, fill: INK, minSize: 7 },
    ctx.label,
  );
  if (text.warning) warnings.push(text.warning);
  return {
    markup: el('g', { class: 'block icon-row' }, markup + text.markup),
    warnings,
    results: [base.result, part.result],
  };
}
