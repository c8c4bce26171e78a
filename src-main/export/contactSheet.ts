// The report pack's HTML contact sheet: every item's SVG inline (no external resources, so it
// opens offline and in any browser), its files, and any item that could not be drawn, with why.
import { escapeXml } from './svgMarkup.ts';

export interface SheetItem {
  title: string;
  svg: string | null;
  files: string[];
  problem: string | null;
}

function inlineSvg(svg: string): string {
  // Drop the XML declaration; keep the <svg> (its width scales with CSS).
  return svg.replace(/^<\?xml[^>]*>\s*/, '');
}

export function contactSheetHtml(
  reportName: string,
  items: readonly SheetItem[],
  generatedAt: Date,
  footnote: readonly string[],
): string {
  const cards = items
    .map((item, i) => {
      const files = item.files.map((f) => `<a href="${escapeXml(encodeURI(f))}">${escapeXml(f)}</a>`).join(' · ');
      const body = item.svg !== null ? `<div class="figure">${inlineSvg(item.svg)}</div>` : '';
      const problem = item.problem !== null ? `<p class="problem">Not drawn: ${escapeXml(item.problem)}</p>` : '';
      return `<section><h2>${i + 1}. ${escapeXml(item.title)}</h2>${problem}${body}<p class="files">${files}</p></section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>${escapeXml(reportName)}</title>
<style>
body{font-family:'Source Sans 3',system-ui,sans-serif;margin:24px;color:#1d2430;max-width:1100px}
section{border-top:1px solid #c5ccd6;padding:12px 0;break-inside:avoid}
.figure svg{max-width:100%;height:auto;border:1px solid #e6e9ee}
.problem{color:#b00020;font-weight:bold}.files{font-size:13px;color:#5b6472}
footer{font-size:12px;color:#5b6472;border-top:1px solid #c5ccd6;padding-top:8px}
</style></head><body>
<h1>${escapeXml(reportName)}</h1>
<p>Generated ${escapeXml(generatedAt.toISOString())}. ${items.filter((i) => i.problem !== null).length} of ${items.length} items could not be drawn.</p>
${cards}
<footer>${footnote.map((l) => `<p>${escapeXml(l)}</p>`).join('')}</footer>
</body></html>
`;
}
