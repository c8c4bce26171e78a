// Saved figures the report tests use: specs as an analyst would save them in Explore.
import type { z } from 'zod';
import type { FigureSpecSchema } from '../../../shared/figure.ts';

export type FigureInput = z.input<typeof FigureSpecSchema>;

/** Victims by district and sex over every date in the workspace. */
export function districtFigure(name: string): FigureInput {
  return {
    name,
    title: 'Victims by district and sex',
    chart: 'bar',
    query: { cohort: 'victims', rows: ['district'], cols: ['sex'] },
  };
}

/** Victims by financial year: a row per year, so next year's import adds a row. */
export function yearFigure(name: string): FigureInput {
  return {
    name,
    title: 'Victims by financial year',
    chart: 'line',
    query: { cohort: 'victims', rows: ['financial_year'] },
  };
}
