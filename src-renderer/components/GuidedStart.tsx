// The guided start: five short steps from the sample workspace to an exported infographic.
// It follows what the analyst actually does (the sample opened moves it to the next step),
// can be turned off for good (remembered in this browser profile, no personal data), and is
// available again from Help.
import type { ScreenId } from '../state/screens.ts';
import type { ExploreView } from '../state/explore/exploreView.ts';

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

/** What the analyst has done so far, as far as the steps can tell. */
export interface TourFacts {
  sampleOpen: boolean;
  explore: ExploreView | null;
}

const STEP_DONE: ReadonlyArray<(facts: TourFacts) => boolean> = [
  (f) => f.sampleOpen,
  (f) => f.sampleOpen && Object.keys(f.explore?.selections ?? {}).length > 0,
  (f) => f.sampleOpen && (f.explore?.cols.length ?? 0) > 0 && (f.explore?.stats ?? false),
  (f) => f.sampleOpen && (f.explore?.figureName ?? null) !== null,
];

/** The steps done in order from the first: the tour's next step is this one. */
export function tourProgress(facts: TourFacts): number {
  let done = 0;
  while (done < STEP_DONE.length && (STEP_DONE[done] as (f: TourFacts) => boolean)(facts)) done++;
  return done;
}

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
        <button type="button" className="btn btn-small" onClick={() => onClose(false)}>
          Skip the tour
        </button>
        <button type="button" className="btn btn-small" onClick={() => onClose(true)}>
          Don’t show it again
        </button>
      </div>
    </aside>
  );
}
