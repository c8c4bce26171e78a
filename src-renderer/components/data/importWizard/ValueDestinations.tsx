// Every value of the file, its rows and the category it goes to; a value with no sure
// category waits for the analyst's choice.
import type { MappingDto, ValueDestinationsDto } from '../../../../shared/contract/data.ts';

const number = new Intl.NumberFormat('en-GB');

/** How a value found its category, in words. */
const ROUTE_WORDS: Record<ValueDestinationsDto['values'][number]['how'], string> = {
  rule: 'your choice',
  blank: 'blank',
  exact: 'exact',
  standard: 'standard classification',
  synonym: 'known spelling',
  open: 'new label',
  unmapped: 'no sure category',
};

export function ValueDestinations({
  destinations,
  mapping,
  categoriesOf,
  onRecode,
}: {
  destinations: ValueDestinationsDto[];
  mapping: MappingDto | null;
  categoriesOf(column: string): string[];
  onRecode(column: string, raw: string, label: string): void;
}) {
  if (destinations.length === 0) return null;
  return (
    <div className="stack">
      <h3 className="h3">Where each value goes</h3>
      <p className="muted small">
        Every value of the file, with its rows and the category it goes to. Nothing is guessed: a value with no sure
        category waits for your choice. Then check again.
      </p>
      {destinations.map((d) => {
        const unmapped = d.values.filter((v) => v.how === 'unmapped').length;
        return (
          <details key={d.source} open={unmapped > 0}>
            <summary>
              {d.source} → {d.target}: {d.values.length} value(s)
              {unmapped > 0 ? `, ${unmapped} with no sure category` : ''}
            </summary>
            <table className="data small" aria-label={`Values of ${d.source}`}>
              <thead>
                <tr>
                  <th>Value in the file</th>
                  <th className="num">Rows</th>
                  <th>Goes to</th>
                  <th>How</th>
                </tr>
              </thead>
              <tbody>
                {d.values.slice(0, 200).map((v) => {
                  // A saved profile's rules are keyed as the importer normalises values: its choice is the label.
                  const chosen = mapping?.recodes[d.target]?.[v.value] ?? (v.how === 'rule' ? (v.label ?? '') : '');
                  return (
                    <tr key={v.value} className={v.how === 'unmapped' && chosen === '' ? 'unmapped' : undefined}>
                      <td>{v.value === '' ? '(blank)' : v.value}</td>
                      <td className="num">{number.format(v.count)}</td>
                      <td>
                        {v.how === 'unmapped' || v.how === 'rule' ? (
                          <select
                            aria-label={`Category for ${v.value === '' ? '(blank)' : v.value} in ${d.source}`}
                            value={chosen}
                            onChange={(e) => onRecode(d.target, v.value, e.target.value)}
                          >
                            <option value="">(choose)</option>
                            {categoriesOf(d.target).map((c) => (
                              <option key={c}>{c}</option>
                            ))}
                          </select>
                        ) : (
                          (v.label ?? '(blank)')
                        )}
                      </td>
                      <td className="muted">{ROUTE_WORDS[v.how]}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </details>
        );
      })}
    </div>
  );
}
