// Report: export saved figures, compose one-page infographics, and collect both into a report
// pack built to a folder. Three tabs over the same workspace; each export passes disclosure
// control and is written to the audit log.
import { useEffect, useState } from 'react';
import { useReportSources } from '../data/report.ts';
import { FigureList } from '../components/report/FigureList.tsx';
import { InfographicEditor } from '../components/report/InfographicEditor.tsx';
import { ReportBuilder } from '../components/report/ReportBuilder.tsx';
import { useWorkspace } from '../state/WorkspaceContext.tsx';
import { NoWorkspace } from '../components/NoWorkspace.tsx';

type Tab = 'figures' | 'infographic' | 'report';

const TABS: ReadonlyArray<{ id: Tab; label: string }> = [
  { id: 'figures', label: 'Figures' },
  { id: 'infographic', label: 'Infographic' },
  { id: 'report', label: 'Report pack' },
];

export function ReportScreen({ onNavigate }: { onNavigate(screen: 'start' | 'data' | 'explore'): void }) {
  const { status } = useWorkspace();
  const open = status?.state === 'open';
  const [tab, setTab] = useState<Tab>('figures');
  const sources = useReportSources(open ? (status.path ?? '') : null);
  const { figures, infographics, datasets, reload } = sources;
  // Each tab shows the lists as they are now (an infographic saved on one tab is in the report's list).
  useEffect(() => reload(), [tab]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    document.title = 'Report · VSO Workbench';
  }, []);

  if (!open) {
    return (
      <NoWorkspace
        title="Report"
        reason="Figures, infographics and reports live inside a workspace. Open or create one first."
        onStart={() => onNavigate('start')}
      />
    );
  }

  return (
    <section className="screen screen-wide report" aria-labelledby="screen-title">
      <header className="explore-header">
        <h1 id="screen-title" tabIndex={-1}>
          Report
        </h1>
        <div className="segmented" role="tablist" aria-label="Report sections">
          {TABS.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              aria-selected={tab === t.id}
              className={tab === t.id ? 'seg seg-on' : 'seg'}
              onClick={() => setTab(t.id)}
            >
              {t.label}
            </button>
          ))}
        </div>
        <p className="screen-summary">
          {tab === 'figures'
            ? 'Export saved figures as charts (PNG, SVG, PDF) or tables (XLSX, CSV).'
            : tab === 'infographic'
              ? 'One page of headline numbers and small charts, counted live from the workspace.'
              : 'An ordered list of figures and infographics, built to a folder in one step.'}
        </p>
      </header>
      <div role="tabpanel" aria-label={TABS.find((t) => t.id === tab)?.label}>
        {tab === 'figures' ? <FigureList figures={figures} onExplore={() => onNavigate('explore')} /> : null}
        {/* Kept mounted while hidden, so unsaved work survives a look at another tab. */}
        <div hidden={tab !== 'infographic'}>
          <InfographicEditor datasets={datasets} figures={figures ?? []} onData={() => onNavigate('data')} />
        </div>
        <div hidden={tab !== 'report'}>
          <ReportBuilder
            figures={figures ?? []}
            infographics={infographics}
            onExplore={() => onNavigate('explore')}
            onInfographic={() => setTab('infographic')}
          />
        </div>
      </div>
    </section>
  );
}
