// Data: the cohorts as tiles, the import wizard, the geography lookup, context datasets,
// population tables, and the import history.
import { useState } from 'react';
import { useDatasets } from '../data/data.ts';
import { CohortTiles } from '../components/data/CohortTiles.tsx';
import { ImportHistory } from '../components/data/ImportHistory.tsx';
import { ImportWizard } from '../components/data/ImportWizard.tsx';
import { ContextImport } from '../components/data/ContextImport.tsx';
import { GeographyLookup } from '../components/data/GeographyLookup.tsx';
import { DisclosurePolicyCard } from '../components/data/DisclosurePolicyCard.tsx';
import { PopulationTables } from '../components/data/PopulationTables.tsx';
import { useCodebook } from '../state/useCodebook.ts';
import { useWorkspace } from '../state/WorkspaceContext.tsx';
import { NoWorkspace } from '../components/NoWorkspace.tsx';

export function DataScreen({ onNavigate }: { onNavigate(screen: 'start' | 'explore'): void }) {
  const { status, refresh } = useWorkspace();
  const open = status?.state === 'open';
  const codebook = useCodebook(open ? (status.path ?? '') : null);
  const [refreshKey, setRefreshKey] = useState(0);
  const datasets = useDatasets(open ? (status.path ?? '') : null, refreshKey);

  const changed = (): void => {
    setRefreshKey((k) => k + 1);
    void refresh();
  };

  if (!open) {
    return (
      <NoWorkspace
        title="Data"
        reason="Imports go into an encrypted workspace. Create or open one first."
        onStart={() => onNavigate('start')}
      />
    );
  }

  const categoriesOf = (column: string): string[] => codebook?.columns.find((c) => c.name === column)?.categories ?? [];

  return (
    <section className="screen" aria-labelledby="screen-title">
      <header className="screen-header">
        <h1 id="screen-title">Data</h1>
        <p className="screen-summary">
          Import police and probation extracts. Every row is either imported or kept aside with its reasons; nothing is
          dropped silently.
        </p>
      </header>
      <div className="stack">
        <CohortTiles datasets={datasets} synthetic={status.info?.synthetic ?? false} />
        <ImportWizard onDone={changed} categoriesOf={categoriesOf} />
        <GeographyLookup key={status.path ?? ''} />
        <ContextImport onDone={changed} />
        <PopulationTables key={`population-${status.path ?? ''}`} onDone={changed} />
        <ImportHistory refreshKey={refreshKey} onChanged={changed} />
        <DisclosurePolicyCard key={`policy-${status.path ?? ''}`} />
        {datasets.some((d) => d.records > 0) ? (
          <div>
            <button className="btn btn-primary" type="button" onClick={() => onNavigate('explore')}>
              Explore the data
            </button>
          </div>
        ) : null}
      </div>
    </section>
  );
}
