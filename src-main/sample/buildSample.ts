// The sample workspace (issue 11): synthetic records of all three cohorts over the
// generator's financial years, a population table, the geography lookup of the generator's
// LSOAs (so a street-crime file with only LSOA codes gets districts), saved figures, an
// infographic of each template and a report, so a newcomer sees every feature at once. It is
// marked synthetic in the workspace itself, and every screen and export says so.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COHORTS, NO_NEEDS, OTHER_COMBINATIONS, UNKNOWN, type Cohort } from '../../shared/codebook.ts';
import type { FigureSpec } from '../../shared/figure.ts';
import { DEFAULT_DISCLOSURE, type QuerySpecInput } from '../../shared/query.ts';
import type { Progress } from '../../shared/protocol.ts';
import { AppError } from '../../shared/errors.ts';
import { generateFixture } from './generator/generate.ts';
import { writeLsoaLookup } from './generator/lsoaLookup.ts';
import { POPULATION_SAMPLE_PATH } from './generator/population.ts';
import { withAnalysis } from '../app/application.ts';
import { latestFinancialYear } from '../app/analysis/datasetSummaries.ts';
import { saveQueriedFigure } from '../app/analysis/figureLibrary.ts';
import { importExtract } from '../app/import/extractImport.ts';
import { importGeographyLookup, importPopulationInCodebookLayout } from '../app/import/referenceTables.ts';
import { createSyntheticWorkspace, type Workspace } from '../app/lifecycle/workspaceFiles.ts';
import { saveTemplateInfographic, storeReport, TEMPLATE_NAMES } from '../app/publication/documentLibrary.ts';

export const SAMPLE_POPULATION = 'Residents, Census 2021 (sample)';
export const SAMPLE_REPORT = 'Needs assessment (sample)';
const SAMPLE_ROWS: Record<Cohort, number> = { victims: 26_000, suspects: 15_000, offenders: 9_000 };

export interface SampleSummary {
  path: string;
  records: Record<Cohort, number>;
  figures: string[];
  infographics: string[];
  report: string;
}

function figure(
  name: string,
  title: string,
  chart: FigureSpec['chart'],
  query: QuerySpecInput,
  notes = '',
): { name: string; title: string; notes: string; chart: FigureSpec['chart']; query: QuerySpecInput } {
  return { name, title, notes, chart, query: { disclosure: DEFAULT_DISCLOSURE, ...query } };
}

function sampleFigures(latestYear: string) {
  const year = [{ field: 'financial_year', in: [latestYear] }];
  return [
    figure('Victims by offence group and sex', `Victims by offence group and sex, ${latestYear}`, 'hbar', {
      cohort: 'victims',
      filters: year,
      rows: ['offence_group'],
      cols: ['sex'],
    }),
    figure('Victims by age and sex', `Victims by age band and sex, ${latestYear}`, 'pyramid', {
      cohort: 'victims',
      filters: year,
      rows: ['age_band'],
      cols: ['sex'],
    }),
    figure('Victim rate by district', `Victims per 1,000 residents by district, ${latestYear}`, 'map', {
      cohort: 'victims',
      filters: year,
      rows: ['district'],
      rate: { per: 1000, population: SAMPLE_POPULATION },
    }),
    figure('Domestic abuse victims by year', 'Domestic abuse victims by financial year', 'line', {
      cohort: 'victims',
      filters: [{ field: 'domestic_abuse', equals: true }],
      rows: ['financial_year'],
      measure: 'persons',
    }),
    figure('Suspect outcomes by ethnicity', `Suspect outcomes by ethnicity, ${latestYear}`, 'stacked100', {
      cohort: 'suspects',
      filters: year,
      rows: ['ethnicity'],
      cols: ['outcome_group'],
      percent: 'row',
    }),
    figure('Offender drug need by sex', `Offenders with a drugs need, by sex, ${latestYear}`, 'bar', {
      cohort: 'offenders',
      filters: year,
      rows: ['need_drugs'],
      cols: ['sex'],
      stats: true,
    }),
    ...analysesFigures(year, latestYear),
  ];
}

