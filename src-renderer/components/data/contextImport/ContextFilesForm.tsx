// The dataset's name and label and its files, one a line; Inspect reads the first one's columns.
import { ChooseFileButton } from '../../ChooseFileButton.tsx';
import type { ContextImportState } from './useContextImport.ts';

export function ContextFilesForm({ state }: { state: ContextImportState }) {
  const { name, setName, label, setLabel, paths, setPaths, files, busy, inspect } = state;
  return (
    <form className="stack" onSubmit={(e) => void inspect(e)}>
      <div className="row">
        <label className="inline-field">
          Name
          <input
            aria-label="Dataset name"
            value={name}
            onChange={(e) => setName(e.target.value.toLowerCase())}
            placeholder="street_crime"
            pattern="[a-z][a-z0-9_]{0,40}"
            required
          />
        </label>
        <label className="inline-field">
          Label
          <input
            aria-label="Dataset label"
            value={label}
            onChange={(e) => setLabel(e.target.value)}
            placeholder="Street-level crime (police.uk)"
          />
        </label>
      </div>
      <div className="row">
        <textarea
          aria-label="Dataset files (CSV or Excel), one a line"
          className="grow-input"
          rows={Math.min(6, Math.max(1, files.length))}
          value={paths}
          onChange={(e) => setPaths(e.target.value)}
          placeholder="/home/analyst/extracts/2019-08-street.csv"
          required
        />
        <ChooseFileButton
          purpose="import"
          label="Choose a dataset file"
          onChosen={(chosen) => setPaths((text) => (text.trim() ? `${text.trim()}\n${chosen}` : chosen))}
        />
        <button className="btn" type="submit" disabled={busy}>
          Inspect columns
        </button>
      </div>
    </form>
  );
}
