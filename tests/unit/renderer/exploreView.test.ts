// Explore's view as one value: a saved figure opened into it gives back the figure's own spec
// (measure, rate, percentages, period, filters, groups, chart and words), a new dataset drops
// what does not carry over, and choosing a measure keeps or drops the rate as it should.
import { describe, expect, it } from 'vitest';
import type { SavedFigure } from '../../../shared/contract/figures.ts';
import { FigureSpecSchema, type FigureSpec } from '../../../shared/figure.ts';
import type { Filter } from '../../../shared/query.ts';
import {
  defaultView,
  figureKind,
  figureOf,
  specOf,
  usesRepeatWindow,
  viewOfFigure,
  withCohort,
  withMeasure,
} from '../../../src-renderer/state/explore/exploreView.ts';

function saved(input: unknown): SavedFigure {
  const figure = FigureSpecSchema.parse(input);
  return { id: 1, name: figure.name, figure, changed: false, createdAt: '', updatedAt: '' };
}

/** A flag's `equals` and its Yes/No category are the same filter; sorted by field as the screen sends them. */
function normalised(filters: readonly Filter[]): Filter[] {
  return filters
    .map((f): Filter => (f.kind === 'equals' ? { kind: 'in', field: f.field, in: [f.equals ? 'Yes' : 'No'] } : f))
    .sort((a, b) => a.field.localeCompare(b.field));
}

const FIGURES = [
  {
    name: 'Victim rate by district',
    title: 'Victims per 1,000 residents by district, 2022/23',
    chart: 'map',
    query: {
      cohort: 'victims',
      filters: [{ field: 'financial_year', in: ['2022/23'] }],
      rows: ['district'],
      rate: { per: 1000, population: 'Residents, Census 2021 (sample)' },
    },
  },
  {
    name: 'Domestic abuse victims by year',
    title: 'Domestic abuse victims by financial year',
    notes: 'Persons, not records',
    chart: 'line',
    query: {
      cohort: 'victims',
      filters: [{ field: 'domestic_abuse', equals: true }],
      rows: ['financial_year'],
      measure: 'persons',
    },
  },
  {
    name: 'Suspect outcomes by ethnicity',
    title: 'Suspect outcomes by ethnicity',
    chart: 'stacked100',
    keepEmpty: true,
    query: {
      cohort: 'suspects',
      filters: [
        { field: 'date', from: '2022-04-01', to: '2022-06-30' },
        { field: 'sex', notIn: ['Unknown'] },
      ],
      rows: ['ethnicity'],
      cols: ['outcome_group'],
      percent: 'row',
      stats: true,
      disclosure: { threshold: 10, secondary: true, round: 5, suppressZeros: true },
      groups: { ethnicity: [{ label: 'Other', members: ['Mixed', 'Other'] }] },
    },
  },
  {
    name: 'Repeat victims over two years',
    title: 'Computed repeat victimisation by district, 24-month window',
    chart: 'bar',
    query: {
      cohort: 'victims',
      filters: [{ field: 'repeat_person', in: ['Yes'] }],
      rows: ['district'],
      cols: ['repeat_record'],
      measure: 'persons',
      window: { days: 730 },
    },
  },
  {
    name: 'Days to outcome',
    title: 'Days from offence to outcome by offence group and sex, 2022/23',
    chart: 'outcome',
    query: {
      cohort: 'suspects',
      filters: [
        { field: 'financial_year', in: ['2022/23'] },
        { field: 'outcome_timed', equals: true },
      ],
      rows: ['offence_group'],
      cols: ['sex'],
      timeToOutcome: true,
    },
  },
];

