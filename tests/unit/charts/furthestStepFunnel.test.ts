// A table of furthest steps (the victims' services path) drawn as a funnel: a step's bar is
// everyone who reached it at least (its count and every later step's, summed here apart),
// Unknown is off the path, a hidden later step hides the bars before it, and the rates are
// taken over those sums. Any other ordered field is drawn step by step as before.
import { describe, expect, it } from 'vitest';
import { funnelModel } from '../../../shared/chartFunnel.ts';
import { SERVICES_STEPS } from '../../../shared/codebook.ts';
import { handResult } from '../export/fakeResults.ts';
import { labelOf } from '../export/fixtureTables.ts';

function steps(counts: number[], keys: string[] = [...SERVICES_STEPS, 'Unknown']) {
  return handResult({
    rows: ['services_step'],
    rowKeys: keys.map((k) => [k]),
    cols: [],
    colKeys: [],
    counts: counts.map((v) => [v]),
  });
}

describe('the funnel of furthest steps', () => {
  it('draws each step as those who reached it at least, reaching none and Unknown left out', () => {
    const counts = [500, 120, 80, 300, 40];
    const model = funnelModel(steps(counts), { labelOf });
    expect(model.steps.map((s) => s.label)).toEqual(SERVICES_STEPS.slice(1));
    const reached = [1, 2, 3].map((k) => counts.slice(k, SERVICES_STEPS.length).reduce((a, b) => a + b, 0));
    expect(model.steps.map((s) => s.value)).toEqual(reached);
    expect(reached).toEqual([500, 380, 300]);
    expect(model.steps[1]?.ofPrevious).toBeCloseTo((100 * 380) / 500, 10);
    expect(model.steps[2]?.ofFirst).toBeCloseTo((100 * 300) / 500, 10);
  });

  it('hides every step whose sum would need a suppressed later step', () => {
    const model = funnelModel(steps([500, 120, 80, 3], [...SERVICES_STEPS]), { labelOf });
    expect(model.steps.map((s) => s.value)).toEqual([null, null, null]);
    expect(model.steps.every((s) => s.mark === '[c]')).toBe(true);
    const early = funnelModel(steps([500, 3, 80, 300], [...SERVICES_STEPS]), { labelOf });
    expect(early.steps.map((s) => s.value)).toEqual([null, 380, 300]);
    expect(early.steps[2]?.ofPrevious).toBeCloseTo((100 * 300) / 380, 10);
  });

  it('leaves any other ordered field step by step', () => {
    const result = handResult({
      rows: ['age_band'],
      rowKeys: [['18-24'], ['25-34']],
      cols: [],
      colKeys: [],
      counts: [[80], [50]],
    });
    expect(funnelModel(result, { labelOf }).steps.map((s) => s.value)).toEqual([80, 50]);
  });
});
