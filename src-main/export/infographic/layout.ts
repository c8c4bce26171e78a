// The infographic's layout engine: the page, a footer sized to its text, and the grid that
// turns each block's (col, row, span) into a rectangle. Overlapping or off-grid blocks are
// reported, not silently drawn on top of each other.
import {
  type GridPlace,
  type InfographicBlock,
  type InfographicDoc,
  PAGE_PIXELS,
} from '../../../shared/infographic.ts';
import type { Rect } from '../chartFrame.ts';

export interface PageGeometry {
  width: number;
  height: number;
  margin: number;
  gutter: number;
  /** The area the grid fills (the page less margins and footer). */
  grid: Rect;
  footer: Rect;
}

export interface PlacedBlock {
  index: number;
  block: InfographicBlock;
  rect: Rect;
}

export function pageGeometry(doc: Pick<InfographicDoc, 'page'>, footerHeight: number): PageGeometry {
  const { width, height } = PAGE_PIXELS[doc.page];
  const margin = Math.round(width * 0.04);
  const gutter = Math.round(width * 0.012);
  const footer = { x: margin, y: height - margin - footerHeight, width: width - 2 * margin, height: footerHeight };
  const grid = { x: margin, y: margin, width: width - 2 * margin, height: Math.max(10, footer.y - gutter - margin) };
  return { width, height, margin, gutter, grid, footer };
}

/** The rectangle of a grid place: whole cells, less half a gutter on each inner side. */
export function placeRect(at: GridPlace, columns: number, rows: number, page: PageGeometry): Rect {
  const cellW = (page.grid.width + page.gutter) / columns;
  const cellH = (page.grid.height + page.gutter) / rows;
  const colSpan = Math.max(1, Math.min(at.colSpan, columns - at.col));
  const rowSpan = Math.max(1, Math.min(at.rowSpan, rows - at.row));
  return {
    x: page.grid.x + at.col * cellW,
    y: page.grid.y + at.row * cellH,
    width: colSpan * cellW - page.gutter,
    height: rowSpan * cellH - page.gutter,
  };
}

export function placesOverlap(a: GridPlace, b: GridPlace): boolean {
  return (
    a.col < b.col + b.colSpan && b.col < a.col + a.colSpan && a.row < b.row + b.rowSpan && b.row < a.row + a.rowSpan
  );
}

export function rectsOverlap(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

export interface Layout {
  page: PageGeometry;
  placed: PlacedBlock[];
  problems: string[];
}

function describe(block: InfographicBlock, index: number): string {
  return `block ${index + 1} (${block.kind})`;
}

/** Places every block; a block off the grid is clipped to it, and overlaps are listed. */
export function layoutInfographic(doc: InfographicDoc, footerHeight: number): Layout {
  const page = pageGeometry(doc, footerHeight);
  const { columns, rows } = doc.grid;
  const problems: string[] = [];
  doc.blocks.forEach((block, i) => {
    const { at } = block;
    if (at.col >= columns || at.row >= rows || at.col + at.colSpan > columns || at.row + at.rowSpan > rows)
      problems.push(`${describe(block, i)} reaches outside the ${columns} x ${rows} grid; it is cut to fit.`);
  });
  const placed = doc.blocks
    .map((block, index) => ({ index, block, rect: placeRect(block.at, columns, rows, page) }))
    .filter((p) => p.block.at.col < columns && p.block.at.row < rows);
  for (let i = 0; i < placed.length; i += 1)
    for (let j = i + 1; j < placed.length; j += 1) {
      const a = placed[i];
      const b = placed[j];
      if (a && b && placesOverlap(a.block.at, b.block.at))
        problems.push(`${describe(a.block, a.index)} and ${describe(b.block, b.index)} overlap on the grid.`);
    }
  return { page, placed, problems };
}
