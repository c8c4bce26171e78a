// The live preview of an infographic with an editing overlay: each block's outline sits on
// the grid the renderer used (geometry from infographic.render), so dragging an outline with
// the pointer snaps it cell by cell, and a selected block moves with the arrow keys and
// resizes with Shift + arrows. The picture itself is the exported SVG, sanitised.
import { useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { InfographicGeometry } from '../../../shared/contract/report.ts';
import type { GridPlace, InfographicDoc } from '../../../shared/infographic.ts';
import { BLOCK_KIND_LABELS, blockCaption, moveBy, resizeBy } from './infographicEdits.ts';
import { SafeSvg } from './SafeSvg.tsx';

interface Drag {
  index: number;
  mode: 'move' | 'resize';
  startX: number;
  startY: number;
  from: GridPlace;
  to: GridPlace;
}

function placeStyle(
  at: GridPlace,
  g: InfographicGeometry,
): { left: string; top: string; width: string; height: string } {
  const cellW = (g.grid.width + g.gutter) / g.columns;
  const cellH = (g.grid.height + g.gutter) / g.rows;
  const pct = (value: number, of: number): string => `${(100 * value) / of}%`;
  return {
    left: pct(g.grid.x + at.col * cellW, g.width),
    top: pct(g.grid.y + at.row * cellH, g.height),
    width: pct(at.colSpan * cellW - g.gutter, g.width),
    height: pct(at.rowSpan * cellH - g.gutter, g.height),
  };
}

function samePlace(a: GridPlace, b: GridPlace): boolean {
  return a.col === b.col && a.row === b.row && a.colSpan === b.colSpan && a.rowSpan === b.rowSpan;
}

export function InfographicCanvas({
  doc,
  svg,
  geometry,
  selected,
  onSelect,
  onPlace,
  busy,
}: {
  doc: InfographicDoc;
  svg: string;
  geometry: InfographicGeometry;
  selected: number | null;
  onSelect(index: number | null): void;
  onPlace(index: number, at: GridPlace): void;
  busy: boolean;
}) {
  const surface = useRef<HTMLDivElement | null>(null);
  const [drag, setDrag] = useState<Drag | null>(null);
  // The overlay follows the document being edited; the picture may lag one render behind.
  const grid = { columns: doc.grid.columns, rows: doc.grid.rows };
  const g = { ...geometry, columns: grid.columns, rows: grid.rows };

  const cellsFromPointer = (event: PointerEvent, d: Drag): { dCol: number; dRow: number } => {
    const box = surface.current?.getBoundingClientRect();
    if (!box || box.width === 0) return { dCol: 0, dRow: 0 };
    const scale = box.width / g.width;
    const cellW = ((g.grid.width + g.gutter) / g.columns) * scale;
    const cellH = ((g.grid.height + g.gutter) / g.rows) * scale;
    return {
      dCol: Math.round((event.clientX - d.startX) / cellW),
      dRow: Math.round((event.clientY - d.startY) / cellH),
    };
  };

  const start = (event: PointerEvent<HTMLElement>, index: number, mode: Drag['mode']): void => {
    const block = doc.blocks[index];
    if (!block || event.button !== 0) return;
    event.stopPropagation();
    event.currentTarget.setPointerCapture(event.pointerId);
    onSelect(index);
    setDrag({ index, mode, startX: event.clientX, startY: event.clientY, from: block.at, to: block.at });
  };
  const move = (event: PointerEvent<HTMLElement>): void => {
    if (!drag) return;
    const { dCol, dRow } = cellsFromPointer(event, drag);
    const to = drag.mode === 'move' ? moveBy(drag.from, dCol, dRow, grid) : resizeBy(drag.from, dCol, dRow, grid);
    if (!samePlace(to, drag.to)) setDrag({ ...drag, to });
  };
  const end = (): void => {
    if (drag && !samePlace(drag.from, drag.to)) onPlace(drag.index, drag.to);
    setDrag(null);
  };

  const onKey = (event: KeyboardEvent<HTMLElement>, index: number): void => {
    const block = doc.blocks[index];
    if (!block) return;
    const steps: Record<string, [number, number]> = {
      ArrowLeft: [-1, 0],
      ArrowRight: [1, 0],
      ArrowUp: [0, -1],
      ArrowDown: [0, 1],
    };
    const step = steps[event.key];
    if (step) {
      event.preventDefault();
      const to = event.shiftKey ? resizeBy(block.at, step[0], step[1], grid) : moveBy(block.at, step[0], step[1], grid);
      if (!samePlace(to, block.at)) onPlace(index, to);
    } else if (event.key === 'Escape') onSelect(null);
  };

  const showGrid = drag !== null || selected !== null;

  return (
    <div className={doc.page === 'landscape-16x9' ? 'canvas-frame landscape' : 'canvas-frame'}>
      <div
        ref={surface}
        className={busy ? 'canvas busy' : 'canvas'}
        style={{ aspectRatio: `${g.width} / ${g.height}` }}
        onPointerDown={() => onSelect(null)}
      >
        <SafeSvg svg={svg} label={`Preview of the infographic “${doc.name}”`} className="canvas-picture" />
        <div className="canvas-overlay" aria-label="Blocks on the grid" role="group">
          {showGrid
            ? Array.from({ length: g.columns * g.rows }, (_v, i) => (
                <div
                  key={i}
                  className="grid-cell"
                  style={placeStyle({ col: i % g.columns, row: Math.floor(i / g.columns), colSpan: 1, rowSpan: 1 }, g)}
                  aria-hidden="true"
                />
              ))
            : null}
          {doc.blocks.map((block, index) => {
            const at = drag?.index === index ? drag.to : block.at;
            const isSelected = selected === index;
            return (
              <div
                key={index}
                role="button"
                tabIndex={0}
                aria-pressed={isSelected}
                aria-label={`Block ${index + 1}: ${BLOCK_KIND_LABELS[block.kind]}, ${blockCaption(block)}; column ${at.col + 1}, row ${at.row + 1}, ${at.colSpan} by ${at.rowSpan} cells. Arrow keys move it, Shift and arrow keys resize it.`}
                data-testid={`block-outline-${index}`}
                className={`block-outline${isSelected ? ' selected' : ''}${drag?.index === index ? ' dragging' : ''}`}
                style={placeStyle(at, g)}
                onPointerDown={(e) => start(e, index, 'move')}
                onPointerMove={move}
                onPointerUp={end}
                onPointerCancel={() => setDrag(null)}
                onFocus={() => onSelect(index)}
                onKeyDown={(e) => onKey(e, index)}
              >
                {isSelected ? <span className="block-tag">{BLOCK_KIND_LABELS[block.kind]}</span> : null}
                {isSelected ? (
                  <span
                    className="resize-handle"
                    aria-hidden="true"
                    onPointerDown={(e) => start(e, index, 'resize')}
                    onPointerMove={move}
                    onPointerUp={end}
                  />
                ) : null}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
