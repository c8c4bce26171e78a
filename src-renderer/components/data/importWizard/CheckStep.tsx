// Step 3: the whole file checked: how many rows go in and why others are kept aside, and the
// questions the check could not answer itself. Import stays off until each is answered, and
// while the file is checked again (the counts shown are the last check's, not the choices').
import { ProgressBar } from '../ProgressBar.tsx';
import { RepeatedLines } from './RepeatedLines.tsx';
import { ValueDestinations } from './ValueDestinations.tsx';
import { pendingValues } from './wizardRules.ts';
import { CoarseBandsQuestion, DateOrderQuestion, UnmappedQuestion } from './CheckQuestions.tsx';
import { RejectedSample, RejectionReasons } from './RejectionTables.tsx';
import type { ImportWizardState } from './useImportWizard.ts';

const number = new Intl.NumberFormat('en-GB');

export function CheckStep({
  wizard,
  categoriesOf,
}: {
  wizard: ImportWizardState;
  categoriesOf(column: string): string[];
}) {
  const {
    analysis,
    mapping,
    importAgain,
    setImportAgain,
    dateOrder,
    duplicateRows,
    setDuplicateRows,
    setRecode,
    keepBands,
    unmappedChoice,
    profileName,
    setProfileName,
    goTo,
    check,
    runImport,
  } = wizard;
  const { busy, progress, cancel } = wizard.long;
  return (
    <div className="stack">
      {busy ? <ProgressBar progress={progress} onCancel={cancel} label="Checking every row" /> : null}
      {!analysis && !busy ? (
        // The check failed (a mapping it cannot use, an unreadable file): the way back is here.
        <div className="row">
          <button className="btn" type="button" onClick={() => goTo('mapping')}>
            Back to columns
          </button>
          <button className="btn" type="button" onClick={() => void check()}>
            Check again
          </button>
        </div>
      ) : null}
      {analysis ? (
        <>
          <div className="summary-grid">
            <div>
              <span className="big" data-testid="would-accept">
                {number.format(analysis.wouldAccept)}
              </span>
              <span className="muted">rows will be imported</span>
            </div>
            <div>
              <span className="big" data-testid="would-reject">
                {number.format(analysis.wouldReject)}
              </span>
              <span className="muted">rows will be kept aside as rejected, with their reasons</span>
            </div>
          </div>
          {analysis.duplicateFileOf !== null ? (
            <div className="alert alert-warning" role="status">
              This exact file was already imported (batch {analysis.duplicateFileOf}).{' '}
              <label className="check">
                <input type="checkbox" checked={importAgain} onChange={(e) => setImportAgain(e.target.checked)} />{' '}
                Import it again anyway
              </label>
            </div>
          ) : null}
          {analysis.warnings.map((w) => (
            <p key={w} className="alert alert-warning">
              {w}
            </p>
          ))}
          <RejectionReasons analysis={analysis} />
          <DateOrderQuestion wizard={wizard} />
          <RepeatedLines analysis={analysis} choice={duplicateRows} onChoose={setDuplicateRows} />
          <ValueDestinations
            destinations={analysis.valueDestinations}
            mapping={mapping}
            categoriesOf={categoriesOf}
            onRecode={setRecode}
          />
          <CoarseBandsQuestion wizard={wizard} />
          <UnmappedQuestion wizard={wizard} />
          <RejectedSample analysis={analysis} />
          <label className="inline-field">
            Save this mapping as a profile
            <input
              aria-label="Profile name"
              value={profileName}
              onChange={(e) => setProfileName(e.target.value)}
              placeholder="e.g. Police victims extract"
            />
          </label>
          <div className="row">
            <button className="btn" type="button" onClick={() => goTo('mapping')}>
              Back to columns
            </button>
            <button className="btn" type="button" disabled={busy} onClick={() => void check()}>
              Check again
            </button>
            <button
              className="btn btn-primary"
              type="button"
              onClick={() => void runImport()}
              disabled={
                busy ||
                (analysis.duplicateFileOf !== null && !importAgain) ||
                (pendingValues(analysis, mapping, keepBands) > 0 && unmappedChoice === '') ||
                (analysis.dateOrderQuestion && dateOrder === 'auto')
              }
            >
              Import {number.format(analysis.wouldAccept)} rows
            </button>
          </div>
        </>
      ) : null}
    </div>
  );
}
