// The editor's pure edits of an infographic: blocks stay on the grid whatever the drag or key
// press, a page change rescales every block into the new grid, and new blocks go to free cells.
import { describe, expect, it } from 'vitest';
import {
  clampPlace,
  changePage,
  freePlace,
  moveBy,
  resizeBy,
  withPlace,
} from '../../../src-renderer/components/report/infographicEdits.ts';
import { victimsTemplate } from '../../../src-main/export/infographic/templates.ts';
import { layoutInfographic } from '../../../src-main/export/infographic/layout.ts';

const grid = { columns: 12, rows: 16 };

describe('moving and resizing on the grid', () => {
  it('moves by whole cells and stops at the edges', () => {
    const at = { col: 10, row: 0, colSpan: 2, rowSpan: 3 };
    expect(moveBy(at, 1, 0, grid)).toEqual(at);
    expect(moveBy(at, -3, -1, grid)).toEqual({ col: 7, row: 0, colSpan: 2, rowSpan: 3 });
    expect(moveBy(at, 0, 20, grid)).toEqual({ col: 10, row: 13, colSpan: 2, rowSpan: 3 });
  });

  it('resizes from the bottom-right corner, never below one cell or past the grid', () => {
    const at = { col: 8, row: 14, colSpan: 2, rowSpan: 1 };
    expect(resizeBy(at, 5, 5, grid)).toEqual({ col: 8, row: 14, colSpan: 4, rowSpan: 2 });
    expect(resizeBy(at, -4, -1, grid)).toEqual({ col: 8, row: 14, colSpan: 1, rowSpan: 1 });
  });

  it('clamps a place that reaches outside the grid back inside it', () => {
    expect(clampPlace({ col: 11, row: 15, colSpan: 4, rowSpan: 2 }, grid)).toEqual({
      col: 8,
      row: 14,
      colSpan: 4,
      rowSpan: 2,
    });
    const doc = victimsTemplate('2023/24');
    expect(withPlace(doc, 1, { col: 23, row: 40, colSpan: 3, rowSpan: 2 }).blocks[1]?.at).toEqual({
      col: 9,
      row: 14,
      colSpan: 3,
      rowSpan: 2,
    });
  });
});

describe('changing the page', () => {
  it('rescales every block into the 16:9 grid and back, keeping all of them on the page', () => {
    const a4 = victimsTemplate('2023/24');
    const slide = changePage(a4, 'landscape-16x9');
    expect(slide.grid).toEqual({ columns: 12, rows: 10 });
    expect(layoutInfographic(slide, 40).problems.filter((p) => p.includes('outside'))).toEqual([]);
    for (const block of slide.blocks) expect(block.at.row + block.at.rowSpan).toBeLessThanOrEqual(10);
    expect(slide.blocks[0]?.at).toEqual({ col: 0, row: 0, colSpan: 12, rowSpan: 1 });
    expect(changePage(slide, 'a4-portrait').grid).toEqual({ columns: 12, rows: 16 });
    expect(changePage(a4, 'a4-portrait')).toBe(a4);
  });
});

describe('free places for new blocks', () => {
  it('finds the first free area, and falls back to the top-left when the page is full', () => {
    const doc = victimsTemplate('2023/24');
    expect(freePlace(doc, 4, 2)).toEqual({ col: 0, row: 0, colSpan: 4, rowSpan: 2 });
    const partial = { ...doc, blocks: doc.blocks.slice(0, 4) };
    expect(freePlace(partial, 6, 4)).toEqual({ col: 0, row: 4, colSpan: 6, rowSpan: 4 });
  });
});