/** The analyses computed from the records: journeys, the victims' services funnel, needs and needs together. */
function analysesFigures(year: { field: string; in: string[] }[], latestYear: string) {
  return [
    figure(
      'Journeys across cohorts',
      'Persons in more than one cohort: the role they were seen in first, and then',
      'flow',
      { cohort: 'journeys', measure: 'persons' },
      'A person counts once for each pair of cohorts they are in.',
    ),
    figure(
      'Victims’ services funnel',
      `Victims entitled to enhanced rights, referred and using a service, ${latestYear}`,
      'funnel',
      {
        cohort: 'victims',
        filters: year,
        rows: ['services_step'],
      },
      'Each step counts the victims who reached it at least.',
    ),
    figure(
      'Offender needs combinations',
      `The most common combinations of offender needs, ${latestYear}`,
      'combinations',
      {
        cohort: 'offenders',
        filters: [...year, { field: 'needs_combination', notIn: [NO_NEEDS, OTHER_COMBINATIONS, UNKNOWN] }],
        rows: ['needs_combination'],
        measure: 'persons',
      },
    ),
    figure(
      'Offender needs together',
      `Offenders with two needs flagged together, ${latestYear}`,
      'heatmap',
      { cohort: 'needs', filters: year, measure: 'persons' },
      'Read across a row: of the offenders with that need, how many also have each other need.',
    ),
  ];
}

/** Between the build's steps: a cancel stops it there (the half-built file is then removed). */
function stopIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true)
    throw new AppError('CANCELLED', 'Making the sample workspace was cancelled; no sample file was left.');
}

export async function buildSampleWorkspace(
  path: string,
  passphrase: string,
  onProgress: (progress: Progress) => void = () => undefined,
  signal?: AbortSignal,
): Promise<{ workspace: Workspace; summary: SampleSummary }> {
  stopIfCancelled(signal);
  const workspace = await createSyntheticWorkspace(path, passphrase);
  const scratch = mkdtempSync(join(tmpdir(), 'vso-sample-'));
  const total = COHORTS.length + 2;
  const step = (progress: Progress): void => {
    onProgress(progress);
    stopIfCancelled(signal);
  };
  try {
    workspace.audit.append('sample.create', { note: 'synthetic records generated for trying the app' });
    for (const [i, cohort] of COHORTS.entries()) {
      step({ phase: `Generating and importing synthetic ${cohort}`, done: i, total });
      const file = join(scratch, `sample-${cohort}.csv`);
      await generateFixture({ cohort, rows: SAMPLE_ROWS[cohort], seed: 2026, dialect: 'canonical', out: file });
      stopIfCancelled(signal);
      await importExtract(workspace, { cohort, path: file, ...(signal === undefined ? {} : { signal }) });
    }
    step({ phase: 'Population table, geography lookup, figures and infographics', done: COHORTS.length, total });
    await importPopulationInCodebookLayout(workspace, SAMPLE_POPULATION, POPULATION_SAMPLE_PATH);
    const lookup = join(scratch, 'sample-lsoa-lookup.csv');
    await writeLsoaLookup(lookup);
    stopIfCancelled(signal);
    await importGeographyLookup(workspace, lookup);
    step({ phase: 'Figures and infographics', done: COHORTS.length + 1, total });

    return await withAnalysis(workspace, async (analysis) => {
      const latestYear = latestFinancialYear(workspace, 'victims') ?? '2022/23';
      const figures = sampleFigures(latestYear);
      for (const f of figures) {
        stopIfCancelled(signal);
        await saveQueriedFigure(workspace, analysis, f);
      }
      const infographics = TEMPLATE_NAMES.map((name) =>
        saveTemplateInfographic(workspace, name, latestYear, { population: SAMPLE_POPULATION }),
      );
      storeReport(workspace, {
        name: SAMPLE_REPORT,
        items: [
          ...figures.map((f) => ({ kind: 'figure' as const, name: f.name })),
          ...infographics.map((name) => ({ kind: 'infographic' as const, name })),
        ],
      });
      onProgress({ phase: 'Done', done: total, total });
      const info = workspace.info();
      return {
        workspace,
        summary: {
          path: workspace.path,
          records: info.counts,
          figures: figures.map((f) => f.name),
          infographics,
          report: SAMPLE_REPORT,
        },
      };
    });
  } catch (error) {
    workspace.close();
    // The file, any side file SQLite left beside it and the lock file made for it moments ago
    // (no other process can want the lock of a file that is gone): no half-built sample stays.
    for (const suffix of ['', '-wal', '-shm', '-journal', '.lock']) rmSync(`${path}${suffix}`, { force: true });
    throw error;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
