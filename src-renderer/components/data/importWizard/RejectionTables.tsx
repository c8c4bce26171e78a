// The check's tables: rows kept aside by reason, and a sample of them with why.
import type { ImportAnalysis } from '../../../../shared/contract/data.ts';

const number = new Intl.NumberFormat('en-GB');

export function RejectionReasons({ analysis }: { analysis: ImportAnalysis }) {
  if (Object.keys(analysis.reasons).length === 0) return null;
  return (
    <table className="data small" aria-label="Rejection reasons">
      <thead>
        <tr>
          <th>Reason</th>
          <th className="num">Rows</th>
        </tr>
      </thead>
      <tbody>
        {Object.entries(analysis.reasons).map(([reason, count]) => (
          <tr key={reason}>
            <td>{reason.replace(/_/g, ' ')}</td>
            <td className="num">{number.format(count)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function RejectedSample({ analysis }: { analysis: ImportAnalysis }) {
  if (analysis.sampleRejected.length === 0) return null;
  return (
    <details>
      <summary>Sample of rejected rows ({analysis.sampleRejected.length})</summary>
      <table className="data small" aria-label="Sample of rejected rows">
        <thead>
          <tr>
            <th>Row</th>
            <th>Why</th>
          </tr>
        </thead>
        <tbody>
          {analysis.sampleRejected.slice(0, 20).map((r) => (
            <tr key={r.line}>
              <td className="num">{r.line}</td>
              <td>{r.reasons.map((x) => `${x.column}: “${x.value}” (${x.rule.replace(/_/g, ' ')})`).join('; ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
