// The infographic's blocks as a list: select one to edit its words (title, label, text) and
// see its place; add a text block or a chart of a saved figure; remove a block. Numbers are
// never typed here: they come from the block's live query.
import { useEffect, useRef, useState } from 'react';
import type { SavedFigure } from '../../../shared/contract/figures.ts';
import type { InfographicBlock, InfographicDoc } from '../../../shared/infographic.ts';
import { BLOCK_KIND_LABELS, blockCaption, freePlace } from './infographicEdits.ts';

function BlockFields({ block, onChange }: { block: InfographicBlock; onChange(block: InfographicBlock): void }) {
  switch (block.kind) {
    case 'title':
      return (
        <>
          <label className="field">
            <span>Title</span>
            <input
              value={block.title}
              maxLength={200}
              onChange={(e) => onChange({ ...block, title: e.target.value })}
            />
          </label>
          <label className="field">
            <span>Subtitle</span>
            <input
              value={block.subtitle}
              maxLength={300}
              onChange={(e) => onChange({ ...block, subtitle: e.target.value })}
            />
          </label>
        </>
      );
    case 'headline':
    case 'iconRow':
      return (
        <label className="field">
          <span>Label</span>
          <input value={block.label} maxLength={200} onChange={(e) => onChange({ ...block, label: e.target.value })} />
          <span className="hint">
            {block.kind === 'headline'
              ? 'The number is counted live for the block’s year.'
              : 'Completes “About N in 10 …”; the share is counted live.'}
          </span>
        </label>
      );
    case 'flagChart':
    case 'map':
      return (
        <label className="field">
          <span>Title</span>
          <input value={block.title} maxLength={200} onChange={(e) => onChange({ ...block, title: e.target.value })} />
        </label>
      );
    case 'text':
      return (
        <>
          <label className="field">
            <span>Text</span>
            <textarea
              rows={4}
              value={block.text}
              maxLength={1000}
              onChange={(e) => onChange({ ...block, text: e.target.value })}
            />
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={block.emphasis}
              onChange={(e) => onChange({ ...block, emphasis: e.target.checked })}
            />
            Emphasis (larger, in the primary colour)
          </label>
        </>
      );
    case 'chart': {
      const figure = block.figure;
      if (typeof figure === 'string')
        return <p className="muted small">Draws the saved figure “{figure}”; change its title in Explore.</p>;
      return (
        <label className="field">
          <span>Title</span>
          <input
            value={figure.title}
            maxLength={300}
            onChange={(e) => onChange({ ...block, figure: { ...figure, title: e.target.value } })}
          />
        </label>
      );
    }
  }
}

export function BlockList({
  doc,
  selected,
  figures,
  onSelect,
  onChange,
  onAdd,
  onRemove,
}: {
  doc: InfographicDoc;
  selected: number | null;
  figures: SavedFigure[];
  onSelect(index: number | null): void;
  onChange(index: number, block: InfographicBlock): void;
  onAdd(block: InfographicBlock): void;
  onRemove(index: number): void;
}) {
  const [figureToAdd, setFigureToAdd] = useState('');
  const list = useRef<HTMLOListElement | null>(null);
  useEffect(() => {
    if (selected !== null) list.current?.children[selected]?.scrollIntoView({ block: 'nearest' });
  }, [selected]);
  const current = selected === null ? undefined : doc.blocks[selected];
  return (
    <div className="block-list">
      <h3 className="panel-title">Blocks</h3>
      <ol ref={list} className="blocks" aria-label="Blocks">
        {doc.blocks.map((block, index) => (
          <li key={index}>
            <button
              type="button"
              className={selected === index ? 'block-item selected' : 'block-item'}
              aria-pressed={selected === index}
              onClick={() => onSelect(selected === index ? null : index)}
            >
              <span className="block-kind">{BLOCK_KIND_LABELS[block.kind]}</span>
              <span className="block-caption">{blockCaption(block) || '(empty)'}</span>
            </button>
          </li>
        ))}
      </ol>
      {current && selected !== null ? (
        <div className="block-editor" aria-label="Selected block">
          <BlockFields block={current} onChange={(b) => onChange(selected, b)} />
          <p className="muted small">
            Column {current.at.col + 1}, row {current.at.row + 1}, {current.at.colSpan} × {current.at.rowSpan} cells.
            Drag the outline on the preview, or use the arrow keys (Shift to resize).
          </p>
          <button type="button" className="btn btn-small btn-danger" onClick={() => onRemove(selected)}>
            Remove block
          </button>
        </div>
      ) : (
        <p className="muted small">Select a block here or on the preview to edit its words and move it.</p>
      )}
      <div className="add-blocks">
        <button
          type="button"
          className="btn btn-small"
          onClick={() => onAdd({ kind: 'text', at: freePlace(doc, 4, 2), text: 'New text', emphasis: false })}
        >
          Add text
        </button>
        <select
          aria-label="Saved figure to add"
          value={figureToAdd}
          onChange={(e) => setFigureToAdd(e.target.value)}
          disabled={figures.length === 0}
        >
          <option value="">{figures.length === 0 ? 'No saved figures' : 'Saved figure…'}</option>
          {figures.map((f) => (
            <option key={f.id} value={f.name}>
              {f.name}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="btn btn-small"
          disabled={figureToAdd === ''}
          onClick={() => {
            onAdd({ kind: 'chart', at: freePlace(doc, 6, 4), figure: figureToAdd, top: null });
            setFigureToAdd('');
          }}
        >
          Add chart
        </button>
      </div>
    </div>
  );
}
