// Each column of the file, the kind inferred for it (changeable) and whether it is used; a
// dataset that exists keeps its own columns.
import type { ContextColumnDto } from '../../../../shared/contract/data.ts';
import type { ContextImportState } from './useContextImport.ts';

const KINDS: ReadonlyArray<ContextColumnDto['kind']> = ['category', 'date', 'month', 'number', 'text'];
const number = new Intl.NumberFormat('en-GB');

export function ContextColumnsTable({ state, columns }: { state: ContextImportState; columns: ContextColumnDto[] }) {
  const { existingRows, update } = state;
  return (
    <table className="data small mapping-table" aria-label="Context dataset columns">
      <thead>
        <tr>
          <th>Column in the file</th>
          <th>Kind</th>
          <th>Values seen</th>
          <th>Use</th>
        </tr>
      </thead>
      <tbody>
        {columns.map((c) => (
          <tr key={c.source} className={c.included ? 'mapped' : 'unmapped'}>
            <th scope="row">{c.source}</th>
            <td>
              <select
                aria-label={`Kind of ${c.source}`}
                value={c.kind}
                disabled={existingRows !== null}
                onChange={(e) =>
                  update(c.source, {
                    kind: e.target.value as ContextColumnDto['kind'],
                    included: e.target.value !== 'text',
                  })
                }
              >
                {KINDS.map((k) => (
                  <option key={k} value={k}>
                    {k === 'text' ? 'free text (left out)' : k}
                  </option>
                ))}
              </select>
            </td>
            <td className="num">{c.distinct === undefined ? '' : number.format(c.distinct)}</td>
            <td>
              <input
                type="checkbox"
                aria-label={`Use ${c.source}`}
                checked={c.included}
                disabled={existingRows !== null}
                onChange={(e) => update(c.source, { included: e.target.checked })}
              />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
