// Pure edits of an infographic document made by the editor: move and resize a block on the
// grid (always kept inside it), change the page (blocks rescaled to the new grid), edit a
// block's words, add and remove blocks. The renderer draws whatever these produce.
import type { GridPlace, InfographicBlock, InfographicDoc, PageSize } from '../../../shared/infographic.ts';

export interface GridSize {
  columns: number;
  rows: number;
}

/** A place clamped inside the grid: spans at least one cell, never past the edge. */
export function clampPlace(at: GridPlace, grid: GridSize): GridPlace {
  const colSpan = Math.max(1, Math.min(at.colSpan, grid.columns));
  const rowSpan = Math.max(1, Math.min(at.rowSpan, grid.rows));
  return {
    col: Math.max(0, Math.min(at.col, grid.columns - colSpan)),
    row: Math.max(0, Math.min(at.row, grid.rows - rowSpan)),
    colSpan,
    rowSpan,
  };
}

export function moveBy(at: GridPlace, dCol: number, dRow: number, grid: GridSize): GridPlace {
  return clampPlace({ ...at, col: at.col + dCol, row: at.row + dRow }, grid);
}

/** Grows or shrinks from the bottom-right corner; the top-left stays put. */
export function resizeBy(at: GridPlace, dCols: number, dRows: number, grid: GridSize): GridPlace {
  const colSpan = Math.max(1, Math.min(at.colSpan + dCols, grid.columns - at.col));
  const rowSpan = Math.max(1, Math.min(at.rowSpan + dRows, grid.rows - at.row));
  return { ...at, colSpan, rowSpan };
}

export function withPlace(doc: InfographicDoc, index: number, at: GridPlace): InfographicDoc {
  return { ...doc, blocks: doc.blocks.map((b, i) => (i === index ? { ...b, at: clampPlace(at, doc.grid) } : b)) };
}

export function withBlock(doc: InfographicDoc, index: number, block: InfographicBlock): InfographicDoc {
  return { ...doc, blocks: doc.blocks.map((b, i) => (i === index ? block : b)) };
}

export function withoutBlock(doc: InfographicDoc, index: number): InfographicDoc {
  return { ...doc, blocks: doc.blocks.filter((_b, i) => i !== index) };
}

export const GRID_FOR_PAGE: Readonly<Record<PageSize, GridSize>> = {
  'a4-portrait': { columns: 12, rows: 16 },
  'landscape-16x9': { columns: 12, rows: 10 },
};

/** The same blocks on another page: rows and columns scaled to its grid, then kept inside it. */
export function changePage(doc: InfographicDoc, page: PageSize): InfographicDoc {
  if (page === doc.page) return doc;
  const grid = GRID_FOR_PAGE[page];
  const sx = grid.columns / doc.grid.columns;
  const sy = grid.rows / doc.grid.rows;
  const scale = (at: GridPlace): GridPlace => {
    const col = Math.round(at.col * sx);
    const row = Math.round(at.row * sy);
    return clampPlace(
      {
        col,
        row,
        colSpan: Math.max(1, Math.round((at.col + at.colSpan) * sx) - col),
        rowSpan: Math.max(1, Math.round((at.row + at.rowSpan) * sy) - row),
      },
      grid,
    );
  };
  return { ...doc, page, grid, blocks: doc.blocks.map((b) => ({ ...b, at: scale(b.at) })) };
}

function overlaps(a: GridPlace, b: GridPlace): boolean {
  return (
    a.col < b.col + b.colSpan && b.col < a.col + a.colSpan && a.row < b.row + b.rowSpan && b.row < a.row + a.rowSpan
  );
}

/** The first free place of the given size, scanning row by row; the top-left corner when none is free. */
export function freePlace(doc: InfographicDoc, colSpan: number, rowSpan: number): GridPlace {
  const size = clampPlace({ col: 0, row: 0, colSpan, rowSpan }, doc.grid);
  for (let row = 0; row + size.rowSpan <= doc.grid.rows; row += 1)
    for (let col = 0; col + size.colSpan <= doc.grid.columns; col += 1) {
      const candidate = { ...size, col, row };
      if (!doc.blocks.some((b) => overlaps(b.at, candidate))) return candidate;
    }
  return size;
}

export const BLOCK_KIND_LABELS: Readonly<Record<InfographicBlock['kind'], string>> = {
  title: 'Title band',
  headline: 'Headline number',
  chart: 'Chart',
  flagChart: 'Bar chart of flags',
  text: 'Text',
  iconRow: 'Icon row',
  map: 'District map',
};

/** The words that name a block in the list: its title, label or the start of its text. */
export function blockCaption(block: InfographicBlock): string {
  switch (block.kind) {
    case 'title':
    case 'flagChart':
    case 'map':
      return block.title;
    case 'headline':
    case 'iconRow':
      return block.label;
    case 'text':
      return block.text.length > 60 ? `${block.text.slice(0, 57)}…` : block.text;
    case 'chart':
      return typeof block.figure === 'string'
        ? `Saved figure “${block.figure}”`
        : block.figure.title || block.figure.name;
  }
}
