// What every infographic block renderer gets and gives back.
import type { FigureSpec } from '../../../shared/figure.ts';
import type { Theme } from '../../../shared/infographic.ts';
import type { QueryResult } from '../../../shared/query.ts';
import type { Rect } from '../chartFrame.ts';
import type { Resolve } from './queries.ts';

export interface BlockContext {
  theme: Theme;
  resolve: Resolve;
  labelOf: (field: string) => string;
  /** A saved figure by name (chart blocks that name one). */
  figure: (name: string) => FigureSpec | undefined;
  source: string;
  generatedAt: Date;
  /** Unique per block: prefixes ids inside the shared SVG document. */
  idPrefix: string;
  /** "Block 3 (headline)", for warnings. */
  label: string;
}

export interface BlockOutput {
  markup: string;
  warnings: string[];
  /** The protected results drawn, for the footer's disclosure rule. */
  results: QueryResult[];
  /** Footer lines that say what the block draws beyond its numbers: its error bars, its change marks. */
  notes?: string[];
}

export const INK = '#1d2430';
export const MUTED = '#5b6472';
export const CARD = '#f3f5f8';

export function inset(rect: Rect, by: number): Rect {
  return {
    x: rect.x + by,
    y: rect.y + by,
    width: Math.max(1, rect.width - 2 * by),
    height: Math.max(1, rect.height - 2 * by),
  };
}
