// The check's questions it cannot answer itself: which way round day and month are, what
// becomes of age ranges coarser than the bands, and of values with no sure category.
import { hasCoarseBands, pendingValues } from './wizardRules.ts';
import type { ImportWizardState, UnmappedChoice } from './useImportWizard.ts';

export function DateOrderQuestion({ wizard }: { wizard: ImportWizardState }) {
  const { analysis, dateOrder, setDateOrder } = wizard;
  if (!analysis?.dateOrderQuestion) return null;
  return (
    <fieldset className="alert alert-warning">
      <legend>Which way round are day and month?</legend>
      <p className="small">
        Some dates fit only month/day order ({analysis.dateOrder.monthFirstOnly} distinct), others only day/month (
        {analysis.dateOrder.dayFirstOnly}). Choose the order, then check again: dates that fit only the other order are
        rejected with that reason.
      </p>
      <label className="check">
        <input type="radio" name="date-order" checked={dateOrder === 'dmy'} onChange={() => setDateOrder('dmy')} /> Day
        first (31/12/2021)
      </label>
      <label className="check">
        <input type="radio" name="date-order" checked={dateOrder === 'mdy'} onChange={() => setDateOrder('mdy')} />{' '}
        Month first (12/31/2021)
      </label>
    </fieldset>
  );
}

export function CoarseBandsQuestion({ wizard }: { wizard: ImportWizardState }) {
  const { analysis, keepBands, setKeepBands } = wizard;
  if (!(hasCoarseBands(analysis) || keepBands)) return null;
  return (
    <fieldset className="alert alert-warning" data-testid="source-bands">
      <legend>Age ranges coarser than the age bands</legend>
      <p className="small">
        A range such as “over 34” spans several bands and is never put in one. Choose Unknown for it above, or keep the
        ranges as the source wrote them in a column of their own.
      </p>
      <label className="check">
        <input type="checkbox" checked={keepBands} onChange={(e) => setKeepBands(e.target.checked)} /> Make them
        Unknown, and keep every age range as recorded in the column “Age band as recorded” (a dimension in Explore)
      </label>
    </fieldset>
  );
}

export function UnmappedQuestion({ wizard }: { wizard: ImportWizardState }) {
  const { analysis, mapping, keepBands, unmappedChoice, setUnmappedChoice } = wizard;
  if (pendingValues(analysis, mapping, keepBands) === 0) return null;
  return (
    <fieldset className="alert alert-warning" data-testid="unmapped-waiting">
      <legend>
        {pendingValues(analysis, mapping, keepBands)} value(s) have no sure category: choose one for each above, or for
        all of them
      </legend>
      <label className="inline-field">
        Values left without a category
        <select
          aria-label="Values left without a category"
          value={unmappedChoice}
          onChange={(e) => setUnmappedChoice(e.target.value as UnmappedChoice)}
        >
          <option value="">(choose)</option>
          <option value="unknown">Keep their rows, as Unknown</option>
          <option value="reject">Reject their rows</option>
        </select>
      </label>
    </fieldset>
  );
}
