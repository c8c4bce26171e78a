// Explore: facet filters, the cross-tab builder, the table and a chart kept in sync, and
// saved figures. Its whole view lives in the Explore store above the screens (kept across
// navigation and in the workspace); every request is debounced and superseded by the next.
import { useEffect, type ClipboardEvent } from 'react';
import { footnoteLines } from '../../shared/figure.ts';
import { uncertaintyNotes } from '../../shared/intervals.ts';
import { DEFAULT_JOURNEY_WINDOW_DAYS } from '../../shared/journeys.ts';
import { derivedMarkerFootnotes } from '../../shared/markers.ts';
import { ruleMeetingPolicy } from '../../shared/disclosurePolicy.ts';
import { BuilderBar, type BuilderState } from '../components/explore/BuilderBar.tsx';
import { ExploreFilters } from '../components/explore/ExploreFilters.tsx';
import { ExploreHeader } from '../components/explore/ExploreHeader.tsx';
import { JourneyWindow } from '../components/explore/JourneyWindow.tsx';
import { NeedsPanelPicker } from '../components/explore/NeedsPanelPicker.tsx';
import { needsColumns, needsPanelOf } from '../../shared/needsPanels.ts';
import { FiguresPanel } from '../components/explore/FiguresPanel.tsx';
import { GivenAwayEarlier } from '../components/explore/GivenAwayEarlier.tsx';
import { AdvisorPanel } from '../components/explore/AdvisorPanel.tsx';
import { MergedCategories } from '../components/explore/MergedCategories.tsx';
import { RepeatWindow } from '../components/explore/RepeatWindow.tsx';
import { ChartCard, TableCard } from '../components/explore/ResultCards.tsx';
import { TimeToOutcomeCard } from '../components/explore/TimeToOutcomeCard.tsx';
import { ErrorAlert, NoWorkspace } from '../components/NoWorkspace.tsx';
import { datasetColumns } from '../data/explore.ts';
import { useReportError } from '../data/errorReporter.tsx';
import {
  isAcrossCohorts,
  isNeedsTogether,
  isContext,
  usesRepeatWindow,
  viewOfFigure,
  withAdvice,
  withCohort,
  type ExploreView,
} from '../state/explore/exploreView.ts';
import { useExploreView } from '../state/explore/ExploreViewStore.tsx';
import { defaultContextRows, useExploreModel, type ExploreModel } from '../state/explore/useExploreModel.ts';
import { useWorkspace } from '../state/WorkspaceContext.tsx';

type Update = (change: (view: ExploreView) => ExploreView) => void;

export function ExploreScreen({ onNavigate }: { onNavigate(screen: 'data' | 'start'): void }) {
  const { status } = useWorkspace();
  const { view, update } = useExploreView();
  if (status?.state !== 'open') {
    return (
      <NoWorkspace
        title="Explore"
        reason="Open or create a workspace first; then import an extract to explore it."
        onStart={() => onNavigate('start')}
      />
    );
  }
  if (view === null) {
    return (
      <section className="screen screen-wide explore" aria-labelledby="screen-title" aria-busy="true">
        <h1 id="screen-title" tabIndex={-1}>
          Explore
        </h1>
        <p className="muted">Opening Explore as you left it…</p>
      </section>
    );
  }
  return <ExploreWorkbench view={view} update={update} onNavigate={onNavigate} />;
}

