// Lines repeated in every column: distinct records, or the same record twice? The analyst says.
import type { ImportAnalysis } from '../../../../shared/contract/data.ts';

const number = new Intl.NumberFormat('en-GB');

export function RepeatedLines({
  analysis,
  choice,
  onChoose,
}: {
  analysis: ImportAnalysis;
  choice: 'keep' | 'reject' | undefined;
  onChoose(choice: 'keep' | 'reject'): void;
}) {
  if (analysis.duplicates === 0) return null;
  return (
    <div className="stack">
      <h3 className="h3">
        Lines repeated in every column ({number.format(analysis.duplicates)}
        {analysis.alreadyInWorkspace
          ? `, of which ${number.format(analysis.alreadyInWorkspace)} already in the workspace`
          : ''}
        )
      </h3>
      <p className="muted small">
        Lines alike in every column can be distinct records (police.uk repeats anti-social behaviour lines that are
        separate incidents). Lines with a record reference are the same record twice and are rejected unless you keep
        them.
      </p>
      <label className="inline-field">
        Repeated lines
        <select
          aria-label="Repeated lines"
          value={choice ?? ''}
          onChange={(e) => onChoose(e.target.value as 'keep' | 'reject')}
        >
          <option value="">As found (reject those with a record reference, keep the rest)</option>
          <option value="keep">Keep them all</option>
          <option value="reject">Reject them all</option>
        </select>
      </label>
      <table className="data small" aria-label="Repeated lines">
        <thead>
          <tr>
            <th className="num">First repeated at row</th>
            <th className="num">Copies</th>
            <th>Already in the workspace</th>
            <th>Values</th>
          </tr>
        </thead>
        <tbody>
          {analysis.repeatedLines.slice(0, 20).map((r) => (
            <tr key={r.line}>
              <td className="num">{r.line}</td>
              <td className="num">{r.copies}</td>
              <td>{r.alreadyInWorkspace ? 'yes (an earlier file)' : 'no'}</td>
              <td>{Object.values(r.values).join(' · ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
