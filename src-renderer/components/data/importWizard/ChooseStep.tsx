// Step 1: the cohort and the extract file; Preview reads its first rows.
import { ChooseFileButton } from '../../ChooseFileButton.tsx';
import type { Cohort, ImportWizardState } from './useImportWizard.ts';

export function ChooseStep({ wizard }: { wizard: ImportWizardState }) {
  const { cohort, setCohort, path, setPath, setOfferDeclined, loadPreview, forgetFileChoices } = wizard;
  const { busy } = wizard.long;
  return (
    <form
      onSubmit={(e) => {
        // A new preview asks again about a matching profile the analyst declined before.
        setOfferDeclined(false);
        void loadPreview(e);
      }}
      className="stack"
    >
      <div className="row">
        <label className="inline-field">
          Cohort
          <select
            aria-label="Cohort"
            value={cohort}
            onChange={(e) => {
              setCohort(e.target.value as Cohort);
              forgetFileChoices();
            }}
          >
            <option value="victims">Victims</option>
            <option value="suspects">Suspects</option>
            <option value="offenders">Offenders</option>
          </select>
        </label>
      </div>
      <div className="field">
        <label htmlFor="import-path">Extract file (CSV or Excel)</label>
        <div className="row">
          <input
            id="import-path"
            className="grow-input"
            value={path}
            onChange={(e) => {
              setPath(e.target.value);
              forgetFileChoices();
            }}
            placeholder="/home/analyst/extracts/victims-2024.csv"
            required
          />
          <ChooseFileButton
            purpose="import"
            label="Choose the extract file"
            onChosen={(chosen) => {
              setPath(chosen);
              forgetFileChoices();
            }}
          />
        </div>
        <span className="hint">Only the first rows are read for the preview.</span>
      </div>
      <div>
        <button className="btn btn-primary" type="submit" disabled={busy || path.trim() === ''}>
          {busy ? 'Reading…' : 'Preview'}
        </button>
      </div>
    </form>
  );
}
