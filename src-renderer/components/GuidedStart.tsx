// The guided start: five short steps from the sample workspace to an exported infographic.
// Skippable, remembered once done (in this browser profile, no personal data), and
// available again from Help.
import type { ScreenId } from '../App.tsx';

export const TOUR_DONE_KEY = 'vso.guidedStartDone';

export const TOUR_STEPS: ReadonlyArray<{ title: string; text: string; screen: ScreenId }> = [
  {
    title: 'Open the sample',
    text: 'On Start, choose “Try it with sample data”. It makes a workspace of synthetic records; note its passphrase.',
    screen: 'start',
  },
  {
    title: 'Filter',
    text: 'In Explore, click a district in the filters on the left. The counts and the table follow.',
    screen: 'explore',
  },
  {
    title: 'Build a cross-tab',
    text: 'Add a column field, switch on Statistics, and read chi-square and Cramér’s V under the table.',
    screen: 'explore',
  },
  {
    title: 'Save a figure',
    text: 'Give the view a title and a name, then “Save as figure”. It redraws on next year’s data.',
    screen: 'explore',
  },
  {
    title: 'Export an infographic',
    text: 'In Report, pick the victims template and export it as PNG, SVG or PDF.',
    screen: 'report',
  },
];

export function GuidedStart({
  step,
  onStep,
  onClose,
  onGo,
}: {
  step: number;
  onStep(step: number): void;
  onClose(done: boolean): void;
  onGo(screen: ScreenId): void;
}) {
  const current = TOUR_STEPS[step];
  if (current === undefined) return null;
  const last = step === TOUR_STEPS.length - 1;
  return (
    <aside className="tour" role="dialog" aria-modal="false" aria-labelledby="tour-title">
      <div>
        <p className="tour-count">
          Guided start · step {step + 1} of {TOUR_STEPS.length}
        </p>
        <h2 id="tour-title">{current.title}</h2>
      </div>
      <p>{current.text}</p>
      <div className="row">
        <button type="button" className="btn btn-small" onClick={() => onGo(current.screen)}>
          Take me there
        </button>
        {step > 0 ? (
          <button type="button" className="btn btn-small" onClick={() => onStep(step - 1)}>
            Back
          </button>
        ) : null}
        <button
          type="button"
          className="btn btn-small btn-primary"
          onClick={() => (last ? onClose(true) : onStep(step + 1))}
        >
          {last ? 'Finish' : 'Next'}
        </button>
        <button type="button" className="btn btn-small" onClick={() => onClose(true)}>
          Skip the tour
        </button>
      </div>
    </aside>
  );
}