function ExploreWorkbench({
  view,
  update,
  onNavigate,
}: {
  view: ExploreView;
  update: Update;
  onNavigate(screen: 'data' | 'start'): void;
}) {
  const model = useExploreModel(view);
  const report = useReportError();

  // The heading had focus while Explore's saved view was read; keep it there once the screen is drawn.
  useEffect(() => {
    if (document.activeElement === document.body) document.getElementById('screen-title')?.focus();
  }, []);

  useEffect(() => {
    document.title = view.figureName ? `${view.figureName} · Explore · VSO Workbench` : 'Explore · VSO Workbench';
  }, [view.figureName]);

  /** Click-to-filter: a cell or bar becomes a filter on each of its categories. */
  const onPick = (rowKey: string[], colKey: string[]): void =>
    update((v) => {
      let selections = { ...v.selections };
      v.rows.forEach((field, i) => {
        const value = rowKey[i];
        if (value !== undefined && value !== 'Total')
          selections = { ...selections, [field]: { mode: 'in', values: [value] } };
      });
      v.cols.forEach((field, i) => {
        const value = colKey[i];
        if (value !== undefined) selections = { ...selections, [field]: { mode: 'in', values: [value] } };
      });
      return { ...v, selections };
    });

  const changeCohort = (next: string): void => {
    update((v) => withCohort(v, next));
    if (!isContext(next)) return;
    // A context dataset's rows come from its own columns, once they are known.
    datasetColumns(next).then(
      (columns) =>
        update((v) =>
          v.cohort === next && v.rows.length + v.cols.length === 0 ? { ...v, rows: defaultContextRows(columns) } : v,
        ),
      (error: unknown) => report(error, 'Reading the dataset’s columns'),
    );
  };

  /** Copying the table is publishing it too: below the policy, the clipboard gets a note instead. */
  const guardCopy = (event: ClipboardEvent<HTMLDivElement>): void => {
    if (model.shortfalls.length === 0) return;
    event.preventDefault();
    event.stopPropagation();
    event.clipboardData.setData(
      'text/plain',
      `Not copied: this table's disclosure rule is below the workspace's disclosure policy (${model.policy?.description ?? ''}). Meet the policy to copy or export it.`,
    );
  };

  return (
    <section className="screen screen-wide explore" aria-labelledby="screen-title">
      <ExploreHeader
        cohort={view.cohort}
        switches={model.switches}
        period={view.period}
        periodYears={model.periodYears}
        hasPeriod={model.hasPeriod}
        onCohort={changeCohort}
        onPeriod={(period) => update((v) => ({ ...v, period }))}
      />
      {model.totalRecords === 0 ? (
        <div className="empty-state card">
          <h2>No data yet</h2>
          <p>This workspace has no records. Import a victims, suspects or offenders extract to start exploring.</p>
          <button className="btn btn-primary" type="button" onClick={() => onNavigate('data')}>
            Import an extract
          </button>
        </div>
      ) : (
        <div className="explore-body">
          <ExploreFilters
            cohort={view.cohort}
            facets={model.facets.data}
            loading={model.facets.loading}
            selections={view.selections}
            labelOf={model.labelOf}
            onSelections={(change) => update((v) => ({ ...v, selections: change(v.selections) }))}
          />
          <div className="explore-main">
            <ExploreBuilder view={view} model={model} update={update} />
            <ExploreResults view={view} model={model} update={update} onPick={onPick} onCopy={guardCopy} />
            <FiguresPanel
              current={{
                name: view.figureName ?? '',
                title: view.title,
                notes: view.notes,
                chart: model.chart,
                keepEmpty: view.keepEmpty,
                query: model.spec,
              }}
              onNotes={(notes) => update((v) => ({ ...v, notes }))}
              onSaved={(saved) => update((v) => ({ ...v, figureName: saved.name }))}
              onOpen={(saved) => update(() => viewOfFigure(saved))}
            />
          </div>
        </div>
      )}
    </section>
  );
}

