// Below the listing: the file type and hidden files options, the name field when saving,
// the error, and the confirm and cancel buttons.
import type { FileChooser } from './useFileChooser.ts';

function confirmLabel({ request, current }: FileChooser): string {
  if (request.mode === 'save') return 'Save';
  if (request.mode === 'folder') return current?.kind === 'folder' ? `Choose “${current.name}”` : 'Choose this folder';
  return current?.kind === 'folder' ? 'Open folder' : 'Open';
}

function ChooserOptions({ chooser }: { chooser: FileChooser }) {
  const { filters, filterIndex, setFilterIndex, showHidden, setShowHidden } = chooser;
  return (
    <div className="fc-options">
      {filters.length > 0 ? (
        <label className="inline-field">
          File type
          <select value={filterIndex} onChange={(e) => setFilterIndex(Number(e.target.value))}>
            {filters.map((filter, i) => (
              <option key={filter.name} value={i}>
                {filter.extensions[0] === '*'
                  ? filter.name
                  : `${filter.name} (${filter.extensions.map((x) => `.${x}`).join(', ')})`}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label className="check">
        <input type="checkbox" checked={showHidden} onChange={(e) => setShowHidden(e.target.checked)} />
        Show hidden files
      </label>
    </div>
  );
}

export function ChooserFooter({ chooser }: { chooser: FileChooser }) {
  const { request, nameRef, ids, name, setName, error, listing, current, confirm, finish } = chooser;
  return (
    <>
      <ChooserOptions chooser={chooser} />
      {request.mode === 'save' ? (
        <div className="field">
          <label htmlFor={`${ids}-name`}>File name</label>
          <input
            id={`${ids}-name`}
            ref={nameRef}
            value={name}
            spellCheck={false}
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                confirm();
              }
            }}
          />
        </div>
      ) : null}
      {error ? (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="row fc-actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={!listing || (request.mode === 'open' && current === undefined)}
          onClick={confirm}
        >
          {confirmLabel(chooser)}
        </button>
        <button type="button" className="btn" onClick={() => finish(null)}>
          Cancel
        </button>
      </div>
    </>
  );
}
