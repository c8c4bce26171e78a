// The import wizard: choose a file and cohort, preview it, confirm the column mapping,
// check the whole file (where every value goes, and how), give each unmapped value a
// destination, answer what cannot be guessed (day/month order, repeated lines, whether a
// first line that reads as data is the header: a file without one is read by position), then
// import with progress and cancel. Nothing is imported while a value has no destination.
// A saved profile made from a file with the same columns is offered (one click applies it);
// every step after the first has a way back; leaving the screen mid-way asks first.
import { useEffect, useRef } from 'react';
import { ErrorAlert } from '../NoWorkspace.tsx';
import { CheckStep } from './importWizard/CheckStep.tsx';
import { ChooseStep } from './importWizard/ChooseStep.tsx';
import { DoneStep } from './importWizard/DoneStep.tsx';
import { MappingStep } from './importWizard/MappingStep.tsx';
import { useImportWizard, type Step } from './importWizard/useImportWizard.ts';
import { ProgressBar } from './ProgressBar.tsx';

const STEPS: ReadonlyArray<{ id: Step; label: string }> = [
  { id: 'choose', label: 'File' },
  { id: 'mapping', label: 'Columns' },
  { id: 'check', label: 'Check' },
  { id: 'importing', label: 'Import' },
  { id: 'done', label: 'Done' },
];

export function ImportWizard({ onDone, categoriesOf }: { onDone(): void; categoriesOf(column: string): string[] }) {
  const wizard = useImportWizard(onDone);
  const { step, preview, mapping, result } = wizard;
  const { progress, error, cancel } = wizard.long;
  return (
    <div className="card wizard" aria-labelledby="wizard-title">
      <h2 id="wizard-title">Import an extract</h2>
      <StepList step={step} />
      <ErrorAlert message={error} />
      {step === 'choose' ? <ChooseStep wizard={wizard} /> : null}
      {step === 'mapping' && preview && mapping ? (
        <MappingStep wizard={wizard} preview={preview} mapping={mapping} />
      ) : null}
      {step === 'check' ? <CheckStep wizard={wizard} categoriesOf={categoriesOf} /> : null}
      {step === 'importing' ? (
        <ProgressBar
          progress={progress}
          onCancel={cancel}
          label="Importing (one transaction: cancel leaves the workspace as it was)"
        />
      ) : null}
      {step === 'done' && result ? <DoneStep result={result} onAgain={wizard.startAgain} /> : null}
    </div>
  );
}

/** The steps, the current one marked; a new step takes focus, since it replaces the controls that had it. */
function StepList({ step }: { step: Step }) {
  const currentStep = useRef<HTMLLIElement>(null);
  const firstStep = useRef(true);
  useEffect(() => {
    if (firstStep.current) {
      firstStep.current = false;
      return;
    }
    currentStep.current?.focus();
  }, [step]);
  return (
    <ol className="steps" aria-label="Import steps">
      {STEPS.map((s, i) => (
        <li
          key={s.id}
          className={s.id === step ? 'current' : undefined}
          aria-current={s.id === step ? 'step' : undefined}
          ref={s.id === step ? currentStep : undefined}
          tabIndex={s.id === step ? -1 : undefined}
        >
          {i + 1}. {s.label}
        </li>
      ))}
    </ol>
  );
}