describe('a saved figure reopened in Explore', () => {
  it('asks for time to outcome only while the table still counts suspects’ timed records', () => {
    const view = viewOfFigure(saved(FIGURES.find((f) => f.chart === 'outcome')));
    expect(specOf(view).timeToOutcome).toBe(true);
    expect(specOf({ ...view, selections: {} }).timeToOutcome).toBeUndefined();
    expect(specOf({ ...view, rows: ['offence_group', 'age_band'] }).timeToOutcome).toBeUndefined();
    expect(specOf({ ...view, chart: 'bar' }).timeToOutcome).toBeUndefined();
  });

  for (const input of FIGURES) {
    it(`gives back “${input.name}” exactly`, () => {
      const figure = saved(input);
      const view = viewOfFigure(figure);
      const spec = specOf(view);
      const original = figure.figure.query;
      expect({ ...spec, filters: normalised(spec.filters) }).toEqual({
        ...original,
        filters: normalised(original.filters),
      });
      expect(view.chart).toBe(figure.figure.chart);
      expect(view.keepEmpty).toBe('keepEmpty' in input && input.keepEmpty === true);
      expect(view.title).toBe(figure.figure.title);
      expect(view.notes).toBe(figure.figure.notes);
      expect(view.figureName).toBe(figure.name);
      // Saving it again without a change keeps its kind (chart and what it counts).
      const again: FigureSpec = figureOf(view, spec, view.chart);
      expect(figureKind(again)).toBe(figureKind(figure.figure));
      expect(again.keepEmpty).toBe(figure.figure.keepEmpty);
    });
  }

  it('names a rate figure’s kind, and counts as another kind', () => {
    const rate = saved(FIGURES[0]).figure;
    expect(figureKind(rate)).toBe('district map of rates per 1,000 residents');
    expect(figureKind({ ...rate, query: { ...rate.query, rate: undefined } })).toBe('district map of records');
  });
});

describe('the repeat window', () => {
  const base = { ...defaultView(), window: { days: 90 } };
  it('is sent while a row, column or filter uses a repeat field, and only then', () => {
    expect(specOf(base).window).toBeUndefined();
    expect(specOf({ ...base, rows: ['repeat_next_gap'] }).window).toEqual({ days: 90 });
    expect(specOf({ ...base, cols: ['repeat_person'] }).window).toEqual({ days: 90 });
    const filtered = { ...base, selections: { repeat_in_window: { mode: 'in' as const, values: ['2'] } } };
    expect(specOf(filtered).window).toEqual({ days: 90 });
    // An emptied filter is no filter: the table no longer depends on the window.
    const emptied = { ...base, selections: { repeat_in_window: { mode: 'in' as const, values: [] } } };
    expect(specOf(emptied).window).toBeUndefined();
    expect(usesRepeatWindow(emptied)).toBe(false);
  });

  it('is absent until the analyst sets one, so the engine uses its default', () => {
    expect(specOf({ ...defaultView(), rows: ['repeat_record'] }).window).toBeUndefined();
  });
});

describe('changing the view', () => {
  it('drops filters, groups and the rate with another dataset, keeps the rest', () => {
    const view = {
      ...viewOfFigure(saved(FIGURES[0])),
      selections: { sex: { mode: 'in' as const, values: ['Female'] } },
      stats: true,
    };
    const next = withCohort(view, 'offenders');
    expect(next).toMatchObject({ cohort: 'offenders', selections: {}, groups: {}, rate: null, stats: true });
    expect(next.rows).toEqual(['sentence_type']);
    expect(withCohort(view, 'context:street_crime')).toMatchObject({ rows: [], cols: [], measure: 'records' });
  });

  it('draws journeys as a flow, kept in the spec with their window, and bars again elsewhere', () => {
    const journeys = { ...withCohort(defaultView(), 'journeys'), journeyWindowDays: 7 };
    expect(journeys).toMatchObject({ rows: [], cols: [], chart: 'flow' });
    expect(specOf(journeys)).toMatchObject({ cohort: 'journeys', journeyWindowDays: 7 });
    const back = withCohort(journeys, 'victims');
    expect(back.chart).toBe('bar');
    expect(specOf(back).journeyWindowDays).toBeUndefined();
    expect(withCohort({ ...defaultView(), chart: 'donut' }, 'journeys').chart).toBe('flow');
    const reopened = viewOfFigure(saved({ name: 'j', chart: 'flow', query: specOf(journeys) }));
    expect(reopened).toMatchObject({ cohort: 'journeys', chart: 'flow', journeyWindowDays: 7 });
  });

  it('chooses a rate against the first population table, and drops it for counts', () => {
    const base = defaultView();
    expect(withMeasure(base, 'rate', ['ONS 2023', 'ONS 2022']).rate).toEqual({ per: 1000, population: 'ONS 2023' });
    expect(withMeasure(base, 'rate', [])).toBe(base);
    const rated = withMeasure(base, 'rate', ['ONS 2023']);
    expect(withMeasure(rated, 'persons', ['ONS 2023'])).toMatchObject({ measure: 'persons', rate: null });
  });
});
