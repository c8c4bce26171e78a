// Imported text is text: Plotly reads a small HTML dialect in every label, title and hover
// (<a href>, <b>, <span style>, <br>) and decodes entities. Escaping &, < and > makes Plotly
// show the characters themselves, so a category named `<a href=…>` stays words on screen.
import { wrapLabel } from '../../shared/chartModel.ts';

export function plotlyText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A label wrapped onto lines of at most `maxChars` (never cut), each line escaped. */
export function plotlyLabel(text: string, maxChars: number): string {
  return wrapLabel(text, maxChars).map(plotlyText).join('<br>');
}

/** The label as Plotly shows it, back to plain text (for tests that compare what is drawn). */
export function plainFromPlotly(text: string): string {
  return text.replace(/<br>/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