/** The builder, merged categories and the disclosure policy's warning. */
function ExploreBuilder({ view, model, update }: { view: ExploreView; model: ExploreModel; update: Update }) {
  const builder: BuilderState = {
    rows: view.rows,
    cols: view.cols,
    measure: view.measure,
    rate: view.rate,
    percent: view.percent,
    stats: view.stats,
    intervals: view.intervals,
    disclosure: view.disclosure,
  };
  const { policy, shortfalls } = model;
  return (
    <>
      {view.cohort === 'journeys' ? (
        <JourneyWindow
          days={view.journeyWindowDays ?? DEFAULT_JOURNEY_WINDOW_DAYS}
          onDays={(days) => update((v) => ({ ...v, journeyWindowDays: days }))}
        />
      ) : null}
      {isNeedsTogether(view.cohort) ? (
        <NeedsPanelPicker
          panel={needsPanelOf(view)}
          labelOf={model.labelOf}
          onPanel={(panel) => update((v) => ({ ...v, cols: needsColumns(panel) }))}
        />
      ) : null}
      {!isAcrossCohorts(view.cohort) && !isNeedsTogether(view.cohort) ? (
        <div id="builder" tabIndex={-1} className="builder-anchor">
          <BuilderBar
            state={builder}
            options={model.dimensions}
            // A context dataset by district is a rate too (crimes per 1,000 residents, say).
            populations={model.populations}
            recordsOnly={model.recordsOnly}
            onChange={(next) => update((v) => ({ ...v, ...next }))}
          />
        </div>
      ) : null}
      {usesRepeatWindow(view) ? (
        <RepeatWindow days={view.window?.days} onDays={(days) => update((v) => ({ ...v, window: { days } }))} />
      ) : null}
      <MergedCategories
        groups={Object.fromEntries(
          Object.entries(view.groups).filter(([field]) => view.rows.includes(field) || view.cols.includes(field)),
        )}
        labelOf={model.labelOf}
        onSplit={(field, label) =>
          update((v) => {
            const left = (v.groups[field] ?? []).filter((group) => group.label !== label);
            const { [field]: _removed, ...rest } = v.groups;
            return { ...v, groups: left.length > 0 ? { ...rest, [field]: left } : rest };
          })
        }
      />
      {policy && shortfalls.length > 0 ? (
        <div className="alert alert-warning" role="status" data-testid="below-policy">
          This rule is below the workspace’s disclosure policy ({policy.description}): {shortfalls.join('; ')}. You can
          explore with it, but exports of this table will be refused.{' '}
          {view.disclosure ? (
            <button
              className="btn"
              type="button"
              onClick={() =>
                update((v) => ({
                  ...v,
                  disclosure: v.disclosure ? ruleMeetingPolicy(v.disclosure, policy.policy) : v.disclosure,
                }))
              }
            >
              Meet the policy
            </button>
          ) : null}
        </div>
      ) : null}
    </>
  );
}

/** Errors, the advisor, and the table and chart of the current result. */
function ExploreResults({
  view,
  model,
  update,
  onPick,
  onCopy,
}: {
  view: ExploreView;
  model: ExploreModel;
  update: Update;
  onPick(rowKey: string[], colKey: string[]): void;
  onCopy(event: ClipboardEvent<HTMLDivElement>): void;
}) {
  const { query, spec } = model;
  const footnote = query.data
    ? [
        ...footnoteLines(spec, model.labelOf, query.data.disclosure, { synthetic: model.synthetic }),
        ...derivedMarkerFootnotes(query.data, spec.percent),
        ...uncertaintyNotes(query.data),
      ]
    : [];
  return (
    <>
      <ErrorAlert message={model.contextError} />
      <ErrorAlert message={query.error} />
      {query.data && query.data.meta.recordsTotal === 0 && !isAcrossCohorts(view.cohort) ? (
        <div className="alert alert-warning" role="status" data-testid="empty-dataset">
          This dataset has no records in this workspace yet: everything counts zero. Import an extract on the Data
          screen.
        </div>
      ) : query.data && query.data.total === 0 ? (
        <div className="alert alert-warning" role="status">
          No records match these filters. Remove a filter or widen the period.
        </div>
      ) : null}
      {query.data ? <GivenAwayEarlier disclosure={query.data.disclosure} /> : null}
      {query.data && !isAcrossCohorts(view.cohort) ? (
        <AdvisorPanel spec={spec} result={query.data} onApply={(next) => update((v) => withAdvice(v, next))} />
      ) : null}
      {query.data ? (
        <div className="explore-results" aria-busy={query.loading}>
          <TableCard
            result={query.data}
            valueLabel={model.valueLabel}
            stats={view.stats}
            labelOf={model.labelOf}
            onPick={onPick}
            onCopy={onCopy}
          />
          <ChartCard
            result={query.data}
            chart={model.chart}
            availability={model.availability}
            title={view.title}
            keepEmpty={view.keepEmpty}
            footnote={footnote}
            valueLabel={model.valueLabel}
            labelOf={model.labelOf}
            onChart={(chart) => update((v) => ({ ...v, chart }))}
            onTitle={(title) => update((v) => ({ ...v, title }))}
            onKeepEmpty={(keepEmpty) => update((v) => ({ ...v, keepEmpty }))}
            onPick={onPick}
          />
        </div>
      ) : query.loading ? (
        <p className="muted">Counting…</p>
      ) : null}
      {view.cohort === 'suspects' ? (
        <TimeToOutcomeCard
          spec={spec}
          labelOf={model.labelOf}
          onOutcomeRates={() => update((v) => ({ ...v, cols: ['outcome_group'], percent: 'row' }))}
        />
      ) : null}
    </>
  );
}
