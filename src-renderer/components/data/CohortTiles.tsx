// The three cohorts (and any context datasets) as tiles: records, persons (none for a context
// dataset), period, and completeness per column.
import type { DatasetSummary } from '../../../shared/contract/engine.ts';

const number = new Intl.NumberFormat('en-GB');

export function CohortTiles({ datasets, synthetic }: { datasets: DatasetSummary[]; synthetic: boolean }) {
  return (
    <div className="tiles">
      {datasets.map((d) => {
        const completeness = Object.entries(d.completeness).sort((a, b) => a[1] - b[1]);
        const context = d.name.startsWith('context:');
        return (
          <article key={d.name} className="card tile" aria-labelledby={`tile-${d.name}`}>
            <h2 id={`tile-${d.name}`}>
              {d.label} {context ? <span className="badge">Context dataset</span> : null}{' '}
              {synthetic && !context ? <span className="badge badge-synthetic">Synthetic</span> : null}
            </h2>
            <dl className="tile-facts">
              <div>
                <dt>Records</dt>
                <dd data-testid={`tile-records-${d.name}`}>{number.format(d.records)}</dd>
              </div>
              <div>
                <dt>Persons</dt>
                <dd title={context ? 'A context dataset has no persons: it counts records.' : undefined}>
                  {context ? '—' : number.format(d.persons)}
                </dd>
              </div>
              <div className="wide">
                <dt>Period</dt>
                <dd>{d.firstDate && d.lastDate ? `${d.firstDate} to ${d.lastDate}` : 'No records'}</dd>
              </div>
            </dl>
            {d.records > 0 ? (
              <details>
                <summary>Completeness by column</summary>
                <ul className="completeness">
                  {completeness.map(([column, share]) => (
                    <li key={column}>
                      <span>{column}</span>
                      <span className="meter" aria-hidden="true">
                        <span
                          style={{ width: `${Math.round(share * 100)}%` }}
                          className={share < 0.8 ? 'low' : undefined}
                        />
                      </span>
                      <span className="num">{Math.round(share * 100)}%</span>
                    </li>
                  ))}
                </ul>
              </details>
            ) : null}
          </article>
        );
      })}
    </div>
  );
}
